/**
 * Typed SQL expressions: a thin immutable wrapper around an {@link ExpressionNode} with
 * the comparison, pattern, range, null and ordering methods of SQLAlchemy's
 * `ColumnElement`. `T` is the TypeScript type the expression yields (with `null` when it
 * may be NULL); it only guides the type checker.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import {
  node,
  type BinaryOperator,
  type ExpressionNode,
  type JsonArrayOp,
  type OrderNode,
} from './nodes.js';
import type { JsonValue } from './json.js';
import {
  jsonArrayOp,
  operandType,
  type Containable,
  type ElementOf,
  type JsonPath,
} from './json-array-ops.js';
import { isQueryable, type Queryable } from './queryable.js';
import type { SourceMark } from './source-mark.js';
import { assertValueFits } from './value-check.js';

const PATTERN_TYPE: ColumnTypeIR = Object.freeze({
  logical: 'text',
  raw: 'a LIKE pattern',
  name: 'text',
  args: Object.freeze([]),
  arrayDims: 0,
});

/** A value of type `T`, or an expression yielding it (or NULL). */
export type Operand<T> = T | Expression<NonNullable<T> | null>;

export class Expression<T> {
  /** Phantom member that makes `Expression<T>` covariant in `T`; never set. */
  declare readonly __type?: T;

  constructor(readonly node: ExpressionNode) {}

  /** `=`; comparing with `null` renders `IS NULL`. */
  eq(value: Operand<T>): Expression<boolean> {
    return value === null ? this.isNull() : this.binary('=', value);
  }
  /** `<>`; comparing with `null` renders `IS NOT NULL`. */
  ne(value: Operand<T>): Expression<boolean> {
    return value === null ? this.isNotNull() : this.binary('<>', value);
  }
  lt(value: Operand<T>): Expression<boolean> {
    return this.binary('<', value);
  }
  lte(value: Operand<T>): Expression<boolean> {
    return this.binary('<=', value);
  }
  gt(value: Operand<T>): Expression<boolean> {
    return this.binary('>', value);
  }
  gte(value: Operand<T>): Expression<boolean> {
    return this.binary('>=', value);
  }
  isDistinctFrom(value: Operand<T>): Expression<boolean> {
    return this.binary('is distinct from', value);
  }
  isNotDistinctFrom(value: Operand<T>): Expression<boolean> {
    return this.binary('is not distinct from', value);
  }

  /** `IN (...)`; an empty list compiles to a false predicate. */
  in(list: readonly Operand<T>[] | Queryable): Expression<boolean> {
    return this.inList(list, false);
  }
  /** `NOT IN (...)`; an empty list compiles to a true predicate. */
  notIn(list: readonly Operand<T>[] | Queryable): Expression<boolean> {
    return this.inList(list, true);
  }

  like(pattern: Operand<string>): Expression<boolean> {
    return this.likeNode(pattern, false, false);
  }
  notLike(pattern: Operand<string>): Expression<boolean> {
    return this.likeNode(pattern, false, true);
  }
  /** Case-insensitive LIKE (`ILIKE` on PostgreSQL, `lower(a) LIKE lower(b)` on SQLite). */
  ilike(pattern: Operand<string>): Expression<boolean> {
    return this.likeNode(pattern, true, false);
  }
  notIlike(pattern: Operand<string>): Expression<boolean> {
    return this.likeNode(pattern, true, true);
  }

  between(low: Operand<T>, high: Operand<T>): Expression<boolean> {
    return this.betweenNode(low, high, false);
  }
  notBetween(low: Operand<T>, high: Operand<T>): Expression<boolean> {
    return this.betweenNode(low, high, true);
  }

  isNull(): Expression<boolean> {
    return new Expression(node({ kind: 'isNull', negated: false, operand: this.node }));
  }
  isNotNull(): Expression<boolean> {
    return new Expression(node({ kind: 'isNull', negated: true, operand: this.node }));
  }

  /** `this AND other...` */
  and(...others: Expression<boolean | null>[]): Expression<boolean> {
    return and(this as Expression<boolean>, ...others);
  }
  /** `this OR other...` */
  or(...others: Expression<boolean | null>[]): Expression<boolean> {
    return or(this as Expression<boolean>, ...others);
  }
  not(): Expression<boolean> {
    return not(this as Expression<boolean>);
  }

  plus(value: Operand<T>): Expression<T> {
    return this.binary('+', value);
  }
  minus(value: Operand<T>): Expression<T> {
    return this.binary('-', value);
  }
  times(value: Operand<T>): Expression<T> {
    return this.binary('*', value);
  }
  dividedBy(value: Operand<T>): Expression<T> {
    return this.binary('/', value);
  }
  mod(value: Operand<T>): Expression<T> {
    return this.binary('%', value);
  }
  /** String concatenation `||`. */
  concat(value: Operand<string>): Expression<string> {
    return this.binary('||', value);
  }

