/**
 * The delete cascade's children that are not in the deleted parent's loaded collection:
 * objects of the identity map loaded some other way (`get`, a query, another relation),
 * and new objects, whose foreign key (or reference) points at a parent this flush deletes. The database deletes their
 * rows with the parent's (ON DELETE CASCADE), or refuses the parent's DELETE (an `orphan:
 * 'delete'` relation over a NOT NULL key without an ON DELETE action); left in the session
 * they stayed persistent with no row behind them: `get` returned them from the identity
 * map without asking, and a change to one failed its flush (0 rows updated). The cascade
 * (cascades.ts) deletes them as it deletes loaded children, grandchildren included; a new
 * one is expunged instead of inserted, as SQLAlchemy's cascade takes a pending child.
 *
 * An expired object is left alone: its foreign key is the last one read, and another
 * transaction may have moved its row to a parent that stays (a DELETE would take that
 * row). The next read asks the database anyway, and detaches it if its row is gone.
 *
 * Cost: nothing for a flush that deletes nothing (the cascade returns before this). A
 * deleting flush walks, once, the identity map's (and pending set's) objects of the models
 * a cascade can reach from the deleted ones (not all of them), filing each under the
 * parent it points at, so
 * grandchildren are found without walking again. No parent → children index is kept
 * between flushes instead: it would cost every load, for the rare flush that deletes.
 */
import type { Mapper, RelationMapping } from '../mapping/mapper.js';
import type { IdentityMap } from '../state/identity-map.js';
import type { InstanceState } from '../state/instance-state.js';
import { isExpired, madeState } from '../state/lazy-state.js';
import type { PendingSet } from '../state/pending-set.js';
import { childFkOnDelete, keyString, sameColumns } from './relation-members.js';

type Obj = Record<string, unknown>;

const cascadingCache = new WeakMap<Mapper, readonly RelationMapping[]>();

/**
 * The relations of `mapper` whose children go when a parent is deleted: one-to-many and
 * inverse one-to-one whose child FK is ON DELETE CASCADE or whose orphans are deleted.
 */
export function cascadingRelations(mapper: Mapper): readonly RelationMapping[] {
  let rels = cascadingCache.get(mapper);
  if (rels === undefined) {
    rels = [...mapper.relations.values()].filter(
      (rel) =>
        !rel.ir.owning &&
        rel.kind !== 'many-to-many' &&
        (rel.ir.orphan === 'delete' || childFkOnDelete(rel) === 'cascade'),
    );
    cascadingCache.set(mapper, rels);
  }
  return rels;
}

/** Where one cascading relation's children in the identity map point. */
interface Filed {
  /** By the parent key their foreign key holds. */
  readonly byKey: Map<string, object[]>;
  /** By the object their reference was set to in this flush (it decides: see pointsAt). */
  readonly byObject: Map<object, object[]>;
}

/** The identity map's children of cascading relations, filed by the parent they point at. */
export class SessionChildren {
  private readonly filed = new Map<RelationMapping, Filed>();

  /** Files the children of every relation a cascade can reach from `deleted`'s models. */
  constructor(
    s: { readonly identityMap: IdentityMap; readonly pending: PendingSet },
    deleted: readonly InstanceState[],
  ) {
    const byChild = new Map<Mapper, RelationMapping[]>();
    const seen = new Set<Mapper>();
    const stack = deleted.map((st) => st.mapper);
    while (stack.length > 0) {
      const m = stack.pop() as Mapper;
      if (seen.has(m)) continue;
      seen.add(m);
      for (const rel of cascadingRelations(m)) {
        const child = rel.target();
        const list = byChild.get(child);
        if (list === undefined) byChild.set(child, [rel]);
        else list.push(rel);
        stack.push(child);
      }
    }
    if (byChild.size === 0) return;
    for (const mapper of s.identityMap.mappers()) {
      const rels = byChild.get(mapper);
      if (rels === undefined) continue;
      s.identityMap.statesFor(mapper).forEach((obj) => {
        if (!isExpired(obj)) for (const rel of rels) file(obj, rel, this.fileOf(rel));
      });
    }
    s.pending.forEach((st) => {
      const rels = byChild.get(st.mapper);
      if (rels !== undefined) for (const rel of rels) file(st.obj, rel, this.fileOf(rel));
    });
  }

  private fileOf(rel: RelationMapping): Filed {
    let f = this.filed.get(rel);
    if (f === undefined) this.filed.set(rel, (f = { byKey: new Map(), byObject: new Map() }));
    return f;
  }

  /** The objects in the identity map that point at `parent` through `rel`. */
  of(parent: InstanceState, rel: RelationMapping): readonly object[] {
    const f = this.filed.get(rel);
    if (f === undefined) return NONE;
    // The parent's row as the database has it: the key its children's rows hold.
    const row = parent.committed as Obj;
    const key = keyString(rel.ir.localColumns.map((c) => row[rel.owner.prop(c)]));
    const byKey = key === null ? undefined : f.byKey.get(key);
    const byObject = f.byObject.get(parent.obj);
    if (byObject === undefined) return byKey ?? NONE;
    return byKey === undefined ? byObject : [...byKey, ...byObject];
  }
}

const NONE: readonly object[] = [];

/** Files `obj` under the parent it points at through `rel`, if any. */
function file(obj: object, rel: RelationMapping, f: Filed): void {
  const to = pointsAt(obj, rel);
  if (to === null) return;
  const map = (typeof to === 'string' ? f.byKey : f.byObject) as Map<unknown, object[]>;
  const list = map.get(to);
  if (list === undefined) map.set(to, [obj]);
  else list.push(obj);
}

/**
 * What `obj` will point at through `rel` once this flush wrote it: the object its
 * reference to the parent was set to in this flush (`post.author = u2`: the flush copies
 * u2's key into the foreign key, whatever it holds now), else the key its foreign key holds
 * now (`post.authorId = 2` is written before any DELETE). Null: no parent (a NULL key, or
 * a reference set to null). Like `movedAway` in cascades.ts, a child given another parent
 * in this flush does not go with the old one.
 */
function pointsAt(obj: object, rel: RelationMapping): string | object | null {
  const child = rel.target();
  const st = madeState(obj);
  if (st !== null && st.hasRelationCells) {
    const back = backReference(rel, child);
    if (back !== null && st.relations.has(back)) {
      const value = st.relations.get(back);
      if (value !== st.relationSnapshot.get(back))
        return value === null || value === undefined ? null : (value as object);
    }
  }
  return keyString(rel.ir.targetColumns.map((c) => (obj as Obj)[child.prop(c)]));
}

const backCache = new WeakMap<RelationMapping, string | null>();

/** The child's reference to the parent over the same foreign key as `rel` (its inverse). */
function backReference(rel: RelationMapping, child: Mapper): string | null {
  let name = backCache.get(rel);
  if (name === undefined) {
    name = null;
    for (const back of child.relations.values())
      if (
        back.ir.owning &&
        back.target() === rel.owner &&
        sameColumns(back.ir.localColumns, rel.ir.targetColumns)
      ) {
        name = back.name;
        break;
      }
    backCache.set(rel, name);
  }
  return name;
}
