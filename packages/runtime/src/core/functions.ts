/**
 * SQL functions, aggregates, window functions and other expression constructors.
 * Function names are fixed by these helpers (or checked by `fn`), never taken from data.
 */
import type { ColumnTypeIR, LogicalType } from '../schema/ir.js';
import { Expression, toNode } from './expression.js';
import { FunctionExpression } from './function-expression.js';
import { node, type ExpressionNode } from './nodes.js';
import type { Queryable } from './queryable.js';
import { makeCte, type Cte } from './source.js';
import type { CompoundQuery, SelectQuery } from './select.js';

/** A ColumnTypeIR for results of a logical type (`name` is the SQL type the driver returns). */
export function logicalType(logical: LogicalType, name: string = logical): ColumnTypeIR {
  return Object.freeze({ logical, raw: name, name, args: Object.freeze([]), arrayDims: 0 });
}

// count(*) is int8 on PostgreSQL (the driver returns bigint); results become numbers.
const COUNT_TYPE = logicalType('integer', 'bigint');

function call<T>(
  name: string,
  args: readonly unknown[],
  resultType: ColumnTypeIR | null,
  distinct = false,
): FunctionExpression<T> {
  return new FunctionExpression<T>(
    node({
      kind: 'function',
      name,
      args: Object.freeze(args.map((a) => toNode(a, null))),
      distinct,
      star: false,
      resultType,
    }),
  );
}

const typeOf = (e: Expression<unknown>): ColumnTypeIR | null => e.valueType;

/** `count(*)`, or `count(expr)`. */
export function count(expression?: Expression<unknown>): FunctionExpression<number> {
  if (!expression) {
    return new FunctionExpression(
      node({
        kind: 'function',
        name: 'count',
        args: Object.freeze([]),
        distinct: false,
        star: true,
        resultType: COUNT_TYPE,
      }),
    );
  }
  return call('count', [expression], COUNT_TYPE);
}
export function countDistinct(expression: Expression<unknown>): FunctionExpression<number> {
  return call('count', [expression], COUNT_TYPE, true);
}
/** sum(...) as the driver returns it (PostgreSQL: numeric/int8 sums come as strings/bigint). */
export function sum<T>(expression: Expression<T>): FunctionExpression<T | null> {
  return call('sum', [expression], null);
}
export function avg(expression: Expression<unknown>): FunctionExpression<unknown> {
  return call('avg', [expression], null);
}
export function min<T>(expression: Expression<T>): FunctionExpression<T | null> {
  return call('min', [expression], typeOf(expression));
}
export function max<T>(expression: Expression<T>): FunctionExpression<T | null> {
  return call('max', [expression], typeOf(expression));
}
export function coalesce<T>(...args: (T | Expression<T | null>)[]): FunctionExpression<T> {
  const first = args.find((a): a is Expression<T> => a instanceof Expression);
  return call('coalesce', args, first ? typeOf(first) : null);
}
export function lower(expression: Expression<string | null>): FunctionExpression<string> {
  return call('lower', [expression], null);
}
export function upper(expression: Expression<string | null>): FunctionExpression<string> {
  return call('upper', [expression], null);
}
/** Any function by name (letters, digits, `_`, one optional `schema.` prefix). */
export function fn<T = unknown>(name: string, ...args: unknown[]): FunctionExpression<T> {
  return call(name, args, null);
}

