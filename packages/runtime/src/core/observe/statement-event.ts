/**
 * What `engine.on('statement', listener)` hands a listener: one finished statement (SQLAlchemy's
 * `after_cursor_execute`, Kysely's `log` event), for logs and metrics.
 */

/** One statement the engine ran, successful or not. */
export interface StatementEvent {
  /** The SQL text sent, with placeholders (values are never spliced in). */
  readonly sql: string;
  /**
   * The bound values: the real ones for a listener added with `{ values: true }`, else one
   * `'[redacted]'` per value (so their count shows, never their content).
   */
  readonly parameters: readonly unknown[];
  /** From sending the statement until its result or error (a stream: until it ended). */
  readonly durationMs: number;
  /** Rows returned (queries, RETURNING; a stream: fetched) or affected (writes); undefined when it failed. */
  readonly rowCount: number | undefined;
  /**
   * What the caller got thrown (a {@link DbgenError} for database errors); else undefined.
   * On an engine that shows values in errors, a listener added without values gets the
   * same failure as an engine that hides them would throw it: message, parameters and the
   * driver's error (`cause`) without the values.
   */
  readonly error: Error | undefined;
  /** The dialect's name: `'postgres'`, `'sqlite'`, `'mysql'`, `'mariadb'`, or a plug-in's. */
  readonly dialect: string;
  /** It ran inside a transaction (BEGIN itself does not; COMMIT and ROLLBACK do). */
  readonly inTransaction: boolean;
  /**
   * `SELECT`, `INSERT`, `UPDATE`, `DELETE` for builder statements (Core and ORM), the
   * keyword of the engine's own transaction control (`BEGIN`, `COMMIT`, `SAVEPOINT`, ...);
   * undefined for raw `sql` (its text is not parsed).
   */
  readonly operation: string | undefined;
  /** The table a builder statement writes, or the one table it reads; else undefined. */
  readonly table: string | undefined;
  /** It took longer than the engine's `slowStatementMs`. */
  readonly slow: boolean;
}

/**
 * Called after every statement. It runs before the caller gets the result, so keep it
 * quick; what it throws (or a promise it returns rejects with) is reported through the
 * engine's logger and never changes the statement's outcome.
 */
export type StatementListener = (event: StatementEvent) => void | Promise<void>;

/** Options of `engine.on('statement', listener, options)`. */
export interface StatementListenerOptions {
  /** Give this listener the real bound values (default false: redacted). */
  readonly values?: boolean;
}
