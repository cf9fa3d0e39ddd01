/**
 * Adds a session's default criteria to a statement (Core nodes, before compiling): every
 * table the statement reads — in FROM, in a JOIN, in a subquery, a derived table or a CTE —
 * gets its filters' conditions, qualified by the name the statement gives it; JOINed
 * tables in their ON clause (so an outer join still keeps the rows of its left side), the
 * others in WHERE. UPDATE and DELETE get the conditions of the filters that guard writes.
 *
 * Nothing is rebuilt where nothing applies: a statement without a filtered table comes
 * back as the same node (the compiler's caches keep working).
 */
import {
  node,
  type CteNode,
  type ExpressionNode,
  type FromNode,
  type JoinNode,
  type QueryNode,
  type SelectNode,
  type StatementNode,
  type TableNode,
} from '../../core/nodes.js';

/**
 * The condition to add for a table as a statement names it (`qualifier`: its alias or
 * name), or null when no filter applies; `writes` asks for the write-guarding ones only.
 */
export type ConditionFor = (
  table: TableNode,
  qualifier: string,
  writes: boolean,
) => ExpressionNode | null;

function and(a: ExpressionNode | null, b: ExpressionNode): ExpressionNode {
  if (a === null) return b;
  return node({ kind: 'logical', op: 'and', items: Object.freeze([a, b]) });
}

export function applyCriteria(statement: StatementNode, cond: ConditionFor): StatementNode {
  switch (statement.kind) {
    case 'select':
    case 'compound':
      return query(statement, cond);
    // A write's CTEs and the subqueries in its SET values and VALUES rows read tables too:
    // each is filtered like any read (else a tenant's UPDATE could copy another's rows).
    case 'update': {
      const own = cond(statement.table, statement.table.alias ?? statement.table.name, true);
      let where = expr(statement.where, cond);
      const from = fromItems(statement.from, cond);
      if (own !== null) where = and(where, own);
      if (from.extra !== null) where = and(where, from.extra);
      const set = mapSame(statement.set, (s) => {
        const value = expr(s.value, cond) as ExpressionNode;
        return value === s.value ? s : { ...s, value };
      });
      const w = ctes(statement.with, cond);
      const unchanged =
        where === statement.where &&
        from.items === statement.from &&
        set === statement.set &&
        w === statement.with;
      if (unchanged) return statement;
      return { ...statement, where, from: from.items, set, with: w };
    }
    case 'delete': {
      const own = cond(statement.table, statement.table.alias ?? statement.table.name, true);
      let where = expr(statement.where, cond);
      const using = fromItems(statement.using, cond);
      if (own !== null) where = and(where, own);
      if (using.extra !== null) where = and(where, using.extra);
      const w = ctes(statement.with, cond);
      if (where === statement.where && using.items === statement.using && w === statement.with)
        return statement;
      return { ...statement, where, using: using.items, with: w };
    }
    case 'insert': {
      const values = Array.isArray(statement.values)
        ? mapSame(statement.values as readonly (readonly ExpressionNode[])[], (row) =>
            mapSame(row, (cell) => expr(cell, cond) as ExpressionNode),
          )
        : query(statement.values as QueryNode, cond);
      const w = ctes(statement.with, cond);
      if (values === statement.values && w === statement.with) return statement;
      return { ...statement, values, with: w };
    }
    case 'rawStatement':
      return statement;
  }
}

function query(q: QueryNode, cond: ConditionFor): QueryNode {
  if (q.kind === 'select') return select(q, cond);
  const first = select(q.first, cond);
  let changed = first !== q.first;
  const rest = q.rest.map((r) => {
    const s = select(r.query, cond);
    if (s === r.query) return r;
    changed = true;
    return { ...r, query: s };
  });
  const w = ctes(q.with, cond);
  if (!changed && w === q.with) return q;
  return { ...q, first, rest, with: w };
}

function select(s: SelectNode, cond: ConditionFor): SelectNode {
  const from = fromItems(s.from, cond);
  let where = expr(s.where, cond);
  if (from.extra !== null) where = and(where, from.extra);
  let joinsChanged = false;
  const joins = s.joins.map((j) => {
    const next = join(j, cond);
    if (next.join !== j) joinsChanged = true;
    if (next.extra !== null) where = and(where, next.extra);
    return next.join;
  });
  const having = expr(s.having, cond);
  const w = ctes(s.with, cond);
  let selectionsChanged = false;
  const selections = s.selections.map((sel) => {
    const e = expr(sel.expr, cond) as ExpressionNode;
    if (e === sel.expr) return sel;
    selectionsChanged = true;
    return { ...sel, expr: e };
  });
  if (
    from.items === s.from &&
    where === s.where &&
    !joinsChanged &&
    having === s.having &&
    w === s.with &&
    !selectionsChanged
  )
    return s;
  return {
    ...s,
    from: from.items,
    where,
    joins: joinsChanged ? joins : s.joins,
    having,
    with: w,
    selections: selectionsChanged ? selections : s.selections,
  };
}