  asc(): OrderBy {
    return new OrderBy(node({ kind: 'order', expr: this.node, direction: 'asc', nulls: null }));
  }
  desc(): OrderBy {
    return new OrderBy(node({ kind: 'order', expr: this.node, direction: 'desc', nulls: null }));
  }

  /**
   * Names this expression in a select list or RETURNING clause. A column's FROM item
   * (`SourceMark`, type-level only) goes along, so that an outer join still sees it.
   */
  as<N extends string, S = unknown>(
    this: Expression<T> & SourceMark<S>,
    alias: N,
  ): Aliased<T, N, S> {
    return new Aliased(this, alias);
  }

  // JSON (json/jsonb columns) and arrays: the SQL per dialect is in compiler/json-array*.ts,
  // and docs/runtime-core.md lists what each dialect does.

  /** JSON: the member `key` (or array item `key`) as JSON; NULL where there is none. */
  get(key: string | number): Expression<JsonValue | null> {
    return this.jsonArray('jsonPath', [key], undefined);
  }
  /** JSON: the member `key` as text (`->>`): strings unquoted, JSON null as NULL. */
  getText(key: string | number): Expression<string | null> {
    return this.jsonArray('jsonPathText', [key], undefined);
  }
  /** JSON: the value at a path of keys and indexes (`#>`), as JSON. */
  path(path: JsonPath): Expression<JsonValue | null> {
    return this.jsonArray('jsonPath', path, undefined);
  }
  /** JSON: the value at a path as text (`#>>`). */
  pathText(path: JsonPath): Expression<string | null> {
    return this.jsonArray('jsonPathText', path, undefined);
  }
  /** JSON: the document is an object with member `key` (`?`), even one holding JSON null. */
  hasKey(key: string): Expression<boolean> {
    return this.jsonArray('jsonHasPath', [key], undefined);
  }
  /** JSON: a value exists at the path (even JSON null). */
  hasPath(path: JsonPath): Expression<boolean> {
    return this.jsonArray('jsonHasPath', path, undefined);
  }
  /**
   * JSON: the document with `value` set at the path (`jsonb_set`, `json_set`, `JSON_SET`),
   * for an UPDATE's SET: `update(t).set({ data: t.data.setPath(['a'], 1) })`.
   */
  setPath(path: JsonPath, value: JsonValue | Expression<unknown>): Expression<T> {
    return this.jsonArray('jsonSet', path, value);
  }
  /**
   * `@>`: a JSON document contains `value` (a subset of an object's members, nested; some
   * of an array's elements), or an array column contains all of `value`'s elements.
   */
  contains(value: Containable<NonNullable<T>> | Expression<unknown>): Expression<boolean> {
    return this.jsonArray(this.isArray() ? 'arrayContains' : 'jsonContains', [], value);
  }
  /** `<@`: every element of this array (or this JSON document) is in `value`. */
  containedBy(value: NonNullable<T> | Expression<unknown>): Expression<boolean> {
    return this.jsonArray(this.isArray() ? 'arrayContainedBy' : 'jsonContainedBy', [], value);
  }
  /** Arrays, `&&`: this array and `values` have an element in common. */
  overlaps(values: readonly ElementOf<T>[] | Expression<unknown>): Expression<boolean> {
    return this.jsonArray('arrayOverlaps', [], values);
  }
  /** Arrays, `value = any(array)`: some element equals `value`. */
  any(value: ElementOf<T> | Expression<unknown>): Expression<boolean> {
    return this.jsonArray('arrayAny', [], value);
  }
  /** Arrays, `value = all(array)`: every element equals `value` (true for an empty array). */
  all(value: ElementOf<T> | Expression<unknown>): Expression<boolean> {
    return this.jsonArray('arrayAll', [], value);
  }
  /** Arrays: the number of elements (`cardinality`); NULL for a NULL array. */
  length(): Expression<number | null> {
    return this.jsonArray('arrayLength', [], undefined);
  }
  /** Arrays: this array with `value` appended, for an UPDATE's SET (a NULL array becomes `[value]`). */
  append(value: ElementOf<T>): Expression<T> {
    return this.jsonArray('arrayAppend', [], value);
  }

  private isArray(): boolean {
    return (this.valueType?.arrayDims ?? 0) > 0;
  }

  private jsonArray<R>(op: JsonArrayOp, path: JsonPath, value: unknown): Expression<R> {
    const type = this.valueType;
    const operand = value === undefined ? null : toNode(value, operandType(op, type));
    return new Expression<R>(jsonArrayOp(op, this.node, type, path, operand));
  }

  /** The ColumnTypeIR values compared with this expression are converted by. */
  get valueType(): ColumnTypeIR | null {
    return typeOfNode(this.node);
  }

