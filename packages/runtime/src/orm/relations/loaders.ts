/**
 * Relationship loading: select-in (one extra SELECT per relation and per chunk of 1,000
 * parent keys, whatever the number of parents: no N+1) and the column lists joined eager
 * loading needs. Loaded values are set on the objects with a snapshot, so later changes to
 * them are seen by the flush.
 */
import { node, type JoinNode, type SelectionNode } from '../../core/nodes.js';
import type { ColumnIR } from '../../schema/ir.js';
import type { OrmExecutor } from '../session/executor.js';
import { hydrate, type HydrateTarget } from '../query/hydrate.js';
import { ChildGroups } from './child-groups.js';
import { keyOrder, orderByKey } from './key-order.js';
import { anchorShape } from '../../core/shape-anchors.js';
import { identityKey, KeyedStates, type IdentityKey } from '../state/identity-map.js';
import { indexesOf, keyAt, keyReader } from './relation-keys.js';
import { snapshotOf, type InstanceState } from '../state/instance-state.js';
import {
  hasRow,
  isExpired,
  isRelationLoaded,
  loadedValue,
  loadReferenceOf,
  setLoadedOn,
} from '../state/lazy-state.js';
import type { Mapper, RelationMapping } from '../mapping/mapper.js';
import type { Filter } from '../criteria/filter.js';
import type { FiltersOff, SessionCriteria } from '../criteria/session-criteria.js';
import { throughColumns } from './relation-sync.js';
import { columnNode, eqNode, andNode, matchAny, selectNode, selection, tableNode } from '../sql.js';

type Obj = Record<string, unknown>;

/** Keys per IN list of a select-in load (well under every dialect's parameter limit). */
export const SELECTIN_CHUNK = 1000;

export interface LoaderSession extends HydrateTarget {
  executor(): Promise<OrmExecutor>;
  /** The session's filters (null when it has none): a reference taken from memory must pass them. */
  readonly criteria: SessionCriteria | null;
  /**
   * The filters the query loading switched off (`withDeleted()`, `withoutFilters(...)`),
   * set on its reader view (filtered-reader.ts); absent on the session itself.
   */
  readonly filtersOff?: FiltersOff | null;
}

/**
 * The select-in query every loader runs: the target's columns (plus `extra` selections),
 * `WHERE match IN (keys)` in chunks of {@link SELECTIN_CHUNK}; each row is handed to
 * `onRow` as it comes (no array of every row), with where the target's columns start in
 * it (0 for a value array, null for an object: see `RowAt`).
 *
 * No ORDER BY where the target's key is integers: the loaders put each parent's children
 * in key order themselves ({@link keyOrder}), where they nearly always come in it already.
 * Other keys (text by its collation, decimals, enums by declaration, bytes) are ordered by
 * the database, whose order JavaScript's does not match. Why: the server's sort
 * was the ORM's whole wall-clock gap on W4 of the peer bench on MariaDB. With fresh table
 * statistics (or a table large against its IN list) MariaDB looks the keys up through the
 * foreign key's index and then sorts the 10,000 rows in a temporary table, on disk since
 * they hold TEXT columns: 31.7-36.2 ms median for the ORM's SELECT against 23.5-24.2 ms for
 * the same SELECT without the ORDER BY (the Core's), in the same processes.
 */
async function selectIn(
  session: LoaderSession,
  target: Mapper,
  match: readonly ColumnIR[],
  matchQualifier: string,
  keys: readonly (readonly unknown[])[],
  onRow: (row: unknown, at: 0 | null) => void,
  extra: { selections: readonly SelectionNode[]; joins: readonly JoinNode[] } | null = null,
): Promise<void> {
  if (keys.length === 0) return;
  const ex = await session.executor();
  const qualifier = target.ir.name;
  const sortedHere = keyOrder(target) !== null;
  const selections =
    extra === null
      ? mapperSelections(target, qualifier, null)
      : [...mapperSelections(target, qualifier, null), ...extra.selections];
  for (let start = 0; start < keys.length; start += SELECTIN_CHUNK) {
    const chunk = keys.length <= SELECTIN_CHUNK ? keys : keys.slice(start, start + SELECTIN_CHUNK);
    const stmt = selectNode({
      selections,
      from: [tableNode(target.ir)],
      joins: extra === null ? [] : extra.joins,
      where: matchAny(match, chunk, matchQualifier, ex.arrayParameters === true),
      ...(sortedHere ? {} : { orderBy: orderByKey(target, qualifier) }),
    });
    const { rows, arrays } = await ex.select(stmt);
    session.identityMap.statesFor(target).reserve(rows.length);
    const at = arrays ? 0 : null;
    for (let i = 0; i < rows.length; i++) onRow(rows[i], at);
  }
}

/** Sets a relation value as loaded (value and snapshot). */
export function setLoaded(st: InstanceState, rel: RelationMapping, value: unknown): void {
  st.relations.setLoaded(rel.name, value);
}

/** The relation's slot in its owner's mapper (see RelationSlots). */
function slotOf(rel: RelationMapping): number {
  return rel.owner.relationSlot.get(rel.name) as number;
}

