/**
 * The unit of work's per-object steps around a table's INSERTs: before (foreign keys
 * from assignments, the first version), after (snapshot, identity key) and at the end of
 * the flush (the new rows' relations).
 *
 * They are plain functions, out of the flush's async one: V8 does not optimize an async
 * function in the middle of a loop (no on-stack replacement), and a flush is one call, so
 * a flush of 10,000 new objects ran these loops in the interpreter (measured: the flush's
 * own code was the largest ORM entry of W3's CPU profile on SQLite). Here each loop is
 * optimized while it runs.
 */
import type { Mapper, RelationMapping } from '../mapping/mapper.js';
import { keyOf } from '../state/identity-map.js';
import type { InstanceState } from '../state/instance-state.js';
import { snapshot } from '../state/snapshots.js';
import { snapshotOf } from '../relations/relation-slots.js';
import { anchorStateTwins } from '../state/state-anchors.js';

type Obj = Record<string, unknown>;

/** True when one of `states` is marked for deletion (and so is not to be inserted). */
export function someMarkedForDeletion(states: readonly InstanceState[]): boolean {
  for (let i = 0; i < states.length; i++)
    if ((states[i] as InstanceState).markedForDeletion) return true;
  return false;
}

/**
 * Before a wave's INSERT: `apply` writes each object's assigned foreign keys (null when
 * the flush has no assignments), and a versioned table's new rows start at version 1.
 */
export function prepareWave(
  mapper: Mapper,
  wave: readonly InstanceState[],
  apply: ((st: InstanceState) => void) | null,
): void {
  const versionProp = mapper.versionProp;
  if (apply === null && versionProp === null) return;
  for (let i = 0; i < wave.length; i++) {
    const st = wave[i] as InstanceState;
    if (apply !== null) apply(st);
    if (versionProp !== null && (st.obj as Obj)[versionProp] === undefined)
      (st.obj as Obj)[versionProp] = 1;
  }
}

/** After a wave's INSERT: each row's snapshot and identity key; marked inserted by this flush. */
export function markInserted(mapper: Mapper, wave: readonly InstanceState[]): void {
  for (let i = 0; i < wave.length; i++) {
    const st = wave[i] as InstanceState;
    snapshot(st);
    st.key = keyOf(mapper, st.obj as Obj);
    st.inserting = true;
  }
}

/**
 * At the end of a flush (before the backrefs): the inserted objects are no longer being
 * inserted, and a new row has no related rows but those this flush wrote, so its
 * inverse-side relations start loaded empty, value and snapshot (made on first use when
 * nothing is loaded or set). The relations set on them were written, their snapshots
 * taken before the writes (flushed-relations.ts). With `handlers`, a handler may have set
 * an inverse-side relation during the flush (`object.articles.push(...)` in
 * `afterInsert`) with no snapshot: the snapshot is the empty one, so the members are
 * added by the next pass (without it, that pass would load the relation first).
 */
export function finishInserted(
  inserted: readonly (readonly InstanceState[])[],
  handlers: boolean,
): void {
  for (const wave of inserted) {
    if (wave.length > 0) anchorStateTwins(wave[0] as InstanceState);
    for (let i = 0; i < wave.length; i++) {
      const st = wave[i] as InstanceState;
      st.inserting = false;
      const inverseSide = st.mapper.inverseSideRelations;
      if (inverseSide.length === 0) continue;
      if (st.relationCells === null) {
        st.markRelationsEmpty();
        continue;
      }
      const rs = st.relations;
      for (let j = 0; j < inverseSide.length; j++) {
        const r = inverseSide[j] as RelationMapping;
        if (!rs.has(r.name)) rs.setLoaded(r.name, r.collection ? [] : null);
        else if (handlers && !rs.snapshot.has(r.name)) rs.snapshot.set(r.name, emptyOf(r));
      }
    }
  }
}

/** The snapshot of an inverse-side relation of a new row: no members, no object. */
function emptyOf(r: RelationMapping): unknown {
  return r.collection ? snapshotOf([]) : null;
}
