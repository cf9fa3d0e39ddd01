/**
 * The cascades the flush runs before it computes the relation changes: objects reachable
 * through the loaded relations of the session's objects are added (save cascade), and
 * deleting a parent deletes its children in the session where the schema says so (delete
 * cascade).
 */
import { InvalidRequestError } from '../errors.js';
import type { InstanceState } from '../state/instance-state.js';
import { stateOf } from '../state/lazy-state.js';
import type { RelationMapping } from '../mapping/mapper.js';
import { wrongModel } from '../mapping/model.js';
import { members, movedByKey, sameColumns } from './relation-members.js';
import { cascadingRelations, SessionChildren } from './session-children.js';
import type { SyncSession } from './relation-sync.js';

/** Save cascade: add every transient object reachable through loaded relations. */
export function cascadeSave(s: SyncSession): void {
  // Only objects with relation cells can reach others (most new objects have none).
  const queue: InstanceState[] = [];
  s.pending.forEach((st) => {
    if (st.hasRelationCells) queue.push(st);
  });
  for (const st of s.persistentStates()) if (st.hasRelationCells) queue.push(st);
  // Breadth-first in the order objects were added, so INSERTs follow the user's order.
  for (let i = 0; i < queue.length; i++) {
    const st = queue[i] as InstanceState;
    if (!st.hasRelationCells) continue;
    for (const [name, value] of st.relations) {
      for (const obj of members(value)) {
        const rs = stateOf(obj);
        if (rs.session === st.session && rs.session !== null) continue;
        if (rs.session !== null)
          throw new InvalidRequestError(
            `${st.mapper.name}.${name} holds an object that belongs to another session; use session.merge() to copy it`,
          );
        // Before it joins the session: an object of another model pushed into a
        // collection would be inserted into its own table, unrelated.
        const rel = st.mapper.relations.get(name);
        if (rel !== undefined && rs.mapper !== rel.target())
          throw wrongModel(rel, rel.target(), obj);
        s.cascadeAdd(rs, `${st.mapper.name}.${name}`);
        queue.push(rs);
      }
    }
  }
}

/**
 * Delete cascade: the children of deleted objects where the schema says so (ON DELETE
 * CASCADE, or orphans deleted), recursively: those in a deleted parent's loaded
 * collection, and those in the session whose foreign key points at it although they were
 * loaded some other way, or are new (session-children.ts). Each goes as `session.delete()`
 * takes it (its delete events, a rollback unmarks it), unless it was given another parent
 * in this flush. The database cascades the rows the session does not hold.
 *
 * `done`: the objects a previous call of this flush handled (returned by it), so the call
 * after the orphan pass looks only at what that pass marked. Null is returned when
 * nothing is deleted: a flush without deletes allocates nothing here.
 */
export function cascadeDeletes(
  s: SyncSession,
  done: Set<InstanceState> | null,
): Set<InstanceState> | null {
  if (s.deleted.size === 0) return done;
  const seen = done ?? new Set<InstanceState>();
  const queue: InstanceState[] = [];
  for (const st of s.deleted)
    if (!seen.has(st)) {
      seen.add(st);
      queue.push(st);
    }
  if (queue.length === 0) return seen;
  const elsewhere = new SessionChildren(s, queue);
  const take = (cs: InstanceState): void => {
    seen.add(cs);
    s.cascadeDelete(cs);
    if (cs.markedForDeletion) queue.push(cs);
  };
  while (queue.length > 0) {
    const st = queue.pop() as InstanceState;
    for (const rel of cascadingRelations(st.mapper)) {
      if (st.hasRelationCells && st.relations.has(rel.name))
        for (const child of members(st.relations.get(rel.name))) {
          const cs = stateOf(child);
          if (!seen.has(cs) && !movedAway(cs, rel, st)) take(cs);
        }
      // Filed by where they point: a child moved away is not under this parent.
      for (const child of elsewhere.of(st, rel)) {
        const cs = stateOf(child);
        if (!seen.has(cs)) take(cs);
      }
    }
  }
  return seen;
}

/**
 * A child still in a deleted parent's loaded collection that was given another parent (or
 * none) in this flush, through its reference (`chapter.book = other`) or its foreign key:
 * it leaves with its move, not with the parent. The collection is only brought up to date
 * when the flush computes the relation changes, after the cascade.
 */
function movedAway(child: InstanceState, rel: RelationMapping, parent: InstanceState): boolean {
  if (movedByKey(child, rel, parent)) return true;
  for (const [name, value] of child.relations) {
    const back = child.mapper.relations.get(name);
    if (
      back !== undefined &&
      back.ir.owning &&
      back.target() === parent.mapper &&
      sameColumns(back.ir.localColumns, rel.ir.targetColumns) &&
      child.relationSnapshot.get(name) !== value &&
      value !== parent.obj
    )
      return true;
  }
  return false;
}
