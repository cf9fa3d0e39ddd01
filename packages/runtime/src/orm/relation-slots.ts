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

/**
 * One object's loaded relations: `cells[i]` is the value of relation `i` (in the mapper's
 * declaration order) and `cells[n + i]` its snapshot, so loading a relation costs one
 * object and one array however many relations are loaded, not two hash tables.
 */
export class RelationSlots {
  private readonly cells: unknown[];
  private readonly n: number;
  private count = 0;
  private snapCount = 0;
  private view: RelationSnapshot | null = null;

  constructor(private readonly mapper: Mapper) {
    const n = mapper.relationNames.length;
    this.n = n;
    this.cells = new Array<unknown>(2 * n);
    for (let i = 0; i < 2 * n; i++) this.cells[i] = UNSET;
  }

  /** The snapshot half, with the same Map-like API. */
  get snapshot(): RelationSnapshot {
    return (this.view ??= new RelationSnapshot(this));
  }

  get size(): number {
    return this.count;
  }

  private slot(name: string): number {
    const i = this.mapper.relationSlot.get(name);
    if (i === undefined) throw new Error(`${this.mapper.name} has no relation "${name}"`);
    return i;
  }

  has(name: string): boolean {
    const i = this.mapper.relationSlot.get(name);
    return i !== undefined && this.cells[i] !== UNSET;
  }

  get(name: string): unknown {
    return this.read(this.mapper.relationSlot.get(name) ?? -1);
  }

  set(name: string, value: unknown): this {
    this.write(this.slot(name), value);
    return this;
  }

  /** Sets a relation as loaded: its value and its snapshot. */
  setLoaded(name: string, value: unknown): void {
    const i = this.slot(name);
    this.write(i, value);
    this.write(this.n + i, snapshotOf(value));
  }

  clear(): void {
    for (let i = 0; i < this.n; i++) this.cells[i] = UNSET;
    this.count = 0;
  }

  /** Moves every loaded relation's snapshot forward to its current value. */
  snapshotCurrent(): void {
    for (let i = 0; i < this.n; i++) {
      const v = this.cells[i];
      if (v !== UNSET) this.write(this.n + i, snapshotOf(v));
    }
  }

  /** A copy of the snapshot half (for the transaction journal). */
  saveSnapshot(): unknown[] {
    return this.cells.slice(this.n);
  }

  /** Puts back a snapshot half from {@link saveSnapshot}; null clears it. */
  restoreSnapshot(saved: readonly unknown[] | null): void {
    this.snapCount = 0;
    for (let i = 0; i < this.n; i++) {
      const v = saved === null ? UNSET : saved[i];
      this.cells[this.n + i] = v;
      if (v !== UNSET) this.snapCount++;
    }
  }

  keys(): string[] {
    const out: string[] = [];
    const names = this.mapper.relationNames;
    for (let i = 0; i < this.n; i++) if (this.cells[i] !== UNSET) out.push(names[i] as string);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<[string, unknown]> {
    const names = this.mapper.relationNames;
    for (let i = 0; i < this.n; i++) {
      const v = this.cells[i];
      if (v !== UNSET) yield [names[i] as string, v];
    }
  }

  /** @internal Cell `i` (snapshot cells from `n`), undefined when unset. */
  read(i: number): unknown {
    if (i < 0) return undefined;
    const v = this.cells[i];
    return v === UNSET ? undefined : v;
  }

  /** @internal */
  write(i: number, value: unknown): void {
    if (this.cells[i] === UNSET) {
      if (i < this.n) this.count++;
      else this.snapCount++;
    }
    this.cells[i] = value;
  }

  /** @internal */
  snapshotSlot(name: string): number {
    const i = this.mapper.relationSlot.get(name);
    return i === undefined ? -1 : this.n + i;
  }

  /** @internal */
  get snapshotSize(): number {
    return this.snapCount;
  }

  /** @internal Clears the snapshot half. */
  clearSnapshot(): void {
    this.restoreSnapshot(null);
  }
}

/** The snapshot half of a {@link RelationSlots}: relation values as loaded or last flushed. */
export class RelationSnapshot {
  constructor(private readonly slots: RelationSlots) {}

  get size(): number {
    return this.slots.snapshotSize;
  }

  has(name: string): boolean {
    const i = this.slots.snapshotSlot(name);
    return i >= 0 && this.slots.read(i) !== undefined;
  }

  get(name: string): unknown {
    return this.slots.read(this.slots.snapshotSlot(name));
  }

  set(name: string, value: unknown): this {
    const i = this.slots.snapshotSlot(name);
    if (i < 0) throw new Error(`no relation "${name}"`);
    this.slots.write(i, value);
    return this;
  }

  clear(): void {
    this.slots.clearSnapshot();
  }
}
