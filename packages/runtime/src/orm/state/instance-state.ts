/**
 * Per-object ORM state (SQLAlchemy's InstanceState): which session holds the object, its
 * identity, the snapshot of column values taken at load/flush (for dirty detection), and
 * the loaded relation values with their snapshot (for collection diffs).
 *
 * Column values live as plain own properties of the object; the state sits under a symbol
 * (never in JSON or `Object.keys`; `Model` hides it from `console.log`). A plain
 * assignment is several times cheaper than `defineProperty` on the load path; a spread
 * copy that carries the symbol along is recognised by `state.obj !== obj`.
 *
 * An object loaded from a row has no state at first (see lazy-state.ts): it keeps its
 * snapshot row, its session's {@link SessionEpoch} and at most one loaded relation in
 * hidden slots, and the state is made the first time anything asks for it (`stateOf`,
 * in lazy-state.ts with the other accessors, so that this file needs nothing of it).
 */
import type { SessionEpoch, StateOwner } from '../session/session-epoch.js';
import type { Mapper } from '../mapping/mapper.js';
import { RelationSlots, type RelationSnapshot } from '../relations/relation-slots.js';
import { columnsDiffer, sameValue } from '../mapping/values.js';

export { SessionEpoch, type StateOwner } from '../session/session-epoch.js';
export { describe, sameValue } from '../mapping/values.js';

/** Where an object stands towards a session (SQLAlchemy's object states). */
export type ObjectStatus = 'transient' | 'pending' | 'persistent' | 'deleted' | 'detached';

/** @internal The slot of an object's state (or, while it is lazy, its snapshot row). */
export const STATE = Symbol('dbgen.orm.state');

/**
 * What writing an object's row needs of it: the object, and its row as last read or
 * written, keyed by property (null: its own key and version values are the row's). An
 * {@link InstanceState} is one; a lazily loaded object updated without a state is another
 * (orm/flush/lazy-updates.ts).
 */
export interface UpdateTarget {
  readonly obj: object;
  readonly committed: Record<string, unknown> | null;
}

/** Bits of {@link InstanceState}'s flags. */
const MARKED_FOR_DELETION = 1;
const DELETED_FLUSHED = 2;
const EXPIRED = 4;
/** Its inverse-side relations are loaded empty, their cells not made yet (see {@link InstanceState.markRelationsEmpty}). */
const EMPTY_RELATIONS = 8;
/** One reference is loaded, its value kept where the cells go, its cells not made yet. */
const UNMADE_REFERENCE = 16;
/** The row was inserted by the flush that is running. */
const INSERTING = 32;
/** The relation slot of the unmade reference is kept in the flags from this bit on. */
const SLOT_SHIFT = 8;

export class InstanceState<T extends object = object> {
  /**
   * The epoch of the session the object belongs to, or null (transient / detached). The
   * session is `epoch.session`: closing a session ends its epochs' link, which detaches every
   * object in one write instead of a walk over all of them.
   */
  epoch: SessionEpoch | null = null;

  /** The session the object belongs to, or null (transient / detached). */
  get session(): StateOwner | null {
    const e = this.epoch;
    return e === null ? null : e.session;
  }
  set session(owner: StateOwner | null) {
    // An object expired with its epoch stays expired when it moves on.
    const e = this.epoch;
    if (e !== null && e.expired) this.flags |= EXPIRED;
    this.epoch = owner === null ? null : owner.epoch;
  }
  /** Identity-map key (primary key values joined), once the object has a row. */
  key: string | number | null = null;
  /**
   * Column values as last read from or written to the database, keyed by property name;
   * null until the object has a row. Dirty detection compares the object against this.
   */
  committed: Record<string, unknown> | null = null;
  /**
   * The object's boolean marks in one small integer (bits below): loads and flushes keep
   * tens of thousands of states alive, and every field is a word per object.
   */
  private flags = 0;
  /** The journal frame this state was last recorded in (skips repeated records cheaply). */
  journalMark: object | null = null;
  /** Its position in its session's pending set, if it is there (see PendingSet). */
  pendingAt = -1;

  /** The running flush inserted this object's row (cleared when the flush ends, or fails). */
  get inserting(): boolean {
    return (this.flags & INSERTING) !== 0;
  }
  set inserting(on: boolean) {
    this.flags = on ? this.flags | INSERTING : this.flags & ~INSERTING;
  }

  /** Marked for deletion by `session.delete` (not yet flushed). */
  get markedForDeletion(): boolean {
    return (this.flags & MARKED_FOR_DELETION) !== 0;
  }
  set markedForDeletion(on: boolean) {
    this.flags = on ? this.flags | MARKED_FOR_DELETION : this.flags & ~MARKED_FOR_DELETION;
  }
  /** Its DELETE was flushed (kept once committed and detached: add() refuses an object without a row). */
  get deletedFlushed(): boolean {
    return (this.flags & DELETED_FLUSHED) !== 0;
  }
  set deletedFlushed(on: boolean) {
    this.flags = on ? this.flags | DELETED_FLUSHED : this.flags & ~DELETED_FLUSHED;
  }
  /**
   * Column values are out of date (after commit with `expireOnCommit`, which expires the
   * session's epoch: every object of it at once); reloaded by the next read.
   */
  get expired(): boolean {
    const e = this.epoch;
    return (this.flags & EXPIRED) !== 0 || (e !== null && e.expired);
  }
  set expired(on: boolean) {
    this.flags = on ? this.flags | EXPIRED : this.flags & ~EXPIRED;
    // No longer expired: move from the expired epoch to the session's current one.
    const e = this.epoch;
    if (!on && e !== null && e.expired) this.epoch = e.session === null ? e : e.session.epoch;
  }
  /**
   * The relation cells (see {@link RelationSlots}), null while none; or, with the
   * UNMADE_REFERENCE flag, the value of the one loaded reference (see {@link loadReference}).
   */
  private cellsOrReference: unknown = null;

