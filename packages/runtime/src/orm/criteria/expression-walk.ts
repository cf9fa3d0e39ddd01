/**
 * The expressions half of the criteria rewrite (rewrite.ts): every query nested in an
 * expression — EXISTS, IN (SELECT ...), a scalar subquery, one interpolated into a `sql`
 * fragment — wherever the expression sits (a window's PARTITION BY, a LIKE pattern, a
 * JSON operator's operand ...), is handed to `onQuery` and the expression rebuilt around
 * what it returns; an expression without a changed query comes back as itself.
 *
 * The walk is exhaustive by construction: the switch covers every expression kind (a
 * kind added to `ExpressionNode` fails to compile at the `never` below), and the field
 * lists at the end name every field of each node (a field added to a node type fails to
 * compile there until it is walked). A kind silently skipped would be a query read
 * without the session's filters.
 */
import type {
  BetweenNode,
  BinaryNode,
  CaseNode,
  CastNode,
  CompoundNode,
  CteNode,
  DeleteNode,
  DerivedTableNode,
  ExistsNode,
  ExpressionNode,
  FunctionNode,
  InNode,
  InsertNode,
  IsNullNode,
  JoinNode,
  JsonArrayOpNode,
  LikeNode,
  ListNode,
  LogicalNode,
  NotNode,
  OnConflictNode,
  OrderNode,
  QueryNode,
  RawArg,
  RawNode,
  SelectionNode,
  SelectNode,
  SetNode,
  SubqueryNode,
  UpdateNode,
  ValuesTableNode,
  WindowNode,
} from '../../core/nodes.js';

/** What is done with a query found inside an expression (the same query when nothing applies). */
export type OnQuery = (q: QueryNode) => QueryNode;

/** `list` mapped, or `list` itself when `f` gave every item back unchanged. */
export function mapSame<T>(list: readonly T[], f: (item: T) => T): readonly T[] {
  if (list.length === 0) return list;
  let out: T[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as T;
    const next = f(item);
    if (out === null && next !== item) out = list.slice(0, i);
    if (out !== null) out.push(next);
  }
  return out ?? list;
}

// The lists below are walked with plain loops (no callback per call): they are walked for
// every statement a filtered session runs, and most are empty or unchanged.

export function mapExprs(list: readonly ExpressionNode[], q: OnQuery): readonly ExpressionNode[] {
  let out: ExpressionNode[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as ExpressionNode;
    const next = mapExpr(item, q);
    if (out === null && next !== item) out = list.slice(0, i);
    if (out !== null) out.push(next);
  }
  return out ?? list;
}

export function mapMaybe(e: ExpressionNode | null, q: OnQuery): ExpressionNode | null {
  return e === null ? null : mapExpr(e, q);
}

/** Order items, selections (`expr`) or SET items (`value`): the expression in `field`. */
function mapField<T extends object, K extends keyof T>(
  list: readonly T[],
  field: K,
  q: OnQuery,
): readonly T[] {
  let out: T[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as T;
    const e = item[field] as ExpressionNode;
    const mapped = mapExpr(e, q);
    const next = mapped === e ? item : { ...item, [field]: mapped };
    if (out === null && next !== item) out = list.slice(0, i);
    if (out !== null) out.push(next);
  }
  return out ?? list;
}

export function mapOrders(list: readonly OrderNode[], q: OnQuery): readonly OrderNode[] {
  return mapField(list, 'expr', q);
}

export function mapSelections(
  list: readonly SelectionNode[],
  q: OnQuery,
): readonly SelectionNode[] {
  return mapField(list, 'expr', q);
}

export function mapSets(list: readonly SetNode[], q: OnQuery): readonly SetNode[] {
  return mapField(list, 'value', q);
}

/** The rows of a VALUES list (an INSERT's, or a VALUES table's). */
export function mapRows(
  rows: readonly (readonly ExpressionNode[])[],
  q: OnQuery,
): readonly (readonly ExpressionNode[])[] {
  let out: (readonly ExpressionNode[])[] | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly ExpressionNode[];
    const next = mapExprs(row, q);
    if (out === null && next !== row) out = rows.slice(0, i);
    if (out !== null) out.push(next);
  }
  return out ?? rows;
}

