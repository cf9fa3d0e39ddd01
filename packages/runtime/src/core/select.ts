/**
 * SELECT and compound (UNION / INTERSECT / EXCEPT) query builders. Immutable: every
 * method returns a new builder around a new frozen node, so a query can be shared,
 * extended in several ways, and its compiled SQL cached.
 */
import { and, Expression, toNode, toOrderNode, type OrderBy } from './expression.js';
import {
  node,
  type CompoundNode,
  type CteNode,
  type ExpressionNode,
  type JoinType,
  type LockNode,
  type QueryNode,
  type SelectNode,
  type SetOperator,
  type StatementNode,
} from './nodes.js';
import type { Queryable } from './queryable.js';
import type {
  DuplicateName,
  DuplicateOutputName,
  OuterJoined,
  SourceKey,
  SourcesOfArgs,
} from './row-shape.js';
import { toSelections, type RowOfArgs, type SelectArg } from './selection.js';
import { checkSetOperand, type CombinedRow, type NullableRow } from './set-operand.js';
import { makeDerived, type Cte, type DerivedSource, type Source } from './source.js';
import type { TableMembers } from './table.js';

type Condition = Expression<boolean | null>;
type OrderItem = OrderBy | Expression<unknown>;

export interface LockOptions {
  /** Lock rows of these tables only (`FOR UPDATE OF ...`). */
  readonly of?: readonly (TableMembers<unknown> | DerivedSource<unknown>)[];
  readonly skipLocked?: boolean;
  readonly noWait?: boolean;
}

const frozen = <T>(items: readonly T[]): readonly T[] => Object.freeze([...items]);

function limitNode(n: number | Expression<number>): ExpressionNode {
  if (typeof n === 'number' && (!Number.isSafeInteger(n) || n < 0)) {
    throw new TypeError(`limit/offset must be a non-negative integer, got ${n}`);
  }
  return toNode(n, null);
}

/** Shared by select and compound queries. */
abstract class QueryBase<Row> implements Queryable {
  declare readonly __row?: Row;
  /** Type-level only: the output names, for `union`'s check of the other operand. */
  declare readonly __names?: keyof Row;
  abstract toQueryNode(): QueryNode;
  toStatementNode(): StatementNode {
    return this.toQueryNode();
  }
  /** This query as a FROM item: `(select ...) as alias`. */
  as(alias: string): DerivedSource<Row> {
    return makeDerived<Row>(this.toQueryNode(), alias);
  }
  /** This query as a scalar subquery expression (it must yield one column, at most one row). */
  scalar<T = Row[keyof Row]>(): Expression<T | null> {
    return new Expression(node({ kind: 'subquery', query: this.toQueryNode() }));
  }
  // The other operand's row is typed against this one's: the same names (`__names`: no
  // more) with the same types (`__row`: no fewer), each of which may add `| null`; values
  // are read by this query's column types, which `checkSetOperand` checks at build time.
  union<R extends NullableRow<Row>>(other: SetOperand<R, Row>): CompoundQuery<CombinedRow<Row, R>> {
    return this.combine('union', false, other);
  }
  unionAll<R extends NullableRow<Row>>(
    other: SetOperand<R, Row>,
  ): CompoundQuery<CombinedRow<Row, R>> {
    return this.combine('union', true, other);
  }
  intersect<R extends NullableRow<Row>>(
    other: SetOperand<R, Row>,
  ): CompoundQuery<CombinedRow<Row, R>> {
    return this.combine('intersect', false, other);
  }
  intersectAll<R extends NullableRow<Row>>(
    other: SetOperand<R, Row>,
  ): CompoundQuery<CombinedRow<Row, R>> {
    return this.combine('intersect', true, other);
  }
  except<R extends NullableRow<Row>>(
    other: SetOperand<R, Row>,
  ): CompoundQuery<CombinedRow<Row, R>> {
    return this.combine('except', false, other);
  }
  exceptAll<R extends NullableRow<Row>>(
    other: SetOperand<R, Row>,
  ): CompoundQuery<CombinedRow<Row, R>> {
    return this.combine('except', true, other);
  }
  protected abstract combine<R>(op: SetOperator, all: boolean, other: Queryable): CompoundQuery<R>;
}

/** A query usable as the other operand of a set operation on rows of type `Row`. */
export type SetOperand<R, Row> = Queryable & {
  readonly __row?: R;
  readonly __names?: keyof Row;
};

function asSelect(q: Queryable, first: SelectNode, op: SetOperator): SelectNode {
  const n = q.toQueryNode();
  if (n.kind !== 'select')
    throw new TypeError('a union/intersect/except operand must be a single select');
  checkSetOperand(first, n, op);
  return n;
}

/**
 * A SELECT. `Sources` (type-level only) records each named output's FROM item, so that an
 * outer join added after the select list can make its optional side's columns `| null`.
 */
