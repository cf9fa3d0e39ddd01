/**
 * The error hierarchy of the engine (after SQLAlchemy's `DBAPIError` family): one base
 * class, subclasses with stable `code`s, each carrying the SQL, the parameters (redacted
 * unless the engine runs with `echo: { values: true }`) and the driver's error as `cause`.
 */

export type DbgenErrorCode =
  | 'DBGEN_ERROR'
  | 'CONFIG'
  | 'CONNECTION'
  | 'POOL_TIMEOUT'
  | 'CONNECTION_BUSY'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'UNIQUE_VIOLATION'
  | 'FOREIGN_KEY_VIOLATION'
  | 'NOT_NULL_VIOLATION'
  | 'CHECK_VIOLATION'
  | 'SERIALIZATION'
  | 'COMPILE'
  | 'INVALID_VALUE'
  | 'QUERY'
  | 'REPLICA_UNAVAILABLE'
  | 'POOLER'
  | 'READ_ONLY_COLUMN'
  | 'READ_ONLY_VIEW';

export interface DbgenErrorDetails {
  sql?: string;
  parameters?: readonly unknown[];
  cause?: unknown;
  table?: string;
  column?: string;
  constraint?: string;
  /** The SQLSTATE (PostgreSQL) or extended result code name (SQLite) the driver gave. */
  driverCode?: string;
}

export class DbgenError extends Error {
  readonly code: DbgenErrorCode = 'DBGEN_ERROR';
  readonly sql: string | undefined;
  readonly parameters: readonly unknown[] | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;
  readonly driverCode: string | undefined;

  constructor(message: string, details: DbgenErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.sql = details.sql;
    this.parameters = details.parameters;
    this.table = details.table;
    this.column = details.column;
    this.constraint = details.constraint;
    this.driverCode = details.driverCode;
  }
}

/** Bad engine configuration (an unreadable URL, an unknown option). */
export class ConfigError extends DbgenError {
  override readonly code = 'CONFIG';
}
/** The database could not be reached, or a connection died under a statement. */
export class ConnectionError extends DbgenError {
  override readonly code = 'CONNECTION';
}
/** No pooled connection became free within the acquire timeout. */
export class PoolTimeoutError extends DbgenError {
  override readonly code = 'POOL_TIMEOUT';
}
/**
 * A statement, or a transaction's BEGIN, COMMIT, ROLLBACK or savepoint, was asked of a
 * connection while one of its streams was still reading (`connection.stream`, a Session's
 * `query().iterate()`), on a database that runs one statement at a time on a connection
 * (PostgreSQL, MySQL/MariaDB): it would wait for the stream, and the stream for its
 * reader, forever. Nothing was sent; finish or leave the loop first, or use another
 * connection (another Session).
 */
export class ConnectionBusyError extends DbgenError {
  override readonly code = 'CONNECTION_BUSY';
}
/**
 * A statement ran longer than its statement timeout (engine, session or statement
 * option) and was cancelled on the server; the connection stays usable (a transaction it
 * ran in must be rolled back).
 */
export class TimeoutError extends DbgenError {
  override readonly code = 'TIMEOUT';
}
/**
 * A statement was stopped because its `AbortSignal` fired (or had fired before it
 * started); the connection stays usable (a transaction it ran in must be rolled back).
 */
export class CancelledError extends DbgenError {
  override readonly code = 'CANCELLED';
}
/** Any other error the database reported for a statement. */
export class QueryError extends DbgenError {
  override readonly code: DbgenErrorCode = 'QUERY';
}
/** Base of the integrity errors (constraint violations). */
export class IntegrityError extends QueryError {}
export class UniqueViolationError extends IntegrityError {
  override readonly code = 'UNIQUE_VIOLATION';
}
export class ForeignKeyViolationError extends IntegrityError {
  override readonly code = 'FOREIGN_KEY_VIOLATION';
}
export class NotNullViolationError extends IntegrityError {
  override readonly code = 'NOT_NULL_VIOLATION';
}
export class CheckViolationError extends IntegrityError {
  override readonly code = 'CHECK_VIOLATION';
}
/** A serialization failure or deadlock (SQLSTATE 40001 / 40P01): retrying may succeed. */
export class SerializationError extends QueryError {
  override readonly code = 'SERIALIZATION';
}
/** A statement the dialect cannot express (e.g. DISTINCT ON on SQLite). */
export class CompileError extends DbgenError {
  override readonly code = 'COMPILE';
}

/**
 * A value given for a column does not fit the column's logical type (a string for an
 * integer, NaN, an invalid Date, a string longer than `varchar(n)`, a lone UTF-16
 * surrogate, ...). Raised before any SQL is sent, by the Core's builders and the ORM's
 * flush, so nothing is written. `table` and `column` name the column; `expected` says what
 * the column takes and `received` what was given (its kind and size, never a string's text).
 */
export class InvalidValueError extends DbgenError {
  override readonly code = 'INVALID_VALUE';
  constructor(
    /** `table.column` as the message names it. */
    readonly target: string,
    readonly expected: string,
    readonly received: string,
    details: DbgenErrorDetails = {},
  ) {
    super(`invalid value for ${target}: expected ${expected}, got ${received}`, details);
  }
}

/** Parameters as they appear in errors and echo output when values are not to be shown. */
export function redact(parameters: readonly unknown[]): readonly unknown[] {
  return Object.freeze(parameters.map(() => '[redacted]'));
}

/**
 * A value given for a column the database computes (a generated column): an INSERT or
 * UPDATE may not write it. Raised before any SQL is sent, by the Core's builders and the
 * ORM's flush; the generated types already refuse it at compile time.
 */
export class ReadOnlyColumnError extends DbgenError {
  override readonly code = 'READ_ONLY_COLUMN';
  constructor(table: string, column: string, expression: string) {
    super(
      `column "${column}" of "${table}" is generated (GENERATED ALWAYS AS (${expression})): the database computes it, it cannot be written`,
      { table, column },
    );
  }
}

/**
 * An INSERT, UPDATE or DELETE of a view (`@dbgen view`): views are mapped read-only, by
 * the Core's builders and the ORM's flush alike. Raised before any SQL is sent.
 */
export class ReadOnlyViewError extends DbgenError {
  override readonly code = 'READ_ONLY_VIEW';
  constructor(view: string, statement: 'INSERT' | 'UPDATE' | 'DELETE') {
    super(`"${view}" is a view, mapped read-only: it cannot take an ${statement}`, {
      table: view,
    });
  }
}
