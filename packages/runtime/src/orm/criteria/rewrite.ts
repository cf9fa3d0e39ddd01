/**
 * Adds a session's default criteria to a statement (Core nodes, before compiling): every
 * table the statement reads — in FROM, in a JOIN, in a subquery anywhere (its selections,
 * WHERE, ORDER BY, a window, RETURNING, a SET value ...), a derived table or a CTE — gets
 * its filters' conditions, qualified by the name the statement gives it; JOINed tables in
 * their ON clause (so an outer join still keeps the rows of its left side), the others in
 * WHERE. UPDATE and DELETE get the conditions of the filters that guard writes, and so
 * does the DO UPDATE branch of an upsert (in its WHERE).
 *
 * A SELECT with a RIGHT or FULL JOIN keeps rows of a side whatever ON says, and a
 * condition in WHERE would drop the rows the outer join adds: there every filtered table
 * is read as `(SELECT * FROM t WHERE cond) AS t`, under the name the statement gives it.
 *
 * Nothing is rebuilt where nothing applies: a statement without a filtered table comes
 * back as the same node (the compiler's caches keep working). The walk over expressions
 * (expression-walk.ts) is exhaustive, checked at compile time.
 */
import {
  node,
  type CteNode,
  type ExpressionNode,
  type FromNode,
  type InsertNode,
  type JoinNode,
  type OnConflictNode,
  type QueryNode,
  type SelectNode,
  type StatementNode,
  type TableNode,
} from '../../core/nodes.js';
import {
  mapExpr,
  mapExprs,
  mapMaybe,
  mapOrders,
  mapRows,
  mapSame,
  mapSelections,
  mapSets,
  type OnQuery,
} from './expression-walk.js';

/**
 * The condition to add for a table as a statement names it (`qualifier`: its alias or
 * name), or null when no filter applies; `writes` asks for the write-guarding ones only.
 */
export type ConditionFor = (
  table: TableNode,
  qualifier: string,
  writes: boolean,
) => ExpressionNode | null;

/** The conditions, and the walk of the queries nested in expressions. */
interface Walk {
  readonly cond: ConditionFor;
  readonly q: OnQuery;
}

function and(a: ExpressionNode | null, b: ExpressionNode): ExpressionNode {
  if (a === null) return b;
  return node({ kind: 'logical', op: 'and', items: Object.freeze([a, b]) });
}

function nameOf(t: TableNode): string {
  return t.alias ?? t.name;
}

export function applyCriteria(statement: StatementNode, cond: ConditionFor): StatementNode {
  const r: Walk = { cond, q: (x) => query(x, r) };
  const q = r.q;
  switch (statement.kind) {
    case 'select':
    case 'compound':
      return query(statement, r);
    // A write's CTEs and the subqueries in its SET values, VALUES rows and RETURNING read
    // tables too: each is filtered like any read (else a tenant's UPDATE could copy
    // another's rows).
    case 'update': {
      const own = cond(statement.table, nameOf(statement.table), true);
      let where = mapMaybe(statement.where, q);
      const from = fromItems(statement.from, r, false);
      if (own !== null) where = and(where, own);
      if (from.extra !== null) where = and(where, from.extra);
      const set = mapSets(statement.set, q);
      const w = ctes(statement.with, q);
      const returning = mapSelections(statement.returning, q);
      const unchanged =
        where === statement.where &&
        from.items === statement.from &&
        set === statement.set &&
        w === statement.with &&
        returning === statement.returning;
      if (unchanged) return statement;
      return { ...statement, where, from: from.items, set, with: w, returning };
    }
    case 'delete': {
      const own = cond(statement.table, nameOf(statement.table), true);
      let where = mapMaybe(statement.where, q);
      const using = fromItems(statement.using, r, false);
      if (own !== null) where = and(where, own);
      if (using.extra !== null) where = and(where, using.extra);
      const w = ctes(statement.with, q);
      const returning = mapSelections(statement.returning, q);
      const unchanged =
        where === statement.where &&
        using.items === statement.using &&
        w === statement.with &&
        returning === statement.returning;
      if (unchanged) return statement;
      return { ...statement, where, using: using.items, with: w, returning };
    }
    case 'insert': {
      const values = Array.isArray(statement.values)
        ? mapRows(statement.values as readonly (readonly ExpressionNode[])[], q)
        : q(statement.values as QueryNode);
      const w = ctes(statement.with, q);
      const onConflict = conflict(statement, r);
      const returning = mapSelections(statement.returning, q);
      const unchanged =
        values === statement.values &&
        w === statement.with &&
        onConflict === statement.onConflict &&
        returning === statement.returning;
      if (unchanged) return statement;
      return { ...statement, values, with: w, onConflict, returning };
    }
    case 'rawStatement': {
      // Its text is run as written; builder nodes interpolated into it are walked.
      const raw = mapExpr(statement.raw, q);
      return raw === statement.raw ? statement : { ...statement, raw: raw as typeof statement.raw };
    }
  }
}

/**
 * An upsert's DO UPDATE changes the existing row it conflicts with, which may be one the
 * session must not write: its WHERE gets the write-guarding conditions (the row is then
 * neither inserted nor changed). Subqueries in its SET values and WHERE are filtered.
 */
function conflict(s: InsertNode, r: Walk): OnConflictNode | null {
  const oc = s.onConflict;
  if (oc === null || oc.update === null) return oc;
  const update = mapSets(oc.update, r.q);
  let where = mapMaybe(oc.where, r.q);
  const own = r.cond(s.table, nameOf(s.table), true);
  if (own !== null) where = and(where, own);
  return update === oc.update && where === oc.where ? oc : { ...oc, update, where };
}

