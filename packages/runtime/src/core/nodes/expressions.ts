/**
 * Operation nodes: the immutable, `kind`-tagged tree every statement is built as
 * (after Kysely's `operation-node/`). Builders create them; the compiler visits them with
 * an exhaustive `Record<Kind, handler>` table, so adding a kind without a handler is a
 * type error. Nodes are plain frozen data: no methods, safe to share and to cache on.
 *
 * This file holds the expression and query nodes (they nest in each other: a subquery is
 * an expression, a query is made of expressions); ./writes.ts holds the statements that
 * change data, ./selection-type.ts the type a selected expression's values are read by.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';

/** A column reference. `type` drives value conversion in both directions. */
export interface ColumnNode {
  readonly kind: 'column';
  /** The table name or alias that qualifies the column, or null for an unqualified name. */
  readonly table: string | null;
  readonly name: string;
  readonly type: ColumnTypeIR | null;
  /** The property name results are keyed by when this column is selected. */
  readonly propertyName: string;
}

/** A bound value. `type` (from the column it is compared with) picks the conversion. */
export interface ValueNode {
  readonly kind: 'value';
  readonly value: unknown;
  readonly type: ColumnTypeIR | null;
}

/** A named placeholder whose value is supplied at execution (`engine.execute(stmt, {id})`). */
export interface ParamNode {
  readonly kind: 'param';
  readonly name: string;
  readonly type: ColumnTypeIR | null;
  /**
   * Where its value sits when the parameters are given as an array (the ORM's prepared
   * multi-row INSERTs, named by position): read by index, not by the name as a string
   * key, which costs a number parse per value. Absent (or -1) for a placeholder known by
   * name only.
   */
  readonly index?: number;
}

/** A constant truth value, rendered so both dialects accept it (`1 = 1` / `1 = 0`). */
export interface TruthNode {
  readonly kind: 'truth';
  readonly value: boolean;
}

export type BinaryOperator =
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '||'
  | 'is distinct from'
  | 'is not distinct from';

export interface BinaryNode {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface LogicalNode {
  readonly kind: 'logical';
  readonly op: 'and' | 'or';
  readonly items: readonly ExpressionNode[];
}

export interface NotNode {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
}

export interface InNode {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly operand: ExpressionNode;
  /** A list of expressions (possibly empty), or a subquery. */
  readonly list: readonly ExpressionNode[] | QueryNode;
}

export interface LikeNode {
  readonly kind: 'like';
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
  readonly operand: ExpressionNode;
  readonly pattern: ExpressionNode;
}

export interface BetweenNode {
  readonly kind: 'between';
  readonly negated: boolean;
  readonly operand: ExpressionNode;
  readonly low: ExpressionNode;
  readonly high: ExpressionNode;
}

export interface IsNullNode {
  readonly kind: 'isNull';
  readonly negated: boolean;
  readonly operand: ExpressionNode;
}

export interface ExistsNode {
  readonly kind: 'exists';
  readonly negated: boolean;
  readonly query: QueryNode;
}

/** A scalar (possibly correlated) subquery used as an expression. */
export interface SubqueryNode {
  readonly kind: 'subquery';
  readonly query: QueryNode;
}

/** A function call. `name` is checked against a safe pattern; it is never user data. */
export interface FunctionNode {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly ExpressionNode[];
  readonly distinct: boolean;
  /** `count(*)`: args are ignored. */
  readonly star: boolean;
  /** Conversion for the result when selected (e.g. count → integer). */
  readonly resultType: ColumnTypeIR | null;
}

export type FrameBound =
  | { readonly kind: 'unboundedPreceding' }
  | { readonly kind: 'preceding'; readonly offset: number }
  | { readonly kind: 'currentRow' }
  | { readonly kind: 'following'; readonly offset: number }
  | { readonly kind: 'unboundedFollowing' };

export interface FrameNode {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound | null;
}

export interface WindowNode {
  readonly kind: 'window';
  readonly fn: FunctionNode;
  readonly partitionBy: readonly ExpressionNode[];
  readonly orderBy: readonly OrderNode[];
  readonly frame: FrameNode | null;
}

export interface CastNode {
  readonly kind: 'cast';
  readonly operand: ExpressionNode;
  /** A SQL type name checked against a safe pattern. */
  readonly sqlType: string;
  readonly resultType: ColumnTypeIR | null;
}

export interface CaseNode {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: ExpressionNode; readonly then: ExpressionNode }[];
  readonly otherwise: ExpressionNode | null;
}

/** `DEFAULT` inside an INSERT's VALUES (a row that leaves a column out). */
export interface DefaultNode {
  readonly kind: 'default';
}

/** `*` or `"t".*`. */
export interface StarNode {
  readonly kind: 'star';
  readonly table: string | null;
}

/** A `sql` template fragment used as an expression. */
export interface RawNode {
  readonly kind: 'raw';
  /** Literal SQL text pieces; `parts.length === args.length + 1`. */
  readonly parts: readonly string[];
  readonly args: readonly RawArg[];
}

/** What may be interpolated into a raw fragment. */
export type RawArg =
  ValueNode | ParamNode | IdentifierNode | RawNode | ExpressionNode | QueryNode | ListNode;

/** A quoted identifier, possibly dotted (`schema.table.column` as separate parts). */
export interface IdentifierNode {
  readonly kind: 'identifier';
  readonly parts: readonly string[];
}