export class SelectQuery<Row, Sources = Record<never, never>> extends QueryBase<Row> {
  constructor(readonly node: SelectNode) {
    super();
  }
  toQueryNode(): SelectNode {
    return this.node;
  }
  private with$(patch: Partial<SelectNode>): SelectQuery<Row, Sources> {
    return new SelectQuery(patchSelect(this.node, patch));
  }

  from(...sources: Source[]): SelectQuery<Row, Sources> {
    return this.with$({ from: frozen([...this.node.from, ...sources.map((s) => s.$node)]) });
  }
  private joinWith(
    type: JoinType,
    source: Source,
    on: Condition | null,
  ): SelectQuery<Row, Sources> {
    const join = node({ kind: 'join' as const, type, source: source.$node, on: on?.node ?? null });
    return this.with$({ joins: frozen([...this.node.joins, join]) });
  }
  /** INNER JOIN. */
  join(source: Source, on: Condition): SelectQuery<Row, Sources> {
    return this.joinWith('inner', source, on);
  }
  innerJoin(source: Source, on: Condition): SelectQuery<Row, Sources> {
    return this.joinWith('inner', source, on);
  }
  /** LEFT JOIN: the selected columns of `source` may be null (no matching row). */
  leftJoin<S extends Source>(
    source: S,
    on: Condition,
  ): SelectQuery<OuterJoined<Row, Sources, { readonly optional: SourceKey<S> }>, Sources> {
    return this.joinWith('left', source, on) as never;
  }
  /** RIGHT JOIN: the selected columns of every FROM item but `source` may be null. */
  rightJoin<S extends Source>(
    source: S,
    on: Condition,
  ): SelectQuery<OuterJoined<Row, Sources, { readonly kept: SourceKey<S> }>, Sources> {
    return this.joinWith('right', source, on) as never;
  }
  /** FULL JOIN: the selected columns of every FROM item may be null. */
  fullJoin(source: Source, on: Condition): SelectQuery<OuterJoined<Row, Sources, 'all'>, Sources> {
    return this.joinWith('full', source, on) as never;
  }
  crossJoin(source: Source): SelectQuery<Row, Sources> {
    return this.joinWith('cross', source, null);
  }
  /** Adds conditions (ANDed with earlier ones). */
  where(...conditions: Condition[]): SelectQuery<Row, Sources> {
    return this.with$({ where: combine(this.node.where, conditions) });
  }
  groupBy(...expressions: Expression<unknown>[]): SelectQuery<Row, Sources> {
    return this.with$({
      groupBy: frozen([...this.node.groupBy, ...expressions.map((e) => e.node)]),
    });
  }
  having(...conditions: Condition[]): SelectQuery<Row, Sources> {
    return this.with$({ having: combine(this.node.having, conditions) });
  }
  orderBy(...items: OrderItem[]): SelectQuery<Row, Sources> {
    return this.with$({ orderBy: frozen([...this.node.orderBy, ...items.map(toOrderNode)]) });
  }
  limit(n: number | Expression<number>): SelectQuery<Row, Sources> {
    return this.with$({ limit: limitNode(n) });
  }
  offset(n: number | Expression<number>): SelectQuery<Row, Sources> {
    return this.with$({ offset: limitNode(n) });
  }
  distinct(): SelectQuery<Row, Sources> {
    return this.with$({ distinct: true });
  }
  /** DISTINCT ON (...) — PostgreSQL only; SQLite raises a CompileError. */
  distinctOn(...expressions: Expression<unknown>[]): SelectQuery<Row, Sources> {
    return this.with$({ distinct: frozen(expressions.map((e) => e.node)) });
  }
  /** FOR UPDATE [OF ...] [SKIP LOCKED | NOWAIT]; ignored where rows cannot be locked (SQLite). */
  forUpdate(options: LockOptions = {}): SelectQuery<Row, Sources> {
    return this.lock('update', options);
  }
  forNoKeyUpdate(options: LockOptions = {}): SelectQuery<Row, Sources> {
    return this.lock('no key update', options);
  }
  forShare(options: LockOptions = {}): SelectQuery<Row, Sources> {
    return this.lock('share', options);
  }
  private lock(strength: LockNode['strength'], options: LockOptions): SelectQuery<Row, Sources> {
    const lock: LockNode = Object.freeze({
      strength,
      of: frozen(
        (options.of ?? []).map((t) => ('$ir' in t ? (t.$aliasName ?? t.$name) : t.$aliasName)),
      ),
      wait: options.skipLocked ? 'skip locked' : options.noWait ? 'nowait' : null,
    });
    return this.with$({ lock });
  }
  /** Adds common table expressions (`with ...`), made by `cte()` / `recursiveCte()`. */
  with(...ctes: Cte<unknown>[]): SelectQuery<Row, Sources> {
    return this.with$({ with: frozen([...this.node.with, ...ctes.map((c) => c.$cte)]) });
  }
  protected combine<R>(op: SetOperator, all: boolean, other: Queryable): CompoundQuery<R> {
    const { with: ctes, ...first } = this.node;
    return new CompoundQuery(
      node({
        kind: 'compound',
        with: ctes,
        first: node({ ...first, with: frozen([]) }),
        rest: frozen([Object.freeze({ op, all, query: asSelect(other, this.node, op) })]),
        orderBy: frozen([]),
        limit: null,
        offset: null,
      }),
    );
  }
}