function query(q: QueryNode, r: Walk): QueryNode {
  if (q.kind === 'select') return select(q, r);
  const first = select(q.first, r);
  const rest = mapSame(q.rest, (x) => {
    const s = select(x.query, r);
    return s === x.query ? x : { ...x, query: s };
  });
  const w = ctes(q.with, r.q);
  const orderBy = mapOrders(q.orderBy, r.q);
  const limit = mapMaybe(q.limit, r.q);
  const offset = mapMaybe(q.offset, r.q);
  const unchanged =
    first === q.first &&
    rest === q.rest &&
    w === q.with &&
    orderBy === q.orderBy &&
    limit === q.limit &&
    offset === q.offset;
  if (unchanged) return q;
  return { ...q, first, rest, with: w, orderBy, limit, offset };
}

function select(s: SelectNode, r: Walk): SelectNode {
  const q = r.q;
  const wrap = s.joins.length > 0 && hasOuterRight(s.joins);
  const w = ctes(s.with, q);
  const distinct =
    typeof s.distinct === 'boolean'
      ? s.distinct
      : mapExprs(s.distinct as readonly ExpressionNode[], q);
  const selections = mapSelections(s.selections, q);
  const from = fromItems(s.from, r, wrap);
  let where = mapMaybe(s.where, q);
  if (from.extra !== null) where = and(where, from.extra);
  let joins = s.joins;
  if (joins.length > 0)
    joins = mapSame(joins, (j) => {
      const next = join(j, r, wrap);
      if (next.extra !== null) where = and(where, next.extra);
      return next.join;
    });
  const groupBy = mapExprs(s.groupBy, q);
  const having = mapMaybe(s.having, q);
  const orderBy = mapOrders(s.orderBy, q);
  const limit = mapMaybe(s.limit, q);
  const offset = mapMaybe(s.offset, q);
  const unchanged =
    w === s.with &&
    distinct === s.distinct &&
    selections === s.selections &&
    from.items === s.from &&
    where === s.where &&
    joins === s.joins &&
    groupBy === s.groupBy &&
    having === s.having &&
    orderBy === s.orderBy &&
    limit === s.limit &&
    offset === s.offset;
  if (unchanged) return s;
  return {
    ...s,
    with: w,
    distinct,
    selections,
    from: from.items,
    where,
    joins,
    groupBy,
    having,
    orderBy,
    limit,
    offset,
  };
}

/** True when a join keeps rows of its right side whatever ON says (RIGHT, FULL). */
function hasOuterRight(joins: readonly JoinNode[]): boolean {
  for (const j of joins) if (j.type === 'right' || j.type === 'full') return true;
  return false;
}

/**
 * `(SELECT * FROM t WHERE cond) AS t`: a filtered table under the statement's name for
 * it, for a SELECT with a RIGHT or FULL JOIN (see the top of the file).
 */
function filteredTable(t: TableNode, cond: ExpressionNode): FromNode {
  const inner: SelectNode = {
    kind: 'select',
    with: [],
    distinct: false,
    selections: [],
    from: [t],
    joins: [],
    where: cond,
    groupBy: [],
    having: null,
    orderBy: [],
    limit: null,
    offset: null,
    lock: null,
  };
  return node({ kind: 'derived', query: inner, alias: nameOf(t) });
}

/** A derived table's query or a VALUES table's rows, walked (a plain table: as it is). */
function source(f: FromNode, r: Walk): FromNode {
  switch (f.kind) {
    case 'table':
      return f;
    case 'derived': {
      const q = r.q(f.query);
      return q === f.query ? f : { ...f, query: q };
    }
    case 'values': {
      const rows = mapRows(f.rows, r.q);
      return rows === f.rows ? f : { ...f, rows };
    }
  }
}

/**
 * FROM items: derived tables and VALUES rows walked; the conditions of plain tables, for
 * WHERE (or, with `wrap`, inside the table: see {@link filteredTable}).
 */
function fromItems(
  items: readonly FromNode[],
  r: Walk,
  wrap: boolean,
): { items: readonly FromNode[]; extra: ExpressionNode | null } {
  let extra: ExpressionNode | null = null;
  const out = mapSame(items, (f) => {
    if (f.kind !== 'table') return source(f, r);
    const c = r.cond(f, nameOf(f), false);
    if (c === null) return f;
    if (wrap) return filteredTable(f, c);
    extra = and(extra, c);
    return f;
  });
  return { items: out, extra };
}

/** A JOIN: a plain table's conditions go in its ON (in WHERE for a CROSS JOIN). */
function join(
  j: JoinNode,
  r: Walk,
  wrap: boolean,
): { join: JoinNode; extra: ExpressionNode | null } {
  let on = mapMaybe(j.on, r.q);
  let extra: ExpressionNode | null = null;
  let src = source(j.source, r);
  if (src.kind === 'table') {
    const c = r.cond(src, nameOf(src), false);
    if (c !== null) {
      if (wrap) src = filteredTable(src, c);
      else if (j.type === 'cross') extra = c;
      else on = and(on, c);
    }
  }
  if (on === j.on && src === j.source) return { join: j, extra };
  return { join: { ...j, on, source: src }, extra };
}

function ctes(list: readonly CteNode[], q: OnQuery): readonly CteNode[] {
  if (list.length === 0) return list;
  return mapSame(list, (c) => {
    const query = q(c.query);
    return query === c.query ? c : { ...c, query };
  });
}
