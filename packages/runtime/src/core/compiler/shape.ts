/**
 * The shape of a statement: everything the renderer reads except bound values, as a list
 * of tokens with a hash, made by one walk that also collects the statement's value and
 * param nodes in the order the renderer binds them. Two statements with equal tokens
 * compile (on one dialect) to the same SQL text, so the tokens key the compile cache.
 *
 * The walk mirrors `expressions.ts` / `statements.ts` field by field: whatever a renderer
 * writes into the SQL (identifiers, operators, flags, list lengths, inlined frame offsets)
 * is a token here too, and slots are pushed in rendering order (a branch the renderer
 * skips, such as the operand of `x IN ()`, is skipped here). Over-inclusion only costs
 * cache hits; leaving something out would share SQL between different statements, so when
 * in doubt a field is included. `DBGEN_VERIFY_COMPILE_CACHE=1` (set by the test runner)
 * re-renders every hit and compares, which catches a renderer change this walk misses.
 * The tokens themselves: `shape-walk.ts`; expressions: `shape-expressions.ts`.
 */
import type {
  CompoundNode,
  CteNode,
  ExpressionNode,
  FromNode,
  JoinNode,
  OrderNode,
  RawStatementNode,
  SelectionNode,
  SelectNode,
  SetNode,
  StatementNode,
  TableNode,
} from '../nodes.js';
import { selectionType } from '../nodes.js';
import { isTableSelectionList } from '../table.js';
import { exprs, expression, maybe, orders } from './shape-expressions.js';
import { intern, ShapeWalk, Unshaped } from './shape-walk.js';

export { ShapeWalk } from './shape-walk.js';

/** Codes of statements and their parts (expressions: 100–, see shape-walk.ts). */
const enum C {
  all = 1,
  compound,
  defaultValues,
  delete,
  distinct,
  distinctOn,
  grid,
  insert,
  onConflict,
  query,
  rawStatement,
  rows,
  select,
  selections,
  table,
  tableList,
  update,
  valuesTable,
}

/**
 * Walks `node` into `walk` (tokens, hash, slots; reset first). False when the statement
 * holds something the walk does not know: it is then compiled uncached, and the renderer
 * reports what is wrong with it.
 */
/** A walk for {@link shapeOf} (one per compiler: it reuses its arrays). */
export function createShapeWalk(): ShapeWalk {
  return new ShapeWalk(statement);
}

export function shapeOf(node: StatementNode, walk: ShapeWalk): boolean {
  walk.begin();
  try {
    statement(node, walk);
  } catch {
    // Unshaped, or a malformed node the walk tripped on: the renderer decides (and says).
    walk.slotCount = 0;
    walk.end();
    return false;
  }
  walk.end();
  return true;
}

export function statement(n: StatementNode, w: ShapeWalk): void {
  switch (n.kind) {
    case 'select':
      select(n, w);
      return;
    case 'compound':
      w.code(C.compound);
      ctes(n.with, w);
      select(n.first, w);
      w.count(n.rest.length);
      for (let i = 0; i < n.rest.length; i++) {
        const part = n.rest[i] as CompoundNode['rest'][number];
        w.str(part.op);
        w.flag(part.all);
        select(part.query, w);
      }
      orderLimit(n.orderBy, n.limit, n.offset, w);
      return;
    case 'insert':
      w.code(C.insert);
      ctes(n.with, w);
      table(n.table, w);
      w.strs(n.columns);
      if (Array.isArray(n.values)) {
        // With no columns the renderer writes `default values` and no rows.
        if (n.columns.length > 0) valueRows(n.values as readonly (readonly ExpressionNode[])[], w);
        else w.code(C.defaultValues);
      } else {
        w.code(C.query);
        statement(n.values as StatementNode, w);
      }
      if (!n.onConflict) w.none();
      else {
        const oc = n.onConflict;
        w.code(C.onConflict);
        w.strs(oc.target);
        if (oc.update === null) w.none();
        else assignments(oc.update, w);
        maybe(oc.where, w);
      }
      selections(n.returning, w);
      return;
    case 'update':
      w.code(C.update);
      ctes(n.with, w);
      table(n.table, w);
      assignments(n.set, w);
      froms(n.from, w);
      maybe(n.where, w);
      selections(n.returning, w);
      return;
    case 'delete':
      w.code(C.delete);
      ctes(n.with, w);
      table(n.table, w);
      froms(n.using, w);
      maybe(n.where, w);
      selections(n.returning, w);
      return;
    case 'rawStatement':
      w.code(C.rawStatement);
      expression(n.raw, w);
      w.count(n.resultTypes.length);
      for (let i = 0; i < n.resultTypes.length; i++) {
        const r = n.resultTypes[i] as RawStatementNode['resultTypes'][number];
        w.str(r.key);
        w.type(r.type);
      }
      return;
    default:
      throw new Unshaped();
  }
}

