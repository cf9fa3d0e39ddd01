/**
 * After a flush's DELETEs: the session's objects stop pointing at the rows that are gone,
 * as the database's rows do. A deleted object left in a loaded collection (an author's
 * `books`, a book's `tags`) was taken by every later flush's save cascade for one the user
 * added back, and each of them failed ("was deleted") until the session was closed; a
 * child whose foreign key the database set to NULL (`ON DELETE SET NULL`) kept its old
 * key and its reference to the deleted parent in memory.
 *
 * So, once the DELETEs succeeded:
 * - a deleted object is taken out of the loaded collections (one-to-many, many-to-many)
 *   and inverse one-to-one references of the session's objects that hold it;
 * - a child whose foreign key to a deleted parent is `ON DELETE SET NULL` gets NULL in
 *   that key (and its snapshot) and in its reference to the parent.
 * Relation snapshots follow, so none of this is a change to flush. Each edit is noted in
 * the transaction journal: a rollback (the deleted objects become persistent again) puts
 * the members, references and keys back. An object the user puts back into a collection
 * after this is still an error at the next flush (session-objects.ts `cascadeAdd`).
 */
import type { Mapper, RelationMapping } from '../mapping/mapper.js';
import type { InstanceState } from '../state/instance-state.js';
import type { Journal } from '../state/journal.js';
import type { IdentityMap } from '../state/identity-map.js';
import { lazyTag, loadedValue, stateOf } from '../state/lazy-state.js';
import { snapshotOf } from '../relations/relation-slots.js';
import { childFkOnDelete, keyString, sameColumns } from '../relations/relation-members.js';

type Obj = Record<string, unknown>;

/** The session as this pass sees it. */
export interface DeletedReferencesSession {
  readonly journal: Journal;
  readonly identityMap: IdentityMap;
}

/** Brings the session's objects in step with the DELETEs of `gone` (this flush's). */
export function forgetDeleted(s: DeletedReferencesSession, gone: readonly InstanceState[]): void {
  if (gone.length === 0) return;
  const objs = new Set<object>();
  const mappers = new Set<Mapper>();
  for (const st of gone) {
    objs.add(st.obj);
    mappers.add(st.mapper);
  }
  nullSetNullChildren(s, gone);
  // Every holder is in the identity map (the flush left nothing pending); one walk.
  const holders: InstanceState[] = [];
  s.identityMap.forEach((obj, mapper) => {
    if (holdsGone(obj, mapper, objs, mappers)) holders.push(stateOf(obj));
  });
  for (const st of holders) dropMembers(s.journal, st, objs, mappers);
}

/** True when a loaded inverse-side relation of `obj` may hold one of the deleted objects. */
function holdsGone(
  obj: object,
  mapper: Mapper,
  objs: ReadonlySet<object>,
  mappers: ReadonlySet<Mapper>,
): boolean {
  const tag = lazyTag(obj);
  if (tag !== null) {
    // An object without a state holds at most one relation, in its reference slot.
    if (tag.refSlot < 0) return false;
    const name = mapper.relationNames[tag.refSlot] as string;
    const rel = mapper.relations.get(name);
    return (
      rel !== undefined &&
      candidate(rel, mappers) &&
      holds(loadedValue(obj, name, tag.refSlot), objs)
    );
  }
  const st = stateOf(obj);
  if (!st.hasRelationCells) return false;
  for (const [name, value] of st.relations) {
    const rel = mapper.relations.get(name);
    if (rel !== undefined && candidate(rel, mappers) && holds(value, objs)) return true;
  }
  return false;
}

/** Collections and inverse one-to-ones whose target model had rows deleted. */
function candidate(rel: RelationMapping, mappers: ReadonlySet<Mapper>): boolean {
  return (!rel.ir.owning || rel.kind === 'many-to-many') && mappers.has(rel.target());
}

function holds(value: unknown, objs: ReadonlySet<object>): boolean {
  if (Array.isArray(value)) return value.some((o) => objs.has(o as object));
  return value !== null && value !== undefined && objs.has(value as object);
}

