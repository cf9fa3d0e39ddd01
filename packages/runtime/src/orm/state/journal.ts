/**
 * The transaction journal: what each object looked like (to the ORM) before the current
 * transaction or savepoint first changed it. Rolling back a frame restores it, so a failed
 * flush or a rollback leaves the session consistent: objects inserted in the frame become
 * pending (or, at the outermost level, transient) again, deleted ones persistent again,
 * and snapshots return to their pre-frame values, so changes that were flushed and then
 * rolled back show as unflushed changes again. What the flush did not record (objects
 * first loaded in the transaction, rows written through `session.execute()`) is unknown
 * here: after the rollback of a transaction or of a savepoint the session expires every
 * object, and the next read reloads them (session-transaction.ts `rollback`,
 * `rollbackSavepoint`).
 */
import type { InstanceState, StateOwner } from './instance-state.js';
import { mapperOf, type Mapper } from '../mapping/mapper.js';
import { lazyTag, rowValue, setCommittedRow, stateOf } from './lazy-state.js';
import { anchorShape } from '../../core/shape-anchors.js';
import { objectArray } from '../../core/object-arrays.js';
import type { SoftDeleted } from '../criteria/soft-delete.js';
import { sameValue } from '../mapping/values.js';

/** One state as first seen in a frame: one object per record (no tuple, no key array). */
class SavedState {
  readonly session: StateOwner | null;
  readonly key: string | number | null;
  readonly committed: Record<string, unknown> | null;
  readonly markedForDeletion: boolean;
  readonly deletedFlushed: boolean;
  /**
   * Values of the primary key and version properties (the flush may assign them): the
   * value itself when there is one such property (the common case), else an array.
   */
  readonly managed: unknown;
  readonly relationSnapshot: readonly unknown[] | null;

  constructor(readonly state: InstanceState) {
    const o = state.obj as Record<string, unknown>;
    const managed = managedProps(state.mapper);
    this.session = state.session;
    this.key = state.key;
    this.committed = state.committed;
    this.markedForDeletion = state.markedForDeletion;
    this.deletedFlushed = state.deletedFlushed;
    this.managed = managed.length === 1 ? o[managed[0] as string] : managed.map((p) => o[p]);
    this.relationSnapshot = state.hasRelations ? state.relations.saveSnapshot() : null;
  }
}

/**
 * A journal entry: the saved state, or the state itself when it was a plain pending
 * object (no key, no snapshot, no flags, no relations, no key or version values): its
 * revert is known without a record, and a flush of 10,000 new objects then allocates
 * no record per object.
 */
type Entry = SavedState | InstanceState | PlainBatch;

/**
 * Plain pending objects recorded together (a wave of new rows the flush inserts): one
 * entry for the lot, so recording 10,000 of them grows no list by 10,000. The array is
 * the flush's own wave, never changed after.
 */
type PlainBatch = readonly InstanceState[];

/** Calls `fn` with each state of an entry and its saved state (null: plain pending). */
function eachOf(e: Entry, fn: (st: InstanceState, saved: SavedState | null) => void): void {
  if (e instanceof SavedState) fn(e.state, e);
  else if (Array.isArray(e)) for (let i = 0; i < e.length; i++) fn(e[i] as InstanceState, null);
  else fn(e as InstanceState, null);
}

class Frame {
  /** States as first seen in this frame (each once: see InstanceState.journalMark). */
  readonly saved: Entry[] = objectArray();
  /** Objects added (made pending) while this frame was open (repeats are harmless). */
  readonly added: InstanceState[] = objectArray();
  /**
   * Loaded objects the flush updated without making their state (flush/lazy-updates.ts),
   * each followed by its row before that UPDATE: object, row, object, row... (no record
   * per object). An object may be here more than once; undone newest first, its oldest
   * row is what stays.
   */
  readonly rows: unknown[] = objectArray();
  /** Soft deletions (`session.delete` of a soft-deleting model) in this frame, oldest first. */
  readonly softDeletes: { readonly obj: object; readonly soft: SoftDeleted }[] = objectArray();
  /**
   * Properties the flush wrote into objects other than keys and versions (a child's
   * foreign key copied from its parent's key, set to NULL), oldest first, four slots a
   * write: object, property, value before, value written. A state's record cannot hold
   * them: the flush records a new child after writing its key, and only keys and versions
   * are saved (a copy of every column per object would cost every flush).
   */
  readonly writes: unknown[] = objectArray();
  /** Undo steps for in-memory relation edits the flush made after its SQL, oldest first. */
  readonly undo: (() => void)[] = objectArray();
  /**
   * New rows' columns the database fills in (server defaults the INSERT reads back), two
   * slots a group: its states, the properties. One entry per INSERT group, not per row.
   */
  readonly filled: unknown[] = objectArray();
}