/** FROM items: derived tables rewritten; the conditions of plain tables, for WHERE. */
function fromItems(
  items: readonly FromNode[],
  cond: ConditionFor,
): { items: readonly FromNode[]; extra: ExpressionNode | null } {
  let extra: ExpressionNode | null = null;
  let changed = false;
  const out = items.map((f) => {
    if (f.kind === 'table') {
      const c = cond(f, f.alias ?? f.name, false);
      if (c !== null) extra = and(extra, c);
      return f;
    }
    if (f.kind === 'values') return f;
    const q = query(f.query, cond);
    if (q === f.query) return f;
    changed = true;
    return { ...f, query: q };
  });
  return { items: changed ? out : items, extra };
}

/** A JOIN: a plain table's conditions go in its ON (in WHERE for a CROSS JOIN). */
function join(j: JoinNode, cond: ConditionFor): { join: JoinNode; extra: ExpressionNode | null } {
  let on = expr(j.on, cond);
  let extra: ExpressionNode | null = null;
  let source = j.source;
  if (source.kind === 'table') {
    const c = cond(source, source.alias ?? source.name, false);
    if (c !== null) {
      if (j.type === 'cross') extra = c;
      else on = and(on, c);
    }
  } else if (source.kind === 'derived') {
    const q = query(source.query, cond);
    if (q !== source.query) source = { ...source, query: q };
  }
  if (on === j.on && source === j.source) return { join: j, extra };
  return { join: { ...j, on, source }, extra };
}

function ctes(list: readonly CteNode[], cond: ConditionFor): readonly CteNode[] {
  return mapSame(list, (c) => {
    const q = query(c.query, cond);
    return q === c.query ? c : { ...c, query: q };
  });
}

/** `list` mapped, or `list` itself when `f` gave every item back unchanged. */
function mapSame<T>(list: readonly T[], f: (item: T) => T): readonly T[] {
  let changed = false;
  const out = list.map((item) => {
    const next = f(item);
    if (next !== item) changed = true;
    return next;
  });
  return changed ? out : list;
}

/** Subqueries inside an expression (EXISTS, IN (SELECT ...), scalar subqueries). */
function expr(e: ExpressionNode | null, cond: ConditionFor): ExpressionNode | null {
  if (e === null) return null;
  switch (e.kind) {
    case 'exists':
    case 'subquery': {
      const q = query(e.query, cond);
      return q === e.query ? e : { ...e, query: q };
    }
    case 'in': {
      const operand = expr(e.operand, cond) as ExpressionNode;
      if (Array.isArray(e.list)) return operand === e.operand ? e : { ...e, operand };
      const q = query(e.list as QueryNode, cond);
      return operand === e.operand && q === e.list ? e : { ...e, operand, list: q };
    }
    case 'binary': {
      const left = expr(e.left, cond) as ExpressionNode;
      const right = expr(e.right, cond) as ExpressionNode;
      return left === e.left && right === e.right ? e : { ...e, left, right };
    }
    case 'logical': {
      let changed = false;
      const items = e.items.map((i) => {
        const n = expr(i, cond) as ExpressionNode;
        if (n !== i) changed = true;
        return n;
      });
      return changed ? { ...e, items } : e;
    }
    case 'not':
    case 'isNull':
    case 'cast': {
      const operand = expr(e.operand, cond) as ExpressionNode;
      return operand === e.operand ? e : { ...e, operand };
    }
    case 'case': {
      let changed = false;
      const whens = e.whens.map((w) => {
        const when = expr(w.when, cond) as ExpressionNode;
        const then = expr(w.then, cond) as ExpressionNode;
        if (when === w.when && then === w.then) return w;
        changed = true;
        return { when, then };
      });
      const otherwise = expr(e.otherwise, cond);
      return changed || otherwise !== e.otherwise ? { ...e, whens, otherwise } : e;
    }
    case 'function': {
      let changed = false;
      const args = e.args.map((a) => {
        const n = expr(a, cond) as ExpressionNode;
        if (n !== a) changed = true;
        return n;
      });
      return changed ? { ...e, args } : e;
    }
    default:
      // Columns, values, parameters, LIKE / BETWEEN over them, raw fragments: raw SQL is
      // not parsed, so a subquery written inside a `sql` fragment is not filtered.
      return e;
  }
}
