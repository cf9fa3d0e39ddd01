/**
 * Relation snapshots of the flush: which relation values count as written.
 *
 * A relation's snapshot is what the database holds; a value that differs is a change to
 * flush. Event handlers run in the middle of the flush and may change relations as they
 * change columns, so the snapshot must move to what the flush wrote, never to whatever the
 * value is at the end (that swallowed a handler's `object.author = bob`: the session
 * thought the object clean and no later flush wrote it). Hence:
 * - the relations the flush writes move to their values when the changes are computed,
 *   before any handler runs ({@link snapshotComputed});
 * - a reference a `before*` handler changed on its own object is written with the
 *   object's row, as its columns are ({@link takeHandlerReferences});
 * - anything else a handler changed stays a change: the flush's next pass writes it
 *   (events/flush-loop.ts), as it does a column an `after*` handler changed;
 * - backrefs change the other side in step with what was written (relations/backrefs.ts).
 */
import type { Journal } from '../state/journal.js';
import type { InstanceState } from '../state/instance-state.js';
import { backref, ExactEdits, ResnapshotEdits } from '../relations/backrefs.js';
import { referenceAssignment, type Assignment } from '../relations/relation-sync.js';
import { applyAssignment } from './link-writes.js';

/**
 * The relations the flush is about to write (`touched`, from the change computation) are
 * written as they are now: their snapshots move to these values before the writes (the
 * journal puts them back if the flush fails). Objects marked for deletion are left: their
 * rows go.
 */
export function snapshotComputed(journal: Journal, touched: ReadonlySet<InstanceState>): void {
  for (const st of touched) {
    if (st.markedForDeletion || !st.hasRelationCells) continue;
    journal.record(st);
    st.relations.snapshotCurrent();
  }
}

/**
 * After `before*` handlers of `states` (already recorded in the journal): a reference a
 * handler changed on its own object (`object.author = bob`) writes the object's foreign
 * key now, so the INSERT or UPDATE about to run carries it, and its snapshot moves to the
 * new value. The assignment joins `assignments` (its backref is made at the end, after
 * the ones computed before). A new parent without a row yet (or being deleted) waits for
 * the next pass, which saves it first.
 */
export function takeHandlerReferences(
  states: readonly InstanceState[],
  assignments: Map<InstanceState, Assignment[]>,
  postUpdates: Set<InstanceState>,
  journal: Journal,
): void {
  for (let i = 0; i < states.length; i++) {
    const st = states[i] as InstanceState;
    if (!st.hasRelationCells) continue;
    const rs = st.relations;
    const snapshot = rs.snapshot;
    for (const [name, value] of rs) {
      const rel = st.mapper.relations.get(name);
      if (rel === undefined || !rel.ir.owning) continue;
      const snap = snapshot.get(name);
      if (value === snap) continue;
      const a = referenceAssignment(st, rel, value, snap);
      if (a === null) continue;
      if (a.parent !== null && (a.parent.committed === null || a.parent.markedForDeletion))
        continue;
      applyAssignment(a, postUpdates, journal);
      snapshot.set(name, value);
      const list = assignments.get(st);
      if (list === undefined) assignments.set(st, [a]);
      else list.push(a);
    }
  }
}

/**
 * At the end of a flush: the backrefs of every assignment written. `exact` when event
 * handlers ran (relations/backrefs.ts says why that matters).
 */
export function finishBackrefs(
  journal: Journal,
  assignments: ReadonlyMap<InstanceState, readonly Assignment[]>,
  exact: boolean,
): void {
  if (assignments.size === 0) return;
  const edits = exact ? new ExactEdits(journal) : new ResnapshotEdits(journal);
  for (const list of assignments.values()) for (const a of list) backref(a, edits);
  edits.finish();
}