// Kept alive for its map (shape-anchors.ts): outside a transaction no frame is alive, and a
// full collection there dropped the map and the code of `recordRow` compiled against it.
anchorShape(new Frame());

/** What a revert needs from the session: its collections of objects. */
export interface JournalTarget {
  reattach(state: InstanceState, asPending: boolean): void;
  detach(state: InstanceState): void;
}

const managedCache = new WeakMap<Mapper, readonly string[]>();
// The last answer: a flush records its objects table by table, so nearly every record
// asks for the same mapper's, and skips the WeakMap lookup (a hash of the mapper).
let lastMapper: Mapper | null = null;
let lastProps: readonly string[] = [];

/** The primary key and version properties of `mapper` (computed once per mapper). */
export function managedProps(mapper: Mapper): readonly string[] {
  if (mapper === lastMapper) return lastProps;
  let props = managedCache.get(mapper);
  if (props === undefined) {
    props = mapper.versionProp === null ? mapper.pkProps : [...mapper.pkProps, mapper.versionProp];
    managedCache.set(mapper, props);
  }
  lastMapper = mapper;
  lastProps = props;
  return props;
}

export class Journal {
  private readonly frames: Frame[] = objectArray();

  get depth(): number {
    return this.frames.length;
  }

  begin(): void {
    this.frames.push(new Frame());
  }

  /** Remembers `state` as it is now, unless the innermost frame already has it. */
  record(state: InstanceState): void {
    const frame = this.innermost();
    if (frame === undefined || state.journalMark === frame) return;
    state.journalMark = frame;
    frame.saved.push(isPlainPending(state) ? state : new SavedState(state));
  }

  /**
   * {@link record} for each of `states`: when none is in the innermost frame yet and all
   * are plain pending, as one entry.
   */
  recordAll(states: readonly InstanceState[]): void {
    const frame = this.innermost();
    if (frame === undefined) return;
    let plain = true;
    for (let i = 0; i < states.length && plain; i++) {
      const st = states[i] as InstanceState;
      plain = st.journalMark !== frame && isPlainPending(st);
    }
    if (!plain || states.length < 2) {
      for (let i = 0; i < states.length; i++) this.record(states[i] as InstanceState);
      return;
    }
    for (let i = 0; i < states.length; i++) (states[i] as InstanceState).journalMark = frame;
    frame.saved.push(states);
  }

  /**
   * Remembers the row of a loaded object without a state that the flush is about to
   * update (flush/lazy-updates.ts): a rollback puts it back, with its version value.
   */
  recordRow(obj: object, row: unknown): void {
    const frame = this.innermost();
    if (frame !== undefined) frame.rows.push(obj, row);
  }

  /** A soft deletion: a rollback of this frame puts the column back (unless changed since). */
  noteSoftDelete(obj: object, soft: SoftDeleted): void {
    this.innermost()?.softDeletes.push({ obj, soft });
  }

  /**
   * The flush is setting `obj[prop]` from `before` to `value` (a foreign key from its
   * parent's key): a rollback of this frame puts `before` back, unless changed since.
   */
  noteWrite(obj: object, prop: string, before: unknown, value: unknown): void {
    const frame = this.innermost();
    if (frame !== undefined) frame.writes.push(obj, prop, before, value);
  }