/** Sets a relation of a mapped object (which may have no state yet) as loaded. */
function setLoadedObj(obj: object, rel: RelationMapping, value: unknown): void {
  setLoadedOn(obj, rel.name, slotOf(rel), value);
}

/** The mapper's columns as selections; `prefix` aliases each (joined loads), else keyed by property. */
export function mapperSelections(mapper: Mapper, qualifier: string, prefix: string | null) {
  return mapper.columns.map((c) =>
    selection(columnNode(c, qualifier), prefix === null ? null : `${prefix}${c.propertyName}`),
  );
}

/**
 * Loads `rel` for every parent that does not have it loaded yet (all of them with
 * `overwrite`), and returns the related objects (for nested paths like `posts.tags`;
 * `wantRelated: false` skips gathering them when the path ends here).
 */
export async function selectinLoad(
  session: LoaderSession,
  parents: readonly object[],
  rel: RelationMapping,
  overwrite: boolean,
  populateExisting: boolean,
  wantRelated = true,
): Promise<object[]> {
  // Parents are mapped objects, with or without a state made (lazy-state.ts).
  const slot = slotOf(rel);
  const todo = parents.filter(
    (o) => hasRow(o) && (overwrite || !isRelationLoaded(o, rel.name, slot)),
  );
  if (todo.length > 0) {
    const target = rel.target();
    if (rel.ir.owning) await loadReferences(session, todo, rel, target, populateExisting);
    else if (rel.kind === 'many-to-many')
      await loadLinked(session, todo, rel, target, populateExisting);
    else await loadChildren(session, todo, rel, target, populateExisting);
  }
  const related: object[] = [];
  if (wantRelated)
    for (const o of parents)
      for (const m of members(loadedValue(o, rel.name, slot))) related.push(m);
  return related;
}

function members(v: unknown): object[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? (v as object[]) : [v as object];
}

/** Many-to-one / owning one-to-one: look the targets up by the parents' FK values. */
async function loadReferences(
  session: LoaderSession,
  parents: readonly object[],
  rel: RelationMapping,
  target: Mapper,
  populateExisting: boolean,
): Promise<void> {
  const localProps = rel.ir.localColumns.map((c) => rel.owner.prop(c));
  const targetCols = rel.ir.targetColumns.map((c) => target.column(c));
  const targetProps = targetCols.map((c) => c.propertyName);
  const byPk = sameColumns(targetCols, target.pkColumns);
  const filters = byPk && !populateExisting ? memoryFilters(session, target) : null;
  const found = new Map<IdentityKey, object>();
  const missing = new Map<IdentityKey, unknown[]>();
  for (const parent of parents) {
    const vals = localProps.map((p) => (parent as Obj)[p]);
    if (vals.some((v) => v === null || v === undefined)) continue;
    const key = identityKey(vals);
    if (found.has(key) || missing.has(key)) continue;
    const mapped = byPk && !populateExisting ? session.identityMap.get(target, key) : undefined;
    if (
      mapped !== undefined &&
      !isExpired(mapped) &&
      (filters === null || passes(filters, mapped, target))
    )
      found.set(key, mapped);
    else missing.set(key, vals);
  }
  const targetKey = keyReader(targetProps, indexesOf(target, targetProps));
  const keys = [...missing.values()];
  await selectIn(session, target, targetCols, target.ir.name, keys, (row, at) => {
    const obj = hydrate(session, target, row, at, populateExisting);
    if (obj !== null) found.set(targetKey(row, at), obj);
  });
  for (const parent of parents) {
    const vals = localProps.map((p) => (parent as Obj)[p]);
    const value = vals.some((v) => v === null || v === undefined)
      ? null
      : (found.get(identityKey(vals)) ?? null);
    setLoadedObj(parent, rel, value);
  }
  // Emptied, not just dropped: see child-groups.ts.
  found.clear();
}

/**
 * The session's filters on `target` for this load (the query's switched-off ones left
 * out); null when none apply, as in a session without filters. An object in the identity
 * map may be one the filters hide — soft-deleted since it was loaded, or read by a query
 * that switched the tenant filter off — so a reference is taken from memory only when it
 * passes them (as `get()` does), and read from the database otherwise, where the
 * filters' conditions decide.
 */
function memoryFilters(session: LoaderSession, target: Mapper): readonly Filter[] | null {
  const criteria = session.criteria;
  if (criteria === null) return null;
  const list = criteria.active(target.ir, session.filtersOff ?? null);
  return list.length === 0 ? null : list;
}

/**
 * True when every filter's in-memory test passes `obj`. A filter without one cannot vouch
 * for the object: it is read from the database instead (one SELECT for all such keys).
 */
function passes(filters: readonly Filter[], obj: object, target: Mapper): boolean {
  for (let i = 0; i < filters.length; i++) {
    const m = (filters[i] as Filter).matches;
    if (m === null || !m(obj, target)) return false;
  }
  return true;
}

/** The children of one parent key: the first parent with that key, its group's number. */
class ChildGroup {
  constructor(
    readonly parent: object,
    readonly group: number,
  ) {}
}
// Kept for its map, as the other per-load classes are (shape-anchors.ts).
anchorShape(new ChildGroup({}, 0));

