/**
 * How a Query's rows become objects: the SELECT with joined eager loads (aliased LEFT
 * JOINs, parents deduplicated, collections gathered), and select-in loading of the
 * relation paths of the query's options once the root objects are known.
 */
import { node, type JoinNode, type SelectionNode, type SelectNode } from '../../core/nodes.js';
import { ChildGroups } from '../relations/child-groups.js';
import { hydrate, lastHydrateCreated } from './hydrate.js';
import { type InstanceState } from '../state/instance-state.js';
import { stateOf } from '../state/lazy-state.js';
import {
  mapperSelections,
  selectinLoad,
  setLoaded,
  type LoaderSession,
} from '../relations/loaders.js';
import type { Mapper, RelationMapping } from '../mapping/mapper.js';
import type { LoadOption } from './options.js';
import { keyFiltered } from './key-filtered.js';
import { queryParts, type JoinedPlan, type QueryState } from './query-state.js';
import { relationJoins } from '../relations/relation-sql.js';
import { selectNode } from '../sql.js';

type Obj = Record<string, unknown>;

/** The SELECT, and how its rows become objects (with joined eager loads). */
export function planQuery(
  session: LoaderSession,
  mapper: Mapper,
  query: QueryState,
): {
  statement: SelectNode;
  joined: JoinedPlan[];
  selectinOptions: LoadOption[];
  /**
   * The query's objects from its rows (value arrays when `arrays`, else objects), written
   * into `rows` itself: the caller hands the array over.
   */
  collect: (rows: unknown[], arrays: boolean) => object[];
} {
  const root = mapper;
  // Parents each once in SQL where the joins allow it (key-filtered.ts says why).
  const s = keyFiltered(mapper, query) ?? query;
  const selections: SelectionNode[] = mapperSelections(root, root.ir.name, null);
  const joins: JoinNode[] = [...s.joins];
  const used = [...s.used];
  const joined: JoinedPlan[] = [];
  const selectinOptions: LoadOption[] = [];
  const limited = s.limit !== null || s.offset !== null;
  for (const opt of s.options) {
    const first = root.relation(opt.path[0] as string);
    if (opt.strategy === 'selectin' || (first.collection && limited)) {
      selectinOptions.push({ strategy: 'selectin', path: opt.path });
      continue;
    }
    let plan = joined.find((j) => j.rel === first);
    if (plan === undefined) {
      const target = first.target();
      const alias = `${first.name}_${joined.length + 1}`;
      joins.push(...relationJoins(first, root.ir.name, alias, 'left', used));
      used.push(alias);
      const prefix = `${alias}__`;
      const at = selections.length;
      selections.push(...mapperSelections(target, alias, prefix));
      plan = {
        rel: first,
        target,
        keys: target.props.map((p) => `${prefix}${p}`),
        at,
      };
      joined.push(plan);
    }
    if (opt.path.length > 1) selectinOptions.push({ strategy: 'selectin', path: opt.path });
  }
  // A collection join repeats the parent row; DISTINCT would not help, the collector dedupes.
  const parts = queryParts(mapper, s, selections);
  const orderBy =
    joined.some((j) => j.rel.collection) && parts.orderBy.length === 0
      ? root.pkColumns.map((c) =>
          node({
            kind: 'order' as const,
            expr: node({
              kind: 'column' as const,
              table: root.ir.name,
              name: c.name,
              type: c.type,
              propertyName: c.propertyName,
            }),
            direction: 'asc' as const,
            nulls: null,
          }),
        )
      : parts.orderBy;
  const statement = selectNode({
    ...parts,
    joins,
    orderBy,
    distinct: parts.distinct && joined.length === 0,
  });
  const populateExisting = s.populateExisting;
  const collect = (rows: unknown[], arrays: boolean): object[] => {
    // The objects go into the rows' own array, which the caller hands over (nothing reads
    // it after): row r is read before slot n <= r is written. A new array of the rows'
    // size cost more than the rest of the loop: V8 gives an array of more than about
    // 16,000 elements pages of its own, 450-600 us each on this machine (MariaDB W2, 20,000
    // rows: ORM/raw CPU 1.70-1.88x -> 1.36-1.49x, docs/orm.md).
    const out = rows as object[];
    let n = 0;
    // Made at the first already-mapped object: a fresh one cannot repeat an earlier row.
    let seen: Set<object> | null = null;
    // Joined collections: a group of children per (parent, relation), see child-groups.ts.
    const collections = new Map<InstanceState, Map<RelationMapping, number>>();
    const lists = new ChildGroups();
    session.identityMap.statesFor(root).reserve(rows.length);
    // An index loop: `for...of` allocated an iterator result per row until optimised.
    const rootAt = arrays ? 0 : null;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const obj = hydrate(session, root, row, rootAt, populateExisting);
      if (obj === null) continue;
      if (lastHydrateCreated) {
        out[n++] = obj;
        seen?.add(obj);
      } else {
        if (seen === null) {
          seen = new Set();
          for (let i = 0; i < n; i++) seen.add(out[i] as object);
        }
        if (!seen.has(obj)) {
          seen.add(obj);
          out[n++] = obj;
        }
      }
      if (joined.length === 0) continue;
      const st = stateOf(obj);
      for (const j of joined) {
        if (st.relations.has(j.rel.name) && !populateExisting && !collections.get(st)?.has(j.rel))
          continue;
        const child = hydrate(session, j.target, row, arrays ? j.at : j.keys, populateExisting);
        if (!j.rel.collection) {
          setLoaded(st, j.rel, child);
          continue;
        }
        let byRel = collections.get(st);
        if (byRel === undefined) collections.set(st, (byRel = new Map()));
        let group = byRel.get(j.rel);
        if (group === undefined) byRel.set(j.rel, (group = lists.addGroup()));
        // Joining two collections repeats each child once per row of the other.
        if (child !== null) lists.add(group, child);
      }
    }
    if (collections.size > 0) {
      lists.finish();
      for (const [st, byRel] of collections)
        for (const [rel, group] of byRel) setLoaded(st, rel, lists.uniqueList(group));
      lists.release();
    }
    if (n < out.length) out.length = n;
    return out;
  };
  return { statement, joined, selectinOptions, collect };
}

/** Loads the select-in paths of `options` for the query's root objects, level by level. */
export async function loadSelectinPaths(
  session: LoaderSession,
  mapper: Mapper,
  objects: readonly object[],
  options: readonly LoadOption[],
  populateExisting: boolean,
): Promise<void> {
  if (objects.length === 0 || options.length === 0) return;
  // Objects, not states: a parent without a state keeps its loaded collection lazily.
  for (const opt of options) {
    let level: readonly object[] = objects;
    let at = mapper;
    for (let i = 0; i < opt.path.length; i++) {
      if (level.length === 0) break;
      const rel = at.relation(opt.path[i] as string);
      const last = i === opt.path.length - 1;
      const children = await selectinLoad(
        session,
        level,
        rel,
        populateExisting,
        populateExisting,
        !last,
      );
      // The next level's parents; none needed after the path's last step.
      if (!last) level = [...new Set(children)];
      at = rel.target();
    }
  }
}
