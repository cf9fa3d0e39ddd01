/**
 * Backrefs: after a flush, the other side of each changed relation is brought in step in
 * memory where it is loaded, as SQLAlchemy's backrefs do (there is no hidden I/O on
 * property access, so this happens at flush rather than on assignment).
 *
 * What a backref does is what the flush wrote, so it is no change to flush again: the
 * relation's snapshot follows. How depends on whether user code ran inside the flush:
 * - without event handlers nothing else changed a relation since the flush computed its
 *   changes, so the edited objects' snapshots are simply moved to their values at the end
 *   ({@link ResnapshotEdits}, one copy per relation);
 * - with handlers, a handler may have changed the same relation (`afterInsert` pushing
 *   to `author.articles`, `object.author = bob`): moving the snapshot to the value would
 *   swallow that change, never written. Each edit is made to the value and the snapshot
 *   alike ({@link ExactEdits}), so what the handler changed is still a change.
 */
import type { InstanceState } from '../state/instance-state.js';
import type { Journal } from '../state/journal.js';
import type { Assignment } from './relation-sync.js';

/** The in-memory edits a backref makes to loaded relations. */
export interface BackrefEdits {
  /** `obj` joins the loaded collection `name` of `st`. */
  add(st: InstanceState, name: string, obj: object): void;
  /** `obj` leaves the loaded collection `name` of `st` (or the reference, if it is it). */
  remove(st: InstanceState, name: string, obj: object): void;
  /** The reference `name` of `st` (loaded or not) becomes `value`. */
  set(st: InstanceState, name: string, value: object | null): void;
  /** Called once every backref is made. */
  finish(): void;
}

/**
 * Keeps the other side of a changed relation in step in memory (SQLAlchemy's backrefs):
 * `post.author = user` appends `post` to a loaded `user.posts` and takes it out of the
 * previous author's loaded `posts`; adding `post` to `user.posts` sets a loaded-or-not
 * `post.author`.
 */
export function backref(a: Assignment, edits: BackrefEdits): void {
  const inverseName = a.via.ir.inverse;
  if (inverseName === null || a.child.deletedFlushed) return;
  if (a.fromParentSide) {
    const inv = a.child.mapper.relations.get(inverseName);
    if (inv === undefined || inv.collection) return;
    edits.set(a.child, inv.name, a.parent === null ? null : a.parent.obj);
    return;
  }
  const previous = a.previousParent;
  if (previous !== undefined && previous !== a.parent && !previous.deletedFlushed) {
    const inv = previous.hasRelations ? previous.mapper.relations.get(inverseName) : undefined;
    if (inv !== undefined && previous.relations.has(inv.name))
      edits.remove(previous, inv.name, a.child.obj);
  }
  if (a.parent === null) return;
  const inv = a.parent.mapper.relations.get(inverseName);
  if (inv === undefined || !a.parent.relations.has(inv.name)) return;
  if (inv.collection) edits.add(a.parent, inv.name, a.child.obj);
  else edits.set(a.parent, inv.name, a.child.obj);
}

/** Edits values; the edited objects' snapshots move to their values at {@link finish}. */
export class ResnapshotEdits implements BackrefEdits {
  private readonly edited = new Set<InstanceState>();
  constructor(private readonly journal: Journal) {}

  add(st: InstanceState, name: string, obj: object): void {
    const list = st.relations.get(name) as object[];
    if (!list.includes(obj)) list.push(obj);
    this.edited.add(st);
  }

  remove(st: InstanceState, name: string, obj: object): void {
    const rs = st.relations;
    const value = rs.get(name);
    if (Array.isArray(value)) {
      const at = value.indexOf(obj);
      if (at < 0) return;
      value.splice(at, 1);
    } else if (value === obj) rs.set(name, null);
    else return;
    this.edited.add(st);
  }

  set(st: InstanceState, name: string, value: object | null): void {
    st.relations.set(name, value);
    this.edited.add(st);
  }

  finish(): void {
    for (const st of this.edited) {
      if (st.deletedFlushed || !st.hasRelationCells) continue;
      this.journal.record(st);
      st.relations.snapshotCurrent();
    }
  }
}

/**
 * Edits the value and the snapshot of each relation alike. A reference whose value a
 * handler changed since it was last written keeps the handler's value (its snapshot gets
 * what the database now holds), so the next pass writes it.
 */
export class ExactEdits implements BackrefEdits {
  /** Snapshot arrays made by this pass, edited in place (others are shared or journaled). */
  private readonly own = new Set<unknown[]>();
  constructor(private readonly journal: Journal) {}

  add(st: InstanceState, name: string, obj: object): void {
    const list = st.relations.get(name) as object[];
    if (!list.includes(obj)) list.push(obj);
    const snap = this.ownSnapshot(st, name);
    if (!snap.includes(obj)) snap.push(obj);
  }

  remove(st: InstanceState, name: string, obj: object): void {
    const value = st.relations.get(name);
    if (Array.isArray(value)) {
      const at = value.indexOf(obj);
      if (at >= 0) value.splice(at, 1);
      const snap = this.ownSnapshot(st, name);
      const was = snap.indexOf(obj);
      if (was >= 0) snap.splice(was, 1);
      return;
    }
    this.journal.record(st);
    if (value === obj) st.relations.set(name, null);
    if (st.relationSnapshot.get(name) === obj) st.relationSnapshot.set(name, null);
  }

  set(st: InstanceState, name: string, value: object | null): void {
    this.journal.record(st);
    const rs = st.relations;
    if (rs.get(name) === rs.snapshot.get(name)) rs.set(name, value);
    rs.snapshot.set(name, value);
  }

  finish(): void {}

  /** The snapshot of collection `name`, as an array this pass may change. */
  private ownSnapshot(st: InstanceState, name: string): unknown[] {
    const snapshot = st.relationSnapshot;
    const current = snapshot.get(name);
    if (Array.isArray(current) && this.own.has(current)) return current;
    // Before the first change: a rollback puts the snapshot back from the journal.
    this.journal.record(st);
    const copy = Array.isArray(current) ? [...(current as unknown[])] : [];
    this.own.add(copy);
    snapshot.set(name, copy);
    return copy;
  }
}
