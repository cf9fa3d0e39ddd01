/**
 * The small interface a dialect's driver adapter implements for the engine: pooled
 * connections that run SQL with positional parameters, and error mapping.
 */
import type { SqlDialect } from './dialect.js';
import type { DbgenError } from './errors.js';

export type DriverRow = Record<string, unknown>;

export interface DriverResult {
  readonly rows: DriverRow[];
  readonly rowCount: number;
  /**
   * The auto-increment value an INSERT generated (of a multi-row INSERT: its first row's),
   * where the driver reports one (MySQL/MariaDB); absent otherwise, and when none was made.
   */
  readonly insertId?: number | bigint;
  /**
   * SQLite: the rowid of the last row the connection inserted (`sqlite3_last_insert_rowid`,
   * reported for every statement without rows; it means "this statement's last row" only
   * after an INSERT that inserted some). The ORM takes the keys of a large batch of new rows
   * from it (orm/flush/insert-rowids.ts). Absent on the other dialects.
   */
  readonly lastInsertRowid?: number;
}

/** What kind of result a statement gives, when the compiler knows (raw SQL: unknown). */
export type ResultShape = 'rows' | 'count' | 'unknown';

/** Rows as arrays of values in select-list order (see {@link DriverConnection.queryArrays}). */
export interface DriverArrayResult {
  readonly rows: unknown[][];
  readonly rowCount: number;
}

export interface DriverConnection {
  query(sql: string, parameters: readonly unknown[], shape: ResultShape): Promise<DriverResult>;
  /**
   * Optional: runs a query whose rows come back as value arrays, where the driver can make
   * those cheaper than objects (`pg` builds each row object by copying a template and
   * storing every value by name; an array is filled by position). The ORM's loads use it
   * where it exists (`Connection.queryValues`); without it, callers use {@link query}.
   */
  queryArrays?(sql: string, parameters: readonly unknown[]): Promise<DriverArrayResult>;
  /** Rows in batches of about `batchSize`, without holding the whole result in memory. */
  stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<DriverRow[]>;
  /**
   * Optional: stops the statement now running on this connection (PostgreSQL: a cancel
   * request; SQLite: `sqlite3_interrupt`; MySQL: `KILL QUERY <thread id>` from another
   * connection). The engine calls it when a statement timeout or an `AbortSignal` fires,
   * while the statement's promise is pending; that promise must then settle (with the
   * driver's "cancelled" error, or with the result if the statement won the race).
   * Resolve only once the request has reached the server, so that it cannot hit a later
   * statement of the same connection; a no-op when nothing runs. Without `cancel`, a
   * timed-out statement is abandoned and its connection destroyed instead of reused.
   */
  cancel?(): Promise<void>;
  /**
   * Optional: whether `error` (the driver's own error of a statement that just failed in a
   * transaction) made the server end that whole transaction, leaving the session outside
   * any transaction. MySQL/MariaDB: a deadlock (1213) always does, a lock wait timeout
   * (1205) when `innodb_rollback_on_timeout` is on; the next statement would autocommit.
   * The Connection then holds the transaction aborted: its savepoints are not rolled back
   * to (they are gone), and every statement until `rollback()` fails, as PostgreSQL
   * refuses them itself (25P02). Without it, no error ends a transaction (PostgreSQL
   * keeps an aborted transaction open until ROLLBACK). Called with no other statement
   * running on the connection; it may ask the server.
   */
  endsTransaction?(error: unknown): boolean | Promise<boolean>;
  /**
   * Optional: whether the session is inside a transaction as of its last statement
   * (MySQL/MariaDB: SERVER_STATUS_IN_TRANS of the statement's OK or EOF packet; after a
   * failed statement that may have committed, the driver asks the server before the
   * statement's promise settles, as an error packet carries no status). A Connection
   * asks after every statement of its open transaction: false means the statement made
   * the server leave it, which on MySQL is an implicit commit (DDL, TRUNCATE, LOCK
   * TABLES, ...: what the transaction wrote is committed, and later statements would
   * autocommit), and the Connection holds the transaction ended until `rollback()`, as
   * for `endsTransaction`. Without it, the server is taken to keep the transaction open
   * (PostgreSQL and SQLite run DDL inside it).
   */
  inTransaction?(): boolean;
  /**
   * Optional: a name for `sql` (`'CREATE TABLE'`, `'TRUNCATE'`, `'LOCK TABLES'`) when the
   * server would commit an open transaction at it, else null. A Connection refuses such
   * a statement inside its transaction before sending it (ImplicitCommitError), which
   * keeps the transaction whole; `inTransaction` catches what the names miss (a procedure
   * that runs DDL, an executable comment). Called for each statement sent inside a
   * transaction: cheap, no I/O.
   */
  implicitCommit?(sql: string): string | null;
  /**
   * Gives the connection back; `broken` connections are destroyed, not reused. `lost`
   * (default: `broken`) says it broke on its own (a failed network, a restarted server),
   * which may doom the connections opened beside it; false when a healthy connection is
   * closed on purpose (one a stream still reads), which says nothing about the others.
   */
  release(broken: boolean, lost?: boolean): void;
}

/**
 * How {@link Driver.run} reports: `error` with `acquired` false is a failure to get a
 * connection (already a dbgen error); with `acquired` true it is the driver's own error.
 */
export type RunCallback = (
  error: unknown,
  result: DriverResult | undefined,
  acquired: boolean,
) => void;

export interface Driver {
  readonly dialect: SqlDialect;
  acquire(): Promise<DriverConnection>;
  /**
   * Runs one statement on a pooled connection: acquire, query, release (destroying the
   * connection when it was lost), reported through a callback so that the engine's
   * `execute` costs one promise in all. Optional: without it the engine acquires.
   */
  run?(sql: string, parameters: readonly unknown[], shape: ResultShape, done: RunCallback): void;
  /**
   * Optional: a promise while the driver still has to learn something about the server
   * that compiling depends on (MySQL vs MariaDB: RETURNING), null once it knows. The
   * engine waits for it before compiling its first statement.
   */
  settle?(): Promise<void> | null;
  /** Maps a driver error to the dbgen hierarchy. */
  mapError(error: unknown, sql: string, parameters: readonly unknown[]): DbgenError;
  /** True when the error means the connection is unusable. */
  isConnectionLost(error: unknown): boolean;
  /**
   * Optional: true when the error is the database's answer to {@link DriverConnection.cancel}
   * (PostgreSQL 57014, SQLITE_INTERRUPT, MySQL 1317). Without it, any error of a statement
   * that was being cancelled is taken for the cancellation.
   */
  isCancelled?(error: unknown): boolean;
  close(): Promise<void>;
}