export class CompoundQuery<Row> extends QueryBase<Row> {
  constructor(readonly node: CompoundNode) {
    super();
  }
  toQueryNode(): CompoundNode {
    return this.node;
  }
  private with$(patch: Partial<CompoundNode>): CompoundQuery<Row> {
    return new CompoundQuery(node({ ...this.node, ...patch }));
  }
  protected combine<R>(op: SetOperator, all: boolean, other: Queryable): CompoundQuery<R> {
    const query = asSelect(other, this.node.first, op);
    const rest = frozen([...this.node.rest, Object.freeze({ op, all, query })]);
    return new CompoundQuery(node({ ...this.node, rest }));
  }
  orderBy(...items: OrderItem[]): CompoundQuery<Row> {
    return this.with$({ orderBy: frozen([...this.node.orderBy, ...items.map(toOrderNode)]) });
  }
  limit(n: number | Expression<number>): CompoundQuery<Row> {
    return this.with$({ limit: limitNode(n) });
  }
  offset(n: number | Expression<number>): CompoundQuery<Row> {
    return this.with$({ offset: limitNode(n) });
  }
  with(...ctes: Cte<unknown>[]): CompoundQuery<Row> {
    return this.with$({ with: frozen([...this.node.with, ...ctes.map((c) => c.$cte)]) });
  }
}

function combine(existing: ExpressionNode | null, conditions: Condition[]): ExpressionNode | null {
  // The usual case, `where(one condition)` on a fresh query: no arrays, no `and` node.
  if (existing === null && conditions.length === 1) return (conditions[0] as Condition).node;
  const all = existing ? [new Expression<boolean>(existing), ...conditions] : conditions;
  return all.length === 0 ? null : and(...all).node;
}

const EMPTY_SELECT: SelectNode = node({
  kind: 'select',
  with: frozen<CteNode>([]),
  distinct: false,
  selections: frozen([]),
  from: frozen([]),
  joins: frozen([]),
  where: null,
  groupBy: frozen([]),
  having: null,
  orderBy: frozen([]),
  limit: null,
  offset: null,
  lock: null,
});

/**
 * `select(users)`, `select(users.id, users.email)`, `select({ id: users.id, n: count() })`.
 * With no arguments: `select *`.
 */
export function select<const A extends readonly SelectArg[]>(
  ...args: A
): [DuplicateName<A>] extends [never]
  ? SelectQuery<RowOfArgs<A>, SourcesOfArgs<A>>
  : DuplicateOutputName<DuplicateName<A>> {
  // A list naming one column twice is also refused when compiled (compiler/selections.ts):
  // the type above sees only the names it knows.
  return new SelectQuery(patchSelect(EMPTY_SELECT, { selections: toSelections(args) })) as never;
}

/**
 * A copy of `n` with `patch` applied, built field by field: one object shape for every
 * select node (spreading two objects is several times slower on the hot path).
 */
function patchSelect(n: SelectNode, patch: Partial<SelectNode>): SelectNode {
  return {
    kind: 'select',
    with: patch.with ?? n.with,
    distinct: patch.distinct ?? n.distinct,
    selections: patch.selections ?? n.selections,
    from: patch.from ?? n.from,
    joins: patch.joins ?? n.joins,
    where: patch.where !== undefined ? patch.where : n.where,
    groupBy: patch.groupBy ?? n.groupBy,
    having: patch.having !== undefined ? patch.having : n.having,
    orderBy: patch.orderBy ?? n.orderBy,
    limit: patch.limit !== undefined ? patch.limit : n.limit,
    offset: patch.offset !== undefined ? patch.offset : n.offset,
    lock: patch.lock !== undefined ? patch.lock : n.lock,
  };
}

// `selectFrom(table)` nodes, made once per table object: the node is immutable, and the
// same node (with the same `from` array) every time is also what the compile cache sees.
const selectFromNodes = new WeakMap<object, SelectNode>();

/** `select(table).from(table)`: every column of one table. */
export function selectFrom<C>(
  table: TableMembers<C>,
): SelectQuery<RowOfArgs<[TableMembers<C>]>, { [K in keyof C]: C }> {
  let n = selectFromNodes.get(table);
  if (n === undefined) {
    n = new SelectQuery(patchSelect(EMPTY_SELECT, { selections: toSelections([table]) })).from(
      table as Source,
    ).node;
    selectFromNodes.set(table, n);
  }
  return new SelectQuery(n);
}
