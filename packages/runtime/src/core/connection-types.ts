/**
 * The types a Connection's callers use (its options, savepoints, value rows), which
 * statements its value-array path takes, and which failures break it: apart from connection.ts to keep that file to
 * the connection's own state.
 */
import type { CompiledQuery } from './compiler/compile.js';
import type { Driver, DriverConnection } from './driver.js';
import { DbgenError } from './errors.js';
import type { SelectionNode, StatementNode } from './nodes.js';
import { abandonsConnection } from './statement-limits.js';

/** What {@link Connection.queryValues} gives. */
export interface ValueRows {
  /** Value arrays in select-list order when `arrays`, else objects keyed by selection. */
  readonly rows: readonly unknown[];
  readonly arrays: boolean;
}

/** A savepoint inside a connection's transaction. */
export interface Savepoint {
  readonly name: string;
  release(): Promise<void>;
  rollback(): Promise<void>;
}

/** A plain SELECT whose output columns are its selections, one each (no `*`). */
export function positional(statement: StatementNode): boolean {
  if (statement.kind !== 'select') return false;
  const selections = statement.selections;
  for (let i = 0; i < selections.length; i++) {
    const kind = (selections[i] as SelectionNode).expr.kind;
    if (kind === 'star' || kind === 'raw') return false;
  }
  return true;
}

/** Options of {@link Engine.connect}. */
export interface ConnectOptions {
  /** This connection's statement timeout (ms), over the engine's; 0: none. */
  readonly statementTimeoutMs?: number;
}

/** A transaction-control statement (BEGIN, COMMIT, SAVEPOINT, ...) as a compiled one. */
export function controlStatement(sql: string): CompiledQuery {
  return Object.freeze({
    sql,
    parameters: Object.freeze([]),
    resultColumns: Object.freeze([]),
  });
}

/** Whether a failed statement's `error` leaves its connection unusable (not to be pooled). */
export function breaksConnection(
  driver: Driver,
  driverConnection: DriverConnection,
  error: unknown,
): boolean {
  const cause = error instanceof DbgenError ? (error.cause ?? error) : error;
  return (
    abandonsConnection(driverConnection, error) ||
    (error instanceof DbgenError && error.code === 'CONNECTION') ||
    driver.isConnectionLost(cause)
  );
}
