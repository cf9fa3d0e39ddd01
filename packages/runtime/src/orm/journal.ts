/**
 * The transaction journal: what each object looked like (to the ORM) before the current
 * transaction or savepoint first changed it. Rolling back a frame restores it, so a failed
 * flush or a rollback leaves the session consistent: objects inserted in the frame become
 * pending (or, at the outermost level, transient) again, deleted ones persistent again,
 * and snapshots return to their pre-frame values, so changes that were flushed and then
 * rolled back show as unflushed changes again.
 */
import type { InstanceState, StateOwner } from './instance-state.js';
import type { Mapper } from './mapper.js';

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

interface Frame {
  /** States as first seen in this frame (each once: see InstanceState.journalMark). */
  readonly saved: SavedState[];
  /** Objects added (made pending) while this frame was open. */
  readonly added: Set<InstanceState>;
}

/** What a revert needs from the session: its collections of objects. */
export interface JournalTarget {
  reattach(state: InstanceState, asPending: boolean): void;
  detach(state: InstanceState): void;
}

const managedCache = new WeakMap<Mapper, readonly string[]>();

/** The primary key and version properties of `mapper` (computed once per mapper). */
export function managedProps(mapper: Mapper): readonly string[] {
  let props = managedCache.get(mapper);
  if (props === undefined) {
    props = mapper.versionProp === null ? mapper.pkProps : [...mapper.pkProps, mapper.versionProp];
    managedCache.set(mapper, props);
  }
  return props;
}

export class Journal {
  private readonly frames: Frame[] = [];

  get depth(): number {
    return this.frames.length;
  }

  begin(): void {
    this.frames.push({ saved: [], added: new Set() });
  }

  /** Remembers `state` as it is now, unless the innermost frame already has it. */
  record(state: InstanceState): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined || state.journalMark === frame) return;
    state.journalMark = frame;
    frame.saved.push(new SavedState(state));
  }

  noteAdded(state: InstanceState): void {
    this.frames[this.frames.length - 1]?.added.add(state);
  }

  /** Keeps the innermost frame's changes: they now belong to the enclosing frame. */
  release(): void {
    const frame = this.frames.pop();
    const parent = this.frames[this.frames.length - 1];
    if (frame === undefined || parent === undefined) return;
    // Keep the parent's older entry where it has one.
    const inParent = new Set(parent.saved.map((e) => e.state));
    for (const entry of frame.saved) {
      if (!inParent.has(entry.state)) parent.saved.push(entry);
      entry.state.journalMark = parent;
    }
    for (const e of parent.saved) e.state.journalMark = parent;
    for (const st of frame.added) parent.added.add(st);
  }

  /** Undoes the innermost frame's changes to objects; the outermost frame also expunges pending objects. */
  rollback(target: JournalTarget): void {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    // Newest first is not needed: each state is in a frame once, with its oldest state.
    for (const saved of frame.saved) {
      saved.state.journalMark = null;
      revert(saved.state, saved, target);
    }
    for (const st of frame.added) if (st.committed === null) target.detach(st);
    const parent = this.frames[this.frames.length - 1];
    if (parent !== undefined) for (const e of parent.saved) e.state.journalMark = parent;
  }

  /** Forgets everything (after a commit). */
  clear(): void {
    this.frames.length = 0;
  }
}

function revert(st: InstanceState, saved: SavedState, target: JournalTarget): void {
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
