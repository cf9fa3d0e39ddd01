/**
 * A transaction the server ended by itself while the connection still holds it open:
 * rolled back (MySQL's deadlock: DriverConnection.endsTransaction) or committed (MySQL's
 * implicit commit at DDL, TRUNCATE, LOCK TABLES...: DriverConnection.inTransaction), or
 * one that cannot go on safely (a savepoint that could not be rolled back to). Until
 * `rollback()` its statements are refused rather than run in autocommit, and `commit()`
 * fails rather than report success for writes that are gone or were committed apart.
 */
import type { DriverConnection } from './driver.js';
import { DbgenError, QueryError, type DbgenErrorDetails } from './errors.js';

/**
 * A statement that commits implicitly, inside a transaction (MySQL/MariaDB: DDL,
 * TRUNCATE, LOCK TABLES, GRANT, ... commit the open transaction first). `committed`
 * false: refused before it was sent, the transaction is as it was. `committed` true: the
 * server committed the transaction at `statement` (everything written before it, and the
 * statement itself, stays, whatever rollback follows); the connection refuses the
 * transaction's later statements, and its commit, until `rollback()`.
 */
export class ImplicitCommitError extends QueryError {
  constructor(
    message: string,
    /** The statement that commits (or committed) the transaction (its first line). */
    readonly statement: string,
    /** Whether the server committed the transaction (false: nothing was sent). */
    readonly committed: boolean,
    details: DbgenErrorDetails = {},
  ) {
    super(message, details);
  }
}