function mapFunction(f: FunctionNode, q: OnQuery): FunctionNode {
  const args = mapExprs(f.args, q);
  return args === f.args ? f : { ...f, args };
}

/** A `sql` fragment: its text is not parsed, but the nodes interpolated into it are walked. */
function mapRaw(r: RawNode, q: OnQuery): RawNode {
  const args = mapSame(r.args, (a) => mapRawArg(a, q));
  return args === r.args ? r : { ...r, args };
}

function mapRawArg(a: RawArg, q: OnQuery): RawArg {
  return a.kind === 'select' || a.kind === 'compound' ? q(a) : mapExpr(a, q);
}

function mapList(l: ListNode, q: OnQuery): ListNode {
  const items = mapSame(l.items, (a) => mapRawArg(a, q));
  const separator = mapRaw(l.separator, q);
  return items === l.items && separator === l.separator ? l : { ...l, items, separator };
}

export function mapExpr(e: ExpressionNode, q: OnQuery): ExpressionNode {
  switch (e.kind) {
    case 'column':
    case 'value':
    case 'param':
    case 'truth':
    case 'star':
    case 'default':
    case 'identifier':
      return e;
    case 'exists':
    case 'subquery': {
      const query = q(e.query);
      return query === e.query ? e : { ...e, query };
    }
    case 'in': {
      const operand = mapExpr(e.operand, q);
      const list = Array.isArray(e.list)
        ? mapExprs(e.list as readonly ExpressionNode[], q)
        : q(e.list as QueryNode);
      return operand === e.operand && list === e.list ? e : { ...e, operand, list };
    }
    case 'binary': {
      const left = mapExpr(e.left, q);
      const right = mapExpr(e.right, q);
      return left === e.left && right === e.right ? e : { ...e, left, right };
    }
    case 'logical': {
      const items = mapExprs(e.items, q);
      return items === e.items ? e : { ...e, items };
    }
    case 'not':
    case 'isNull':
    case 'cast': {
      const operand = mapExpr(e.operand, q);
      return operand === e.operand ? e : { ...e, operand };
    }
    case 'like': {
      const operand = mapExpr(e.operand, q);
      const pattern = mapExpr(e.pattern, q);
      return operand === e.operand && pattern === e.pattern ? e : { ...e, operand, pattern };
    }
    case 'between': {
      const operand = mapExpr(e.operand, q);
      const low = mapExpr(e.low, q);
      const high = mapExpr(e.high, q);
      return operand === e.operand && low === e.low && high === e.high
        ? e
        : { ...e, operand, low, high };
    }
    case 'case': {
      const whens = mapSame(e.whens, (w) => {
        const when = mapExpr(w.when, q);
        const then = mapExpr(w.then, q);
        return when === w.when && then === w.then ? w : { when, then };
      });
      const otherwise = mapMaybe(e.otherwise, q);
      return whens === e.whens && otherwise === e.otherwise ? e : { ...e, whens, otherwise };
    }
    case 'function':
      return mapFunction(e, q);
    case 'window': {
      const fn = mapFunction(e.fn, q);
      const partitionBy = mapExprs(e.partitionBy, q);
      const orderBy = mapOrders(e.orderBy, q);
      return fn === e.fn && partitionBy === e.partitionBy && orderBy === e.orderBy
        ? e
        : { ...e, fn, partitionBy, orderBy };
    }
    case 'jsonArrayOp': {
      const target = mapExpr(e.target, q);
      const operand = mapMaybe(e.operand, q);
      return target === e.target && operand === e.operand ? e : { ...e, target, operand };
    }
    case 'raw':
      return mapRaw(e, q);
    case 'list':
      return mapList(e, q);
    default: {
      const unknown: never = e;
      throw new TypeError(`criteria: unknown expression kind ${JSON.stringify(unknown)}`);
    }
  }
}