  /** Loaded relation values and their snapshot (see {@link RelationSlots}); null while none. */
  get relationCells(): unknown[] | null {
    return (this.flags & UNMADE_REFERENCE) !== 0
      ? null
      : (this.cellsOrReference as unknown[] | null);
  }
  set relationCells(cells: unknown[] | null) {
    this.cellsOrReference = cells;
  }

  /** Loaded relation values by relation name (arrays for collections): a view over the cells. */
  get relations(): RelationSlots {
    if ((this.flags & (EMPTY_RELATIONS | UNMADE_REFERENCE)) !== 0) this.makeUnmadeRelations();
    return new RelationSlots(this);
  }
  /** Relation values as loaded/flushed: the baseline of collection and reference diffs. */
  get relationSnapshot(): RelationSnapshot {
    return this.relations.snapshot;
  }
  /** True when some relation is loaded. */
  get hasRelations(): boolean {
    return (this.flags & (EMPTY_RELATIONS | UNMADE_REFERENCE)) !== 0 || this.hasRelationCells;
  }
  /**
   * True when some relation is loaded and may differ from its snapshot, without making
   * the cells that {@link markRelationsEmpty} and {@link loadReference} left unmade
   * (unread, those relations equal their snapshot: the flush's scans of every object
   * skip them).
   */
  get hasRelationCells(): boolean {
    return this.relationCells !== null && new RelationSlots(this).size > 0;
  }

  /**
   * Marks the inverse-side relations (collections, inverse one-to-one) of a row the flush
   * just inserted as loaded empty, with equal snapshots. The cells are made on first use:
   * a flush of 10,000 new objects would otherwise make a cells array and an empty array
   * per object that is rarely read. Only for a state without relation cells.
   */
  markRelationsEmpty(): void {
    this.flags |= EMPTY_RELATIONS;
  }

  /**
   * Sets a reference (many-to-one, owning one-to-one) as loaded with `value` unless it is
   * loaded already: a select-in load of children sets each child's back-reference. While
   * it is the only relation loaded, the value waits where the cells go and they are made
   * on first use: 10,000 children then keep no cells array each.
   */
  loadReference(name: string, value: object | null): void {
    const slot = this.mapper.relationSlot.get(name);
    if (
      slot !== undefined &&
      value !== null &&
      this.cellsOrReference === null &&
      (this.flags & (EMPTY_RELATIONS | UNMADE_REFERENCE)) === 0
    ) {
      this.cellsOrReference = value;
      this.flags |= UNMADE_REFERENCE | (slot << SLOT_SHIFT);
      return;
    }
    const slots = this.relations;
    if (!slots.has(name)) slots.setLoaded(name, value);
  }

  private makeUnmadeRelations(): void {
    const flags = this.flags;
    this.flags = flags & ~(EMPTY_RELATIONS | UNMADE_REFERENCE) & ((1 << SLOT_SHIFT) - 1);
    const slots = new RelationSlots(this);
    if ((flags & UNMADE_REFERENCE) !== 0) {
      const value = this.cellsOrReference;
      this.cellsOrReference = null;
      slots.setLoaded(this.mapper.relationNames[flags >> SLOT_SHIFT] as string, value);
    }
    if ((flags & EMPTY_RELATIONS) !== 0)
      for (const r of this.mapper.inverseSideRelations)
        if (!slots.has(r.name)) slots.setLoaded(r.name, r.collection ? [] : null);
  }

  constructor(
    readonly obj: T,
    readonly mapper: Mapper,
  ) {}

  get status(): ObjectStatus {
    if (this.session === null) return this.key === null ? 'transient' : 'detached';
    if (this.committed === null) return 'pending';
    return this.deletedFlushed ? 'deleted' : 'persistent';
  }
  get transient(): boolean {
    return this.status === 'transient';
  }
  get pending(): boolean {
    return this.status === 'pending';
  }
  get persistent(): boolean {
    return this.status === 'persistent';
  }
  get deleted(): boolean {
    return this.status === 'deleted';
  }
  get detached(): boolean {
    return this.status === 'detached';
  }

  /** The primary key values, in key order (undefined members while not yet generated). */
  get identity(): unknown[] {
    const o = this.obj as Record<string, unknown>;
    return this.mapper.pkProps.map((p) => o[p]);
  }

  /** Property names whose value differs from the snapshot (all set columns when pending). */
  get modified(): string[] {
    const o = this.obj as Record<string, unknown>;
    const c = this.committed;
    return this.mapper.props.filter((p) =>
      c === null ? o[p] !== undefined : !sameValue(o[p], c[p]),
    );
  }

  /** True when some column differs from the snapshot (`modified.length > 0`, without the array). */
  get isModified(): boolean {
    const o = this.obj as Record<string, unknown>;
    const c = this.committed;
    if (c !== null) return columnsDiffer(o, c, this.mapper.props);
    for (const p of this.mapper.props) if (o[p] !== undefined) return true;
    return false;
  }

  /** Names of relations that are loaded (readable without an error). */
  get loadedRelations(): string[] {
    return this.relations.keys();
  }

  /** True when the relation can be read without an error. */
  isLoaded(relation: string): boolean {
    return this.relations.has(relation);
  }
}

export { snapshotOf } from '../relations/relation-slots.js';
