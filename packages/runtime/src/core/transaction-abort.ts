/**
 * A transaction the server ended by itself while the connection still holds it open
 * (MySQL's deadlock: DriverConnection.endsTransaction). Until `rollback()` its statements
 * are refused rather than run in autocommit, and `commit()` fails rather than report
 * success for writes that are gone.
 */
import type { DriverConnection } from './driver.js';
import { DbgenError, QueryError } from './errors.js';

/**
 * The error every statement of a transaction the server ended gets until `rollback()`
 * (the class PostgreSQL's own refusal, 25P02, maps to), naming what ended it.
 */
function abortedError(what: string, ended: DbgenError): QueryError {
  return new QueryError(
    `${what}: the database already rolled back this transaction after ` +
      `${ended.name}: ${ended.message.split('\n')[0]}; nothing of it was committed. ` +
      'Call rollback() (transaction() does), then run the transaction again',
    { cause: ended },
  );
}

/** Whether a connection's open transaction was ended by the server, and by what. */
export class TransactionAbort {
  /**
   * The error after which the server ended the transaction by itself, while the
   * connection still says one is open; null otherwise.
   */
  private ended: DbgenError | null = null;

  constructor(private readonly driverConnection: DriverConnection) {}

  /** True from the failure that ended the transaction until `commit()` or `rollback()`. */
  get aborted(): boolean {
    return this.ended !== null;
  }

  /**
   * Asks the driver whether a failed statement's error ended the server's transaction
   * (`cause`: the driver's error, `error`: what the caller gets); if so, the transaction
   * is held aborted until `rollback()`. The connection asks only for a failure inside an
   * open transaction on a connection that is not broken.
   */
  async note(cause: unknown, error: unknown): Promise<void> {
    const ends = this.driverConnection.endsTransaction;
    if (ends === undefined || this.ended !== null) return;
    const own = cause instanceof DbgenError ? (cause.cause ?? cause) : cause;
    let ended = false;
    try {
      ended = await ends.call(this.driverConnection, own);
    } catch {
      // Not known to have ended it: the server's own answers decide, as before.
    }
    if (ended) this.ended = error instanceof DbgenError ? error : new DbgenError(String(error));
  }

  /** Refuses `what` in a transaction the server has already ended. */
  check(what: string): void {
    if (this.ended !== null) throw abortedError(what, this.ended);
  }

  /** Forgets the abort: the transaction was rolled back. */
  clear(): void {
    this.ended = null;
  }

  /**
   * Forgets the abort as the transaction is committed, and fails the commit when there
   * was one: COMMIT would go to a session with no transaction, which succeeds and
   * commits nothing, and the caller must learn that its writes are gone.
   */
  clearForCommit(): void {
    const ended = this.ended;
    this.ended = null;
    if (ended !== null) throw abortedError('commit() failed', ended);
  }
}