/** One-to-many / inverse one-to-one: children whose FK is one of the parents' keys. */
async function loadChildren(
  session: LoaderSession,
  parents: readonly object[],
  rel: RelationMapping,
  target: Mapper,
  populateExisting: boolean,
): Promise<void> {
  const localProps = rel.ir.localColumns.map((c) => rel.owner.prop(c));
  const fkCols = rel.ir.targetColumns.map((c) => target.column(c));
  const fkProps = fkCols.map((c) => c.propertyName);
  // By parent key: integer keys index a dense array (KeyedStates), cheaper per child row
  // than a Map's hashing; other keys go in its Map.
  const groups = new KeyedStates<ChildGroup>();
  const lists = new ChildGroups();
  const keys: unknown[][] = [];
  // Each parent's key, in `parents` order (computed once, used again below).
  const parentKeys: IdentityKey[] = new Array(parents.length);
  for (let i = 0; i < parents.length; i++) {
    const o = parents[i] as Obj;
    const key = keyAt(o, localProps);
    parentKeys[i] = key;
    if (groups.get(key) === undefined) {
      groups.set(key, new ChildGroup(o, lists.addGroup()));
      keys.push(localProps.map((p) => o[p]));
    }
  }
  // The children's reference back to their parent is known from the same rows.
  const inverseRel = rel.ir.inverse === null ? undefined : target.relations.get(rel.ir.inverse);
  const inverse = inverseRel !== undefined && inverseRel.ir.owning ? inverseRel : undefined;
  const inverseSlot = inverse === undefined ? -1 : (target.relationSlot.get(inverse.name) ?? -1);
  const fkKey = keyReader(fkProps, indexesOf(target, fkProps));
  await selectIn(session, target, fkCols, target.ir.name, keys, (row, at) => {
    const obj = hydrate(session, target, row, at, populateExisting);
    if (obj === null) return;
    const group = groups.get(fkKey(row, at));
    if (group === undefined) return;
    lists.add(group.group, obj);
    if (inverse !== undefined) loadReferenceOf(obj, inverse.name, inverseSlot, group.parent);
  });
  lists.finish();
  const order = keyOrder(target);
  if (order !== null) lists.sortGroups(order);
  for (let i = 0; i < parents.length; i++) {
    const list = lists.list((groups.get(parentKeys[i] as IdentityKey) as ChildGroup).group);
    setLoadedObj(parents[i] as object, rel, rel.collection ? list : (list[0] ?? null));
  }
  lists.release();
  groups.clear();
}

/** Many-to-many: targets joined through the link table, grouped by the owner's key. */
async function loadLinked(
  session: LoaderSession,
  parents: readonly object[],
  rel: RelationMapping,
  target: Mapper,
  populateExisting: boolean,
): Promise<void> {
  const through = rel.ir.through!;
  const { table: link, columns } = throughColumns(rel);
  const ownerLinkCols = columns.slice(0, through.localColumns.length);
  const targetLinkCols = columns.slice(through.localColumns.length);
  const localProps = rel.ir.localColumns.map((c) => rel.owner.prop(c));
  const targetCols = rel.ir.targetColumns.map((c) => target.column(c));
  const groups = new Map<IdentityKey, number>();
  const lists = new ChildGroups();
  const keys: unknown[][] = [];
  for (const parent of parents) {
    const vals = localProps.map((p) => (parent as Obj)[p]);
    const key = identityKey(vals);
    if (!groups.has(key)) {
      groups.set(key, lists.addGroup());
      keys.push(vals);
    }
  }
  const ownerAliases = ownerLinkCols.map((_, i) => `__owner_${i}`);
  // The owner's key follows the target's columns in the select list.
  const ownerKey = keyReader(
    ownerAliases,
    ownerAliases.map((_, i) => target.props.length + i),
  );
  const join: JoinNode = node({
    kind: 'join',
    type: 'inner',
    source: tableNode(link),
    on: andNode(
      targetLinkCols.map((c, i) =>
        eqNode(columnNode(c, link.name), columnNode(targetCols[i] as ColumnIR, target.ir.name)),
      ),
    ),
  });
  const extra = {
    selections: ownerLinkCols.map((c, i) =>
      selection(columnNode(c, link.name), ownerAliases[i] as string),
    ),
    joins: [join],
  };
  await selectIn(
    session,
    target,
    ownerLinkCols,
    link.name,
    keys,
    (row, at) => {
      const obj = hydrate(session, target, row, at, populateExisting);
      if (obj === null) return;
      const group = groups.get(ownerKey(row, at));
      if (group !== undefined) lists.add(group, obj);
    },
    extra,
  );
  lists.finish();
  const order = keyOrder(target);
  if (order !== null) lists.sortGroups(order);
  for (const parent of parents) {
    const key = identityKey(localProps.map((p) => (parent as Obj)[p]));
    setLoadedObj(parent, rel, lists.list(groups.get(key) as number));
  }
  lists.release();
}

function sameColumns(a: readonly ColumnIR[], b: readonly ColumnIR[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
