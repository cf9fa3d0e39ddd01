/**
 * The statement nodes that change data (INSERT, UPDATE, DELETE) and raw statements, built
 * on the expression and query nodes of ./expressions.ts; plus the unions of every
 * statement and every node kind the compiler handles.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import type {
  CompoundNode,
  CteNode,
  ExpressionNode,
  FromNode,
  JoinNode,
  OrderNode,
  QueryNode,
  RawNode,
  SelectionNode,
  SelectNode,
  TableNode,
} from './expressions.js';

export interface OnConflictNode {
  /** Conflict target columns; empty means "any constraint" (DO NOTHING only). */
  readonly target: readonly string[];
  /** Null = DO NOTHING; otherwise the SET list (values may use `excluded` columns). */
  readonly update: readonly SetNode[] | null;
  readonly where: ExpressionNode | null;
}

export interface SetNode {
  readonly column: string;
  readonly value: ExpressionNode;
}

export interface InsertNode {
  readonly kind: 'insert';
  readonly with: readonly CteNode[];
  readonly table: TableNode;
  readonly columns: readonly string[];
  /** Rows of values (in `columns` order), or a query; empty rows = DEFAULT VALUES. */
  readonly values: readonly (readonly ExpressionNode[])[] | QueryNode;
  readonly onConflict: OnConflictNode | null;
  readonly returning: readonly SelectionNode[];
}

export interface UpdateNode {
  readonly kind: 'update';
  readonly with: readonly CteNode[];
  readonly table: TableNode;
  readonly set: readonly SetNode[];
  readonly from: readonly FromNode[];
  readonly where: ExpressionNode | null;
  readonly returning: readonly SelectionNode[];
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly with: readonly CteNode[];
  readonly table: TableNode;
  readonly using: readonly FromNode[];
  readonly where: ExpressionNode | null;
  readonly returning: readonly SelectionNode[];
}

/** A raw `sql` statement. */
export interface RawStatementNode {
  readonly kind: 'rawStatement';
  readonly raw: RawNode;
  /** Result columns to convert by type (`sql\`...\`.types({...})`); empty: as the driver gives them. */
  readonly resultTypes: readonly { readonly key: string; readonly type: ColumnTypeIR }[];
}

export type StatementNode =
  SelectNode | CompoundNode | InsertNode | UpdateNode | DeleteNode | RawStatementNode;

/** Every node kind the compiler must handle. */
export type AnyNode =
  ExpressionNode | StatementNode | OrderNode | SelectionNode | FromNode | JoinNode | CteNode;