  private binary<R>(op: BinaryOperator, value: unknown): Expression<R> {
    // `||` joins text whatever the column's type: its operand is not a value of the column.
    const right = op === '||' ? toNode(value, this.valueType) : this.operand(value);
    return new Expression<R>(node({ kind: 'binary', op, left: this.node, right }));
  }

  /**
   * A value this expression is compared or computed with, as a node. When this is a
   * column, a plain value is checked against the column's type first (kind only: see
   * value-check.ts), so `id.eq('abc')` or `createdAt.lt(new Date('x'))` name the column.
   */
  private operand(value: unknown): ExpressionNode {
    const n = this.node;
    if (n.kind === 'column' && n.type !== null && isBoundValue(value)) {
      assertValueFits(value, n.type, n.table, n.name, 'compare');
    }
    return toNode(value, this.valueType);
  }

  /** A LIKE pattern: a plain value must be a string of valid text, whatever the column's type. */
  private likePattern(pattern: unknown): ExpressionNode {
    const n = this.node;
    if (n.kind === 'column' && isBoundValue(pattern)) {
      assertValueFits(pattern, PATTERN_TYPE, n.table, n.name, 'compare');
    }
    return toNode(pattern, null);
  }

  private inList(list: readonly unknown[] | Queryable, negated: boolean): Expression<boolean> {
    const items = isQueryable(list)
      ? list.toQueryNode()
      : Object.freeze(list.map((v) => this.operand(v)));
    return new Expression(node({ kind: 'in', negated, operand: this.node, list: items }));
  }

  private likeNode(pattern: unknown, ci: boolean, negated: boolean): Expression<boolean> {
    return new Expression(
      node({
        kind: 'like',
        caseInsensitive: ci,
        negated,
        operand: this.node,
        pattern: this.likePattern(pattern),
      }),
    );
  }

  private betweenNode(low: unknown, high: unknown, negated: boolean): Expression<boolean> {
    return new Expression(
      node({
        kind: 'between',
        negated,
        operand: this.node,
        low: this.operand(low),
        high: this.operand(high),
      }),
    );
  }
}

/** An expression with an output name, for select lists and RETURNING. */
export class Aliased<T, N extends string = string, S = unknown> {
  declare readonly __type?: T;
  /** Type-level only: the aliased column's FROM item (source-mark.ts), when it has one. */
  declare readonly __source?: S;
  constructor(
    readonly expression: Expression<T>,
    readonly alias: N,
  ) {}
}

/** An ORDER BY item. */
export class OrderBy {
  constructor(readonly node: OrderNode) {}
  nullsFirst(): OrderBy {
    return new OrderBy(node({ ...this.node, nulls: 'first' }));
  }
  nullsLast(): OrderBy {
    return new OrderBy(node({ ...this.node, nulls: 'last' }));
  }
}

export function toOrderNode(item: OrderBy | Expression<unknown>): OrderNode {
  return item instanceof OrderBy ? item.node : item.asc().node;
}

/**
 * Turns a value or expression into a node: expressions give their node, queries become
 * scalar subqueries, anything else becomes a bound value converted by `type`.
 */
export function toNode(value: unknown, type: ColumnTypeIR | null): ExpressionNode {
  // Plain values are the common case (every cell of a batch insert): no class checks.
  if (typeof value !== 'object' || value === null) return node({ kind: 'value', value, type });
  if (value instanceof Expression) return value.node;
  if (isQueryable(value)) return node({ kind: 'subquery', query: value.toQueryNode() });
  return node({ kind: 'value', value, type });
}

/** True for what {@link toNode} binds as a value: not an expression, not a query. */
export function isBoundValue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return !(value instanceof Expression) && !isQueryable(value);
}

function typeOfNode(n: ExpressionNode): ColumnTypeIR | null {
  switch (n.kind) {
    case 'column':
    case 'param':
    case 'value':
      return n.type;
    case 'function':
    case 'cast':
    case 'jsonArrayOp':
      return n.resultType;
    case 'window':
      return n.fn.resultType;
    default:
      return null;
  }
}

/** `a AND b AND ...`; with no operands, a true predicate. */
export function and(...conditions: Expression<boolean | null>[]): Expression<boolean> {
  return logical('and', conditions);
}
/** `a OR b OR ...`; with no operands, a false predicate. */
export function or(...conditions: Expression<boolean | null>[]): Expression<boolean> {
  return logical('or', conditions);
}
export function not(condition: Expression<boolean | null>): Expression<boolean> {
  return new Expression(node({ kind: 'not', operand: condition.node }));
}

function logical(op: 'and' | 'or', conditions: Expression<boolean | null>[]): Expression<boolean> {
  if (conditions.length === 0) return new Expression(node({ kind: 'truth', value: op === 'and' }));
  if (conditions.length === 1) return conditions[0] as Expression<boolean>;
  return new Expression(
    node({ kind: 'logical', op, items: Object.freeze(conditions.map((c) => c.node)) }),
  );
}