/** Takes the deleted objects out of `st`'s loaded relations (value and snapshot). */
function dropMembers(
  journal: Journal,
  st: InstanceState,
  objs: ReadonlySet<object>,
  mappers: ReadonlySet<Mapper>,
): void {
  // Before any change: a rollback puts the relation snapshots back from here.
  journal.record(st);
  const rs = st.relations;
  for (const [name, value] of rs) {
    const rel = st.mapper.relations.get(name);
    if (rel === undefined || !candidate(rel, mappers) || !holds(value, objs)) continue;
    if (Array.isArray(value)) {
      // In place: the user may hold the array.
      const list = value as object[];
      for (let i = list.length - 1; i >= 0; i--) {
        const member = list[i] as object;
        if (!objs.has(member)) continue;
        list.splice(i, 1);
        // Undone newest first: lowest index last, each back where it was.
        journal.noteUndo(() => {
          if (!list.includes(member)) list.splice(Math.min(i, list.length), 0, member);
        });
      }
      // The snapshot loses the deleted members too, and nothing else: the live list may hold
      // a member a handler of this flush pushed, a change still to write (so not
      // `setLoaded`, which would make the whole list the clean state).
      const before = st.relationSnapshot.get(name);
      if (Array.isArray(before))
        st.relationSnapshot.set(name, snapshotOf(before.filter((o) => !objs.has(o as object))));
    } else {
      const member = value as object;
      rs.setLoaded(name, null);
      journal.noteUndo(() => {
        if (st.relations.get(name) === null) st.relations.set(name, member);
      });
    }
  }
}

/**
 * Children in the session whose foreign key to a deleted parent is `ON DELETE SET NULL`:
 * the key and the reference to the parent become null, as the row's did.
 */
function nullSetNullChildren(s: DeletedReferencesSession, gone: readonly InstanceState[]): void {
  // Per relation (parent side), the deleted parents' keys in the child's columns.
  let byRel: Map<RelationMapping, Map<string, InstanceState>> | null = null;
  for (const parent of gone) {
    for (const rel of parent.mapper.relations.values()) {
      if (rel.ir.owning || rel.kind === 'many-to-many') continue;
      if (childFkOnDelete(rel) !== 'set null') continue;
      const row = parent.committed as Obj;
      const key = keyString(rel.ir.localColumns.map((c) => row[rel.owner.prop(c)]));
      if (key === null) continue;
      byRel ??= new Map();
      let keys = byRel.get(rel);
      if (keys === undefined) byRel.set(rel, (keys = new Map()));
      keys.set(key, parent);
    }
  }
  if (byRel === null) return;
  for (const [rel, keys] of byRel) {
    const child = rel.target();
    const props = rel.ir.targetColumns.map((c) => child.prop(c));
    const matches: [object, InstanceState][] = [];
    s.identityMap.statesFor(child).forEach((obj) => {
      const key = keyString(props.map((p) => (obj as Obj)[p]));
      const parent = key === null ? undefined : keys.get(key);
      if (parent !== undefined) matches.push([obj, parent]);
    });
    for (const [obj, parent] of matches) setNull(s.journal, stateOf(obj), rel, props, parent);
  }
}

function setNull(
  journal: Journal,
  st: InstanceState,
  rel: RelationMapping,
  props: readonly string[],
  parent: InstanceState,
): void {
  if (st.deletedFlushed || st.markedForDeletion) return;
  // Before any change: a rollback puts the snapshot and relation snapshots back.
  journal.record(st);
  const o = st.obj as Obj;
  const committed = { ...st.committed };
  for (const p of props) {
    journal.noteWrite(o, p, o[p], null);
    o[p] = null;
    committed[p] = null;
  }
  // A copy: the journal holds the one it recorded.
  st.committed = committed;
  for (const [name, value] of st.relations) {
    const back = st.mapper.relations.get(name);
    if (
      back === undefined ||
      !back.ir.owning ||
      back.target() !== parent.mapper ||
      !sameColumns(back.ir.localColumns, rel.ir.targetColumns) ||
      value !== parent.obj
    )
      continue;
    st.relations.setLoaded(name, null);
    journal.noteUndo(() => {
      if (st.relations.get(name) === null) st.relations.set(name, parent.obj);
    });
  }
}