// ---- compile-time field lists ----------------------------------------------------------
// `Walked<N, K>` is `true` when K names every field of N, else the missing field names; a
// field added to a node type then fails `Assert` until the walk here (or rewrite.ts, for
// the statement and query nodes) handles it and it is added to the list. Type-only.

type Walked<N, K extends keyof N> = [Exclude<keyof N, K>] extends [never]
  ? true
  : Exclude<keyof N, K>;
type Assert<T extends true> = T;

/** @internal Compile-time check only (see above); exported so that it counts as used. */
export type WalkedFields = [
  Assert<Walked<BinaryNode, 'kind' | 'op' | 'left' | 'right'>>,
  Assert<Walked<LogicalNode, 'kind' | 'op' | 'items'>>,
  Assert<Walked<NotNode, 'kind' | 'operand'>>,
  Assert<Walked<InNode, 'kind' | 'negated' | 'operand' | 'list'>>,
  Assert<Walked<LikeNode, 'kind' | 'caseInsensitive' | 'negated' | 'operand' | 'pattern'>>,
  Assert<Walked<BetweenNode, 'kind' | 'negated' | 'operand' | 'low' | 'high'>>,
  Assert<Walked<IsNullNode, 'kind' | 'negated' | 'operand'>>,
  Assert<Walked<ExistsNode, 'kind' | 'negated' | 'query'>>,
  Assert<Walked<SubqueryNode, 'kind' | 'query'>>,
  Assert<Walked<FunctionNode, 'kind' | 'name' | 'args' | 'distinct' | 'star' | 'resultType'>>,
  Assert<Walked<WindowNode, 'kind' | 'fn' | 'partitionBy' | 'orderBy' | 'frame'>>,
  Assert<Walked<CastNode, 'kind' | 'operand' | 'sqlType' | 'resultType'>>,
  Assert<Walked<CaseNode, 'kind' | 'whens' | 'otherwise'>>,
  Assert<Walked<RawNode, 'kind' | 'parts' | 'args'>>,
  Assert<Walked<ListNode, 'kind' | 'items' | 'separator'>>,
  Assert<
    Walked<
      JsonArrayOpNode,
      'kind' | 'op' | 'target' | 'targetType' | 'path' | 'operand' | 'resultType'
    >
  >,
  Assert<Walked<OrderNode, 'kind' | 'expr' | 'direction' | 'nulls'>>,
  Assert<Walked<SelectionNode, 'kind' | 'expr' | 'alias'>>,
  Assert<Walked<SetNode, 'column' | 'value'>>,
  Assert<
    Walked<
      SelectNode,
      | 'kind'
      | 'with'
      | 'distinct'
      | 'selections'
      | 'from'
      | 'joins'
      | 'where'
      | 'groupBy'
      | 'having'
      | 'orderBy'
      | 'limit'
      | 'offset'
      | 'lock'
    >
  >,
  Assert<Walked<CompoundNode, 'kind' | 'with' | 'first' | 'rest' | 'orderBy' | 'limit' | 'offset'>>,
  Assert<Walked<CteNode, 'kind' | 'name' | 'columns' | 'query' | 'recursive'>>,
  Assert<Walked<DerivedTableNode, 'kind' | 'query' | 'alias'>>,
  Assert<Walked<ValuesTableNode, 'kind' | 'columns' | 'rows' | 'alias'>>,
  Assert<Walked<JoinNode, 'kind' | 'type' | 'source' | 'on'>>,
  Assert<
    Walked<
      InsertNode,
      'kind' | 'with' | 'table' | 'columns' | 'values' | 'onConflict' | 'returning'
    >
  >,
  Assert<Walked<OnConflictNode, 'target' | 'update' | 'where'>>,
  Assert<Walked<UpdateNode, 'kind' | 'with' | 'table' | 'set' | 'from' | 'where' | 'returning'>>,
  Assert<Walked<DeleteNode, 'kind' | 'with' | 'table' | 'using' | 'where' | 'returning'>>,
];