/** `sql.join(items, separator)`. */
export interface ListNode {
  readonly kind: 'list';
  readonly items: readonly RawArg[];
  readonly separator: RawNode;
}

/** A JSON or array operator (see core/json-array-ops.ts); each dialect renders its own SQL. */
export interface JsonArrayOpNode {
  readonly kind: 'jsonArrayOp';
  readonly op: JsonArrayOp;
  /** The JSON or array expression operated on, and its column type when known. */
  readonly target: ExpressionNode;
  readonly targetType: ColumnTypeIR | null;
  /** Keys and indexes of a JSON path (get, has, set); empty for other operators. */
  readonly path: readonly (string | number)[];
  /** The other operand (a value or expression), or null (length, text access). */
  readonly operand: ExpressionNode | null;
  readonly resultType: ColumnTypeIR | null;
}

export type JsonArrayOp =
  | 'jsonPath'
  | 'jsonPathText'
  | 'jsonContains'
  | 'jsonContainedBy'
  | 'jsonHasPath'
  | 'jsonSet'
  | 'arrayAny'
  | 'arrayAll'
  | 'arrayContains'
  | 'arrayContainedBy'
  | 'arrayOverlaps'
  | 'arrayLength'
  | 'arrayAppend';

export type ExpressionNode =
  | JsonArrayOpNode
  | ColumnNode
  | ValueNode
  | ParamNode
  | TruthNode
  | BinaryNode
  | LogicalNode
  | NotNode
  | InNode
  | LikeNode
  | BetweenNode
  | IsNullNode
  | ExistsNode
  | SubqueryNode
  | FunctionNode
  | WindowNode
  | CastNode
  | CaseNode
  | StarNode
  | DefaultNode
  | RawNode
  | IdentifierNode
  | ListNode;

export interface OrderNode {
  readonly kind: 'order';
  readonly expr: ExpressionNode;
  readonly direction: 'asc' | 'desc';
  readonly nulls: 'first' | 'last' | null;
}

/** A selected expression and the name results are keyed by. */
export interface SelectionNode {
  readonly kind: 'selection';
  readonly expr: ExpressionNode;
  /** Output name; null when the expression names itself (a `*`, or a column already named so). */
  readonly alias: string | null;
}

export interface TableNode {
  readonly kind: 'table';
  readonly schema: string | null;
  readonly name: string;
  readonly alias: string | null;
}

export interface DerivedTableNode {
  readonly kind: 'derived';
  readonly query: QueryNode;
  readonly alias: string;
}

/**
 * `(VALUES (a, b), (c, d)) AS alias(x, y)`: rows given inline, used as a table (the ORM's
 * batched UPDATE joins one). Each column's type lets a dialect type the cells where the
 * database cannot infer them (PostgreSQL reads a bare parameter in VALUES as text).
 */
export interface ValuesTableNode {
  readonly kind: 'values';
  readonly columns: readonly { readonly name: string; readonly type: ColumnTypeIR }[];
  /** At least one row, each with one cell per column. */
  readonly rows: readonly (readonly ExpressionNode[])[];
  readonly alias: string;
}

export type FromNode = TableNode | DerivedTableNode | ValuesTableNode;

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross';

export interface JoinNode {
  readonly kind: 'join';
  readonly type: JoinType;
  readonly source: FromNode;
  readonly on: ExpressionNode | null;
}

export interface CteNode {
  readonly kind: 'cte';
  readonly name: string;
  readonly columns: readonly string[] | null;
  readonly query: QueryNode;
  readonly recursive: boolean;
}

export interface LockNode {
  readonly strength: 'update' | 'no key update' | 'share' | 'key share';
  readonly of: readonly string[];
  readonly wait: 'nowait' | 'skip locked' | null;
}

export interface SelectNode {
  readonly kind: 'select';
  readonly with: readonly CteNode[];
  /** `true` for DISTINCT, a list for DISTINCT ON (PostgreSQL only). */
  readonly distinct: boolean | readonly ExpressionNode[];
  readonly selections: readonly SelectionNode[];
  readonly from: readonly FromNode[];
  readonly joins: readonly JoinNode[];
  readonly where: ExpressionNode | null;
  readonly groupBy: readonly ExpressionNode[];
  readonly having: ExpressionNode | null;
  readonly orderBy: readonly OrderNode[];
  readonly limit: ExpressionNode | null;
  readonly offset: ExpressionNode | null;
  readonly lock: LockNode | null;
}

export type SetOperator = 'union' | 'intersect' | 'except';

/** `a UNION [ALL] b INTERSECT c ...` with an optional order/limit for the whole. */
export interface CompoundNode {
  readonly kind: 'compound';
  readonly with: readonly CteNode[];
  readonly first: SelectNode;
  readonly rest: readonly {
    readonly op: SetOperator;
    readonly all: boolean;
    readonly query: SelectNode;
  }[];
  readonly orderBy: readonly OrderNode[];
  readonly limit: ExpressionNode | null;
  readonly offset: ExpressionNode | null;
}

export type QueryNode = SelectNode | CompoundNode;

/**
 * Marks a freshly built node. Nodes are immutable by contract (every field is `readonly`
 * and nothing in dbgen mutates one); they are not `Object.freeze`d at runtime because
 * freezing every node of every statement measurably slows query building.
 */
export function node<N extends object>(n: N): N {
  return n;
}