  /**
   * `states` (new, about to be inserted) get `props` (unset now) from the database: server
   * defaults read back. A rollback makes them new again, and unsets those props (unless
   * changed since): kept, the next INSERT would send the failed attempt's values (its
   * `created_at`) instead of taking the defaults again.
   */
  noteFilled(states: readonly InstanceState[], props: readonly string[]): void {
    const frame = this.innermost();
    if (frame !== undefined) frame.filled.push(states, props);
  }

  /** An in-memory change with its undo step, run if this frame rolls back. */
  noteUndo(undo: () => void): void {
    this.innermost()?.undo.push(undo);
  }

  noteAdded(state: InstanceState): void {
    const frame = this.innermost();
    if (frame !== undefined) frame.added.push(state);
  }

  /**
   * The innermost frame, or undefined outside a transaction. Checked by length first:
   * `frames[-1]` on an empty array is a named-property lookup that misses along the
   * prototype chain (measured: about 80 ns per object added outside a transaction).
   */
  private innermost(): Frame | undefined {
    const frames = this.frames;
    return frames.length === 0 ? undefined : frames[frames.length - 1];
  }

  /** Keeps the innermost frame's changes: they now belong to the enclosing frame. */
  release(): void {
    const frame = this.frames.pop();
    const parent = this.innermost();
    if (frame === undefined || parent === undefined) return;
    // Keep the parent's older entry where it has one.
    const inParent = new Set<InstanceState>();
    for (const e of parent.saved) eachOf(e, (st) => inParent.add(st));
    for (const entry of frame.saved) {
      if (Array.isArray(entry) && !entry.some((st: InstanceState) => inParent.has(st))) {
        parent.saved.push(entry);
        for (const st of entry as PlainBatch) st.journalMark = parent;
        continue;
      }
      // A batch is split where the parent already has some of its states.
      eachOf(entry, (st, saved) => {
        if (!inParent.has(st)) parent.saved.push(saved ?? st);
        st.journalMark = parent;
      });
    }
    for (const e of parent.saved) eachOf(e, (st) => (st.journalMark = parent));
    for (const st of frame.added) parent.added.push(st);
    for (const d of frame.softDeletes) parent.softDeletes.push(d);
    // After the parent's own: undone newest first, the parent's older values win.
    for (let i = 0; i < frame.writes.length; i++) parent.writes.push(frame.writes[i]);
    for (const u of frame.undo) parent.undo.push(u);
    for (let i = 0; i < frame.filled.length; i++) parent.filled.push(frame.filled[i]);
    // After the parent's own: undone newest first, the parent's older rows win.
    for (let i = 0; i < frame.rows.length; i++) parent.rows.push(frame.rows[i]);
  }

  /** Undoes the innermost frame's changes to objects; the outermost frame also expunges pending objects. */
  rollback(target: JournalTarget): void {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    // Before the states: their snapshots still hold the values the flush read.
    for (let i = 0; i < frame.filled.length; i += 2)
      unfill(frame.filled[i] as readonly InstanceState[], frame.filled[i + 1] as readonly string[]);
    // Newest first is not needed: each state is in a frame once, with its oldest state.
    for (const entry of frame.saved)
      eachOf(entry, (st, saved) => {
        st.journalMark = null;
        revert(st, saved, target);
      });
    for (const st of frame.added) if (st.committed === null) target.detach(st);
    // After the states (a foreign key that is also a key was put back to its recorded
    // value there): newest first, so an object written twice ends with its oldest value.
    for (let i = frame.writes.length - 4; i >= 0; i -= 4) {
      const o = frame.writes[i] as Record<string, unknown>;
      const prop = frame.writes[i + 1] as string;
      if (o[prop] === frame.writes[i + 3]) o[prop] = frame.writes[i + 2];
    }
    for (let i = frame.undo.length - 1; i >= 0; i--) (frame.undo[i] as () => void)();
    for (let i = frame.softDeletes.length - 1; i >= 0; i--) {
      const { obj, soft } = frame.softDeletes[i] as (typeof frame.softDeletes)[number];
      const o = obj as Record<string, unknown>;
      if (o[soft.prop] === soft.value) o[soft.prop] = soft.previous;
    }
    // After the states: an object updated without a state and later given one (and
    // recorded with the newer row) ends with the row it had when the frame began.
    for (let i = frame.rows.length - 2; i >= 0; i -= 2)
      revertRow(frame.rows[i] as object, frame.rows[i + 1] as Row, target);
    const parent = this.innermost();
    if (parent !== undefined)
      for (const e of parent.saved) eachOf(e, (st) => (st.journalMark = parent));
  }

