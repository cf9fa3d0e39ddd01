/**
 * Loaded relation values of one object (or their snapshot), stored as one small array
 * indexed by the mapper's relation order instead of a `Map` per object: loading 10,000
 * children with their back-reference used to allocate two hash tables per child. The API
 * is the subset of `Map<string, unknown>` the ORM uses; iteration follows the order the
 * relations are declared in.
 */
import type { Mapper } from '../mapping/mapper.js';

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

/** Where an object's relation cells live (its InstanceState): the cells are made on first write. */
export interface RelationCellsOwner {
  readonly mapper: Mapper;
  relationCells: unknown[] | null;
}

/**
 * One object's loaded relations: `cells[i]` is the value of relation `i` (in the mapper's
 * declaration order) and `cells[n + i]` its snapshot. The cells array, kept on the
 * object's state, is the only long-lived allocation: this class is a view made per use
 * (it dies young, which costs the garbage collector next to nothing), so loading 10,000
 * children with their back-reference keeps one small array per child, not two hash
 * tables (or a slots object and an array).
 */
export class RelationSlots {
  constructor(private readonly owner: RelationCellsOwner) {}

  /** The snapshot half, with the same Map-like API. */
  get snapshot(): RelationSnapshot {
    return new RelationSnapshot(this);
  }

  private get n(): number {
    return this.owner.mapper.relationNames.length;
  }

  /** The cells, made (all unset) on first write. */
  private cellsForWrite(): unknown[] {
    let cells = this.owner.relationCells;
    if (cells === null) {
      const size = 2 * this.n;
      cells = new Array<unknown>(size);
      for (let i = 0; i < size; i++) cells[i] = UNSET;
      this.owner.relationCells = cells;
    }
    return cells;
  }

  /** Loaded relations. */
  get size(): number {
    return countSet(this.owner.relationCells, 0, this.n);
  }

  private slot(name: string): number {
    const i = this.owner.mapper.relationSlot.get(name);
    if (i === undefined) throw new Error(`${this.owner.mapper.name} has no relation "${name}"`);
    return i;
  }

  has(name: string): boolean {
    const cells = this.owner.relationCells;
    if (cells === null) return false;
    const i = this.owner.mapper.relationSlot.get(name);
    return i !== undefined && cells[i] !== UNSET;
  }

  get(name: string): unknown {
    return this.read(this.owner.mapper.relationSlot.get(name) ?? -1);
  }

  set(name: string, value: unknown): this {
    this.write(this.slot(name), value);
    return this;
  }

  /** Sets a relation as loaded: its value and its snapshot. */
  setLoaded(name: string, value: unknown): void {
    const i = this.slot(name);
    const cells = this.cellsForWrite();
    cells[i] = value;
    cells[this.n + i] = snapshotOf(value);
  }

  clear(): void {
    const cells = this.owner.relationCells;
    if (cells === null) return;
    for (let i = 0; i < this.n; i++) cells[i] = UNSET;
  }

  /** Moves every loaded relation's snapshot forward to its current value. */
  snapshotCurrent(): void {
    const cells = this.owner.relationCells;
    if (cells === null) return;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (v !== UNSET) cells[n + i] = snapshotOf(v);
    }
  }

  /** A copy of the snapshot half (for the transaction journal). */
  saveSnapshot(): unknown[] {
    const cells = this.owner.relationCells;
    if (cells !== null) return cells.slice(this.n);
    const none = new Array<unknown>(this.n);
    for (let i = 0; i < this.n; i++) none[i] = UNSET;
    return none;
  }

  /** Puts back a snapshot half from {@link saveSnapshot}; null clears it. */
  restoreSnapshot(saved: readonly unknown[] | null): void {
    if (saved === null && this.owner.relationCells === null) return;
    const cells = this.cellsForWrite();
    const n = this.n;
    for (let i = 0; i < n; i++) cells[n + i] = saved === null ? UNSET : saved[i];
  }

  keys(): string[] {
    const out: string[] = [];
    const cells = this.owner.relationCells;
    if (cells === null) return out;
    const names = this.owner.mapper.relationNames;
    for (let i = 0; i < this.n; i++) if (cells[i] !== UNSET) out.push(names[i] as string);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<[string, unknown]> {
    const cells = this.owner.relationCells;
    if (cells === null) return;
    const names = this.owner.mapper.relationNames;
    for (let i = 0; i < this.n; i++) {
      const v = cells[i];
      if (v !== UNSET) yield [names[i] as string, v];
    }
  }

  /** @internal Cell `i` (snapshot cells from `n`), undefined when unset. */
  read(i: number): unknown {
    const cells = this.owner.relationCells;
    if (i < 0 || cells === null) return undefined;
    const v = cells[i];
    return v === UNSET ? undefined : v;
  }

  /** @internal */
  write(i: number, value: unknown): void {
    this.cellsForWrite()[i] = value;
  }

  /** @internal */
  snapshotSlot(name: string): number {
    const i = this.owner.mapper.relationSlot.get(name);
    return i === undefined ? -1 : this.n + i;
  }

  /** @internal */
  get snapshotSize(): number {
    return countSet(this.owner.relationCells, this.n, 2 * this.n);
  }

  /** @internal Clears the snapshot half. */
  clearSnapshot(): void {
    this.restoreSnapshot(null);
  }
}

/** Cells in `[from, to)` that are set. */
function countSet(cells: readonly unknown[] | null, from: number, to: number): number {
  if (cells === null) return 0;
  let count = 0;
  for (let i = from; i < to; i++) if (cells[i] !== UNSET) count++;
  return count;
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
