/**
 * What `engine.onPrimary()`, `engine.onReplica()` and a routing session's views are: an
 * Executor that can also lend a connection, so an ORM Session can be made on it too.
 */
import type { Connection, ConnectOptions, Executor } from '../connection.js';
import type { StatementRow } from '../run.js';

export interface RoutedExecutor extends Executor {
  /** Borrows a connection until `release()` (an ORM Session holds one). */
  connect(options?: ConnectOptions): Promise<Connection>;
}

/**
 * The row type of a routed statement, as {@link Executor.execute} types it: the `Row`
 * given, else the statement's own.
 */
export type RoutedRows<Row, S> = [Row] extends [never] ? StatementRow<S> : Row;