  /** Forgets everything (after a commit). */
  clear(): void {
    this.frames.length = 0;
  }
}

/**
 * Unsets the defaults the flush read into `states` (inserted in the frame rolled back: new
 * again after it). A value still equal to the row's snapshot is the one read; one the user
 * changed since differs, and stays. Without a snapshot the INSERT did not finish, and only
 * the flush wrote the value. (A change the user made that a later flush of the frame wrote
 * is in the snapshot too, and is unset with the rest.)
 */
function unfill(states: readonly InstanceState[], props: readonly string[]): void {
  for (let i = 0; i < states.length; i++) {
    const st = states[i] as InstanceState;
    const o = st.obj as Record<string, unknown>;
    const row = st.committed;
    for (let j = 0; j < props.length; j++) {
      const p = props[j] as string;
      const v = o[p];
      if (v !== undefined && (row === null || sameValue(v, row[p]))) delete o[p];
    }
  }
}

/** Pending in a session, with nothing a revert would have to put back but "pending". */
function isPlainPending(st: InstanceState): boolean {
  if (
    st.session === null ||
    st.key !== null ||
    st.committed !== null ||
    st.markedForDeletion ||
    st.deletedFlushed ||
    st.hasRelations
  )
    return false;
  const o = st.obj as Record<string, unknown>;
  const managed = managedProps(st.mapper);
  for (let i = 0; i < managed.length; i++) if (o[managed[i] as string] !== undefined) return false;
  return true;
}

/** Puts `st` back as it was when recorded (`saved` null: it was plain pending). */
function revert(st: InstanceState, saved: SavedState | null, target: JournalTarget): void {
  if (saved === null) {
    const o = st.obj as Record<string, unknown>;
    for (const p of managedProps(st.mapper)) delete o[p];
    if (st.hasRelations) st.relations.restoreSnapshot(null);
    st.markedForDeletion = false;
    st.deletedFlushed = false;
    target.detach(st);
    target.reattach(st, true);
    return;
  }
  const o = st.obj as Record<string, unknown>;
  const managed = managedProps(st.mapper);
  for (let i = 0; i < managed.length; i++) {
    const p = managed[i] as string;
    const v = managed.length === 1 ? saved.managed : (saved.managed as unknown[])[i];
    if (v === undefined) delete o[p];
    else o[p] = v;
  }
  if (saved.relationSnapshot !== null || st.hasRelations) {
    st.relations.restoreSnapshot(saved.relationSnapshot);
  }
  st.markedForDeletion = saved.markedForDeletion;
  st.deletedFlushed = saved.deletedFlushed;
  if (saved.session === null) {
    target.detach(st);
    return;
  }
  // Move it out of the identity map under its current key, then back as it was.
  target.detach(st);
  st.key = saved.key;
  st.committed = saved.committed;
  target.reattach(st, saved.committed === null);
}

type Row = Record<string, unknown> | unknown[];

/**
 * Puts back the row (and version value) of an object updated without a state, as the
 * state path's revert does for its snapshot: a changed object then shows its changes as
 * unflushed again. One detached since (expunged, or its session's objects expunged) is
 * reattached, as a recorded state is.
 */
function revertRow(obj: object, row: Row, target: JournalTarget): void {
  const mapper = mapperOf(obj.constructor as abstract new () => object);
  const version = mapper.versionProp;
  if (version !== null) (obj as Record<string, unknown>)[version] = rowValue(mapper, row, version);
  const tag = lazyTag(obj);
  // Without a session, the state is made (detached) so that it can be reattached.
  if (tag !== null && tag.epoch.session === null) stateOf(obj);
  const st = setCommittedRow(obj, mapper, row);
  if (st !== null && st.session === null && st.key !== null) target.reattach(st, false);
}