// Window functions (use `.over({...})`).
export function rowNumber(): FunctionExpression<number> {
  return call('row_number', [], COUNT_TYPE);
}
export function rank(): FunctionExpression<number> {
  return call('rank', [], COUNT_TYPE);
}
export function denseRank(): FunctionExpression<number> {
  return call('dense_rank', [], COUNT_TYPE);
}
export function lag<T>(expression: Expression<T>, offset = 1): FunctionExpression<T | null> {
  return offsetCall('lag', expression, offset);
}
export function lead<T>(expression: Expression<T>, offset = 1): FunctionExpression<T | null> {
  return offsetCall('lead', expression, offset);
}
/** `lag`/`lead(expression, offset)`: the offset is written into the SQL as an integer. */
function offsetCall<T>(
  name: 'lag' | 'lead',
  expression: Expression<T>,
  offset: number,
): FunctionExpression<T | null> {
  return call(
    name,
    [
      expression,
      new Expression(
        node({
          kind: 'raw',
          parts: Object.freeze([String(Math.trunc(offset))]),
          args: Object.freeze([]),
        }),
      ),
    ],
    typeOf(expression),
  );
}
export function firstValue<T>(expression: Expression<T>): FunctionExpression<T> {
  return call('first_value', [expression], typeOf(expression));
}

/** `cast(expr as sqlType)`; `resultType` converts what comes back. */
export function cast<T = unknown>(
  expression: Expression<unknown> | unknown,
  sqlType: string,
  resultType: ColumnTypeIR | null = null,
): Expression<T> {
  return new Expression(
    node({ kind: 'cast', operand: toNode(expression, null), sqlType, resultType }),
  );
}

/** A bound value as an expression (optionally typed for conversion). */
export function value<T>(v: T, type: ColumnTypeIR | null = null): Expression<T> {
  return new Expression(node({ kind: 'value', value: v, type }));
}

/** A named placeholder whose value is given at execution: `engine.execute(q, { id: 1 })`. */
export function param<T = unknown>(name: string, type: ColumnTypeIR | null = null): Expression<T> {
  return new Expression(node({ kind: 'param', name, type, index: -1 }));
}

/** CASE WHEN ... THEN ... [ELSE ...] END. */
export function caseWhen<T>(
  whens: readonly (readonly [Expression<boolean | null>, T | Expression<T>])[],
  otherwise?: T | Expression<T>,
): Expression<T> {
  return new Expression(
    node({
      kind: 'case',
      whens: Object.freeze(
        whens.map(([w, t]) => Object.freeze({ when: w.node, then: toNode(t, null) })),
      ),
      otherwise: otherwise === undefined ? null : toNode(otherwise, null),
    }),
  );
}

export function exists(query: Queryable): Expression<boolean> {
  return new Expression(node({ kind: 'exists', negated: false, query: query.toQueryNode() }));
}
export function notExists(query: Queryable): Expression<boolean> {
  return new Expression(node({ kind: 'exists', negated: true, query: query.toQueryNode() }));
}

/** `*` (or `"t".*`) for `count`-less selects of everything. */
export function star(table?: {
  readonly $aliasName: string | null;
  readonly $name?: string;
}): Expression<unknown> {
  const name = table ? (table.$aliasName ?? table.$name ?? null) : null;
  return new Expression(node({ kind: 'star', table: name }) as ExpressionNode);
}

/** A common table expression: `with name as (query)`; use it in `from()` and `.with()`. */
export function cte<Row>(name: string, query: SelectQuery<Row> | CompoundQuery<Row>): Cte<Row> {
  const q = query.toQueryNode();
  return makeCte<Row>(node({ kind: 'cte', name, columns: null, query: q, recursive: false }), q);
}

/**
 * A recursive CTE: `with recursive name(columns) as (base union all step(self))`.
 * `step` receives the CTE itself to join against.
 */
export function recursiveCte<Row>(
  name: string,
  base: SelectQuery<Row>,
  step: (self: Cte<Row>) => SelectQuery<Row>,
  options: { unionAll?: boolean } = {},
): Cte<Row> {
  const baseNode = base.toQueryNode();
  const self = makeCte<Row>(
    node({ kind: 'cte', name, columns: null, query: baseNode, recursive: true }),
    baseNode,
  );
  const stepQuery = step(self);
  const whole = options.unionAll === false ? base.union(stepQuery) : base.unionAll(stepQuery);
  return makeCte<Row>(
    node({ kind: 'cte', name, columns: null, query: whole.toQueryNode(), recursive: true }),
    baseNode,
  );
}
