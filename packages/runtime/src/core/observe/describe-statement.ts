/**
 * What a statement does, as events and spans name it: the operation (SELECT, INSERT, ...)
 * and the table, read from the statement builder's node, never parsed out of SQL text.
 * The OpenTelemetry conventions ask for exactly that: the names as the library knows them,
 * no guessing from query text (which may hold several statements). Raw `sql` statements
 * therefore have neither; the transaction-control statements the engine itself sends
 * (BEGIN, COMMIT, SAVEPOINT, ...) are named by their keyword.
 */
import type { FromNode, StatementNode, TableNode } from '../nodes.js';

export interface StatementSummary {
  /** `SELECT`, `INSERT`, `UPDATE`, `DELETE`, or a transaction-control keyword. */
  readonly operation: string | undefined;
  /** The table written, or the one table read (schema-qualified outside `public`). */
  readonly table: string | undefined;
  /** The statement gives rows back (a query, or a write with RETURNING). */
  readonly returnsRows: boolean;
}

const RAW: StatementSummary = Object.freeze({
  operation: undefined,
  table: undefined,
  returnsRows: false,
});

/**
 * `node` is the builder's statement; null for the engine's own transaction control, whose
 * `sql` then names it.
 */
export function summarize(node: StatementNode | null, sql: string): StatementSummary {
  if (node === null)
    return { operation: controlKeyword(sql), table: undefined, returnsRows: false };
  switch (node.kind) {
    case 'select':
      return { operation: 'SELECT', table: onlyTable(node.from), returnsRows: true };
    case 'compound':
      return { operation: 'SELECT', table: undefined, returnsRows: true };
    case 'insert':
      return {
        operation: 'INSERT',
        table: tableName(node.table),
        returnsRows: node.returning.length > 0,
      };
    case 'update':
      return {
        operation: 'UPDATE',
        table: tableName(node.table),
        returnsRows: node.returning.length > 0,
      };
    case 'delete':
      return {
        operation: 'DELETE',
        table: tableName(node.table),
        returnsRows: node.returning.length > 0,
      };
    case 'rawStatement':
      return RAW;
  }
}

/** The table of a SELECT that reads from exactly one (joins aside). */
function onlyTable(from: readonly FromNode[]): string | undefined {
  if (from.length !== 1) return undefined;
  const source = from[0] as FromNode;
  return source.kind === 'table' ? tableName(source) : undefined;
}

/** As the SQL names it: `public` (every dialect's default) is left out, as the compiler does. */
function tableName(table: TableNode): string {
  return table.schema === null || table.schema === 'public'
    ? table.name
    : `${table.schema}.${table.name}`;
}

/**
 * `begin isolation level ...` → BEGIN, `start transaction read only` → START TRANSACTION,
 * `rollback to savepoint "x"` → ROLLBACK, `set transaction ...; start transaction` → SET.
 */
function controlKeyword(sql: string): string | undefined {
  const words = /^\s*([a-z]+)(?:\s+(transaction)\b)?/i.exec(sql);
  if (words === null) return undefined;
  const first = (words[1] as string).toUpperCase();
  return first === 'START' && words[2] !== undefined ? 'START TRANSACTION' : first;
}