function select(n: SelectNode, w: ShapeWalk): void {
  if (n.kind !== 'select') throw new Unshaped();
  w.code(C.select);
  ctes(n.with, w);
  if (n.distinct === true) w.code(C.distinct);
  else if (Array.isArray(n.distinct)) {
    w.code(C.distinctOn);
    exprs(n.distinct as readonly ExpressionNode[], w);
  } else w.code(C.all);
  selections(n.selections, w);
  froms(n.from, w);
  w.count(n.joins.length);
  for (let i = 0; i < n.joins.length; i++) {
    const j = n.joins[i] as JoinNode;
    w.str(j.type);
    from(j.source, w);
    maybe(j.on, w);
  }
  maybe(n.where, w);
  exprs(n.groupBy, w);
  maybe(n.having, w);
  orderLimit(n.orderBy, n.limit, n.offset, w);
  if (!n.lock) w.none();
  else {
    w.str(n.lock.strength);
    w.strs(n.lock.of);
    w.str(n.lock.wait || null);
  }
}

function orderLimit(
  orderBy: readonly OrderNode[],
  limit: ExpressionNode | null,
  offset: ExpressionNode | null,
  w: ShapeWalk,
): void {
  orders(orderBy, w);
  maybe(limit, w);
  maybe(offset, w);
}

function ctes(items: readonly CteNode[], w: ShapeWalk): void {
  w.count(items.length);
  for (let i = 0; i < items.length; i++) {
    const c = items[i] as CteNode;
    w.str(c.name);
    w.strs(c.columns || null);
    w.flag(c.recursive);
    statement(c.query, w);
  }
}

function table(t: TableNode, w: ShapeWalk): void {
  w.code(C.table);
  w.str(t.schema);
  w.str(t.name);
  w.str(t.alias);
}

function from(f: FromNode, w: ShapeWalk): void {
  if (f.kind === 'table') table(f, w);
  else if (f.kind === 'derived') {
    w.code(C.query);
    statement(f.query, w);
    w.str(f.alias);
  } else if (f.kind === 'values') {
    // What values-table.ts renders: names, types (casts), then the rows as a grid.
    w.code(C.valuesTable);
    w.count(f.columns.length);
    for (const c of f.columns) {
      w.str(c.name);
      w.type(c.type);
    }
    valueRows(f.rows, w);
    w.str(f.alias);
  } else throw new Unshaped();
}

function froms(items: readonly FromNode[], w: ShapeWalk): void {
  w.count(items.length);
  for (let i = 0; i < items.length; i++) from(items[i] as FromNode, w);
}

function assignments(items: readonly SetNode[], w: ShapeWalk): void {
  w.count(items.length);
  for (let i = 0; i < items.length; i++) {
    const s = items[i] as SetNode;
    w.str(s.column);
    expression(s.value, w);
  }
}

/** As `bindGrid`: a grid of only values and params is one token, its cells bound in order. */
function valueRows(rows: readonly (readonly ExpressionNode[])[], w: ShapeWalk): void {
  const width = rows[0]?.length ?? 0;
  const first = w.slotCount;
  grid: {
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as readonly ExpressionNode[];
      if (row.length !== width) break grid;
      for (let c = 0; c < width; c++) {
        const cell = row[c] as ExpressionNode;
        if (cell.kind !== 'value' && cell.kind !== 'param') break grid;
        w.slot(cell);
      }
    }
    w.code(C.grid);
    w.count(rows.length);
    w.count(width);
    return;
  }
  w.slotCount = first;
  w.code(C.rows);
  w.count(rows.length);
  for (let r = 0; r < rows.length; r++) exprs(rows[r] as readonly ExpressionNode[], w);
}

// Table select lists are shared, frozen and free of values: their part of the key is
// computed once per list and interned to a short token.
const listTokens = new WeakMap<readonly SelectionNode[], number>();

function selections(items: readonly SelectionNode[], w: ShapeWalk): void {
  // One WeakMap lookup on the hot path (a table's list is seen again and again).
  let token = listTokens.get(items);
  if (token !== undefined || (items.length > 0 && isTableSelectionList(items))) {
    if (token === undefined) {
      const inner = new ShapeWalk(statement);
      selectionItems(items, inner);
      token = intern(JSON.stringify(inner.copy()));
      listTokens.set(items, token);
    }
    w.code(C.tableList);
    w.code(token);
    return;
  }
  selectionItems(items, w);
}

function selectionItems(items: readonly SelectionNode[], w: ShapeWalk): void {
  w.code(C.selections);
  w.count(items.length);
  for (let i = 0; i < items.length; i++) {
    const s = items[i] as SelectionNode;
    const e = s.expr;
    w.str(s.alias);
    expression(e, w);
    // What `renderSelectionList` reads to pick a wrapper, an output key and a conversion.
    const type = selectionType(e);
    if (type) w.type(type);
    else w.none();
  }
}
