/**
 * Loaded relation values of one object (or their snapshot), stored as one small array
 * indexed by the mapper's relation order instead of a `Map` per object: loading 10,000
 * children with their back-reference used to allocate two hash tables per child. The API
 * is the subset of `Map<string, unknown>` the ORM uses; iteration follows the order the
 * relations are declared in.
 */
import type { Mapper } from './mapper.js';

/** The shared snapshot of an empty collection (snapshots are read, never mutated). */
const EMPTY_SNAPSHOT: readonly unknown[] = Object.freeze([]);

/**
 * The snapshot of a relation value: a copy of a collection (the live array may be
 * mutated later), the shared empty array for an empty one (thousands of new objects
 * start with empty collections), or the value itself.
 */
export function snapshotOf(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.length === 0 ? EMPTY_SNAPSHOT : [...(value as unknown[])];
}

/** Marks a slot whose relation is not loaded (`undefined` is a value a slot may not hold). */
const UNSET: unique symbol = Symbol('dbgen.orm.unset');

export class RelationSlots {
  private readonly values: unknown[];
  private count = 0;

  constructor(private readonly mapper: Mapper) {
    const n = mapper.relationNames.length;
    this.values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) this.values[i] = UNSET;
  }

  get size(): number {
    return this.count;
  }

  has(name: string): boolean {
    const i = this.mapper.relationSlot.get(name);
    return i !== undefined && this.values[i] !== UNSET;
  }

  get(name: string): unknown {
    const i = this.mapper.relationSlot.get(name);
    if (i === undefined) return undefined;
    const v = this.values[i];
    return v === UNSET ? undefined : v;
  }

  set(name: string, value: unknown): this {
    const i = this.mapper.relationSlot.get(name);
    if (i === undefined) throw new Error(`${this.mapper.name} has no relation "${name}"`);
    if (this.values[i] === UNSET) this.count++;
    this.values[i] = value;
    return this;
  }

  clear(): void {
    for (let i = 0; i < this.values.length; i++) this.values[i] = UNSET;
    this.count = 0;
  }

  /** Replaces every slot with those of `other` (same mapper); null clears. */
  assign(other: RelationSlots | null): void {
    if (other === null) {
      this.clear();
      return;
    }
    for (let i = 0; i < this.values.length; i++) this.values[i] = other.values[i];
    this.count = other.count;
  }

  /** A copy (for the transaction journal). */
  copy(): RelationSlots {
    const c = new RelationSlots(this.mapper);
    c.assign(this);
    return c;
  }

  /** Sets every loaded slot of `snapshot` to the snapshot of this one's value. */
  snapshotInto(snapshot: RelationSlots): void {
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v === UNSET) continue;
      if (snapshot.values[i] === UNSET) snapshot.count++;
      snapshot.values[i] = snapshotOf(v);
    }
  }

  keys(): string[] {
    const out: string[] = [];
    const names = this.mapper.relationNames;
    for (let i = 0; i < this.values.length; i++)
      if (this.values[i] !== UNSET) out.push(names[i] as string);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<[string, unknown]> {
    const names = this.mapper.relationNames;
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v !== UNSET) yield [names[i] as string, v];
    }
  }

  /** Calls `fn` per loaded relation, in declaration order (no iterator objects). */
  forEach(fn: (value: unknown, name: string) => void): void {
    const names = this.mapper.relationNames;
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v !== UNSET) fn(v, names[i] as string);
    }
  }
}