/** A statement's first line, shortened, for messages (its whole text is the error's `sql`). */
function head(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** How the transaction ended under the connection. */
type Ended =
  /** The server rolled it back after `error` (a deadlock). */
  | { readonly kind: 'rolledBack'; readonly error: DbgenError }
  /** The server committed it at `sql`. */
  | { readonly kind: 'committed'; readonly sql: string }
  /** `error` left it in a state dbgen cannot vouch for (a failed rollback to a savepoint). */
  | { readonly kind: 'unsafe'; readonly error: DbgenError };

const AFTER = 'Call rollback() (transaction() does), then run the transaction again';

/** The error every statement (and the commit) of an ended transaction gets. */
function endedError(what: string, ended: Ended, cause?: unknown): QueryError {
  const first = (e: DbgenError) => `${e.name}: ${e.message.split('\n')[0]}`;
  switch (ended.kind) {
    case 'rolledBack':
      // The class PostgreSQL's own refusal (25P02) maps to, naming what ended it.
      return new QueryError(
        `${what}: the database already rolled back this transaction after ` +
          `${first(ended.error)}; nothing of it was committed. ${AFTER}`,
        { cause: cause ?? ended.error },
      );
    case 'committed':
      return new ImplicitCommitError(
        `${what}: the database committed this transaction implicitly at \`${head(ended.sql)}\` ` +
          '(MySQL/MariaDB commit the open transaction at DDL, TRUNCATE, LOCK TABLES and other ' +
          'such statements): everything the transaction wrote up to and including that ' +
          'statement is committed and no rollback undoes it, and a later statement would run ' +
          `outside any transaction. Run such statements outside transactions. ${AFTER}`,
        head(ended.sql),
        true,
        { sql: ended.sql, ...(cause === undefined ? {} : { cause }) },
      );
    case 'unsafe':
      return new QueryError(
        `${what}: this transaction cannot go on, as a savepoint could not be rolled back to ` +
          `after a failure (${first(ended.error)}): what the nested transaction wrote may ` +
          `still be in it. ${AFTER}`,
        { cause: cause ?? ended.error },
      );
  }
}

/** Whether a connection's open transaction was ended by the server, and how. */
export class TransactionAbort {
  /** How the server ended the transaction while the connection holds it open; else null. */
  private ended: Ended | null = null;

  constructor(private readonly driverConnection: DriverConnection) {}

  /** True from the failure that ended the transaction until `commit()` or `rollback()`. */
  get aborted(): boolean {
    return this.ended !== null;
  }

  /**
   * Asks the driver whether a failed statement's error ended the server's transaction
   * (`cause`: the driver's error, `error`: what the caller gets); if so, the transaction
   * is held aborted until `rollback()`. Else whether the failed statement (`sql`) left the
   * transaction (committed it implicitly before failing: MySQL's failed DDL). The
   * connection asks only for a failure inside an open transaction on a connection that is
   * not broken.
   */
  async note(cause: unknown, error: unknown, sql: string): Promise<void> {
    if (this.ended !== null) return;
    const ends = this.driverConnection.endsTransaction;
    if (ends !== undefined) {
      const own = cause instanceof DbgenError ? (cause.cause ?? cause) : cause;
      let ended = false;
      try {
        ended = await ends.call(this.driverConnection, own);
      } catch {
        // Not known to have ended it: the server's own answers decide, as before.
      }
      if (ended) {
        const rolledBack = error instanceof DbgenError ? error : new DbgenError(String(error));
        this.ended = { kind: 'rolledBack', error: rolledBack };
        return;
      }
    }
    this.after(sql);
  }

  /**
   * Refuses, before it is sent, a statement the server would commit the open transaction
   * for (DriverConnection.implicitCommit). Refusing beats noticing afterwards: once sent,
   * what the transaction wrote before it is committed and no rollback can undo it.
   */
  before(sql: string): void {
    const kind = this.driverConnection.implicitCommit?.(sql);
    if (kind === undefined || kind === null) return;
    throw new ImplicitCommitError(
      `${kind} refused inside a transaction: MySQL/MariaDB commit the open transaction at ` +
        `${kind}, so what the transaction wrote before it could no longer be rolled back. ` +
        'Nothing was sent and the transaction is as it was; run it outside the transaction ' +
        '(CREATE TEMPORARY TABLE and DROP TEMPORARY TABLE do not commit and are allowed)',
      kind,
      false,
      { sql },
    );
  }

  /**
   * After a statement (`sql`) of the open transaction: when the server says the session
   * is outside any transaction now (DriverConnection.inTransaction), the statement
   * committed it implicitly, and the transaction is held ended until `rollback()`.
   */
  after(sql: string): void {
    if (this.ended === null && this.driverConnection.inTransaction?.() === false)
      this.ended = { kind: 'committed', sql };
  }

  /**
   * Holds the transaction unsafe after `error` (a rollback to a savepoint that failed):
   * the outer transaction must not commit what the nested one may have left in it.
   */
  unsafe(error: unknown): void {
    if (this.ended !== null) return;
    this.ended = {
      kind: 'unsafe',
      error: error instanceof DbgenError ? error : new DbgenError(String(error)),
    };
  }

  /** Refuses `what` in a transaction the server has already ended. */
  check(what: string): void {
    if (this.ended !== null) throw endedError(what, this.ended);
  }

  /**
   * What `transaction()` rejects with when its work failed with `error`: `error` itself,
   * unless the server committed the transaction implicitly and `error` does not say so
   * (the work's own error after a DDL): the rollback the caller relies on did not undo
   * what was committed, which must not pass unsaid. `error` is then the cause.
   */
  failure(error: unknown): unknown {
    const ended = this.ended;
    if (ended?.kind !== 'committed' || error instanceof ImplicitCommitError) return error;
    const reason =
      error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    return endedError(`transaction() failed (${reason}) and was rolled back`, ended, error);
  }

  /** Forgets the abort: the transaction was rolled back. */
  clear(): void {
    this.ended = null;
  }

  /**
   * Forgets the abort as the transaction is committed, and fails the commit when there
   * was one: COMMIT would go to a session with no transaction, which succeeds and
   * commits nothing, and the caller must learn that its writes are gone (or were
   * committed apart).
   */
  clearForCommit(): void {
    const ended = this.ended;
    this.ended = null;
    if (ended !== null) throw endedError('commit() failed', ended);
  }
}
