/**
 * What a Connection (connection.ts) is under its statements: the state it holds over one
 * pooled driver connection (transaction depth, broken, released, the aborted-transaction
 * state, its streams) and the transaction control on it: begin / commit / rollback,
 * savepoints, and transaction() (a savepoint when nested, retried on serialization
 * failures when outermost). Every statement, control ones too, passes `guard`, which notes
 * whether it broke the connection or ended the server's transaction.
 *
 * A base class rather than functions so that Connection's statement path reads the same
 * fields and calls the same methods as before the split (one instance shape).
 */
import type { Compilable } from './compiler/compile.js';
import type { SqlDialect, TransactionOptions } from './dialect.js';
import type { EngineTransactionOptions, Executor, Params, StreamOptions } from './executor.js';
import type { DriverConnection, ResultShape } from './driver.js';
import { DbgenError, SerializationError } from './errors.js';
import { StreamGuard } from './stream-guard.js';
import { runCompiled, type ExecuteResult, type RunSettings, type StatementRow } from './run.js';
import { retryPause } from './retry-pause.js';
import { checkTimeout, type StatementOptions } from './statement-limits.js';
import { TransactionAbort } from './transaction-abort.js';
import {
  breaksConnection,
  controlStatement,
  type ConnectOptions,
  type Savepoint,
} from './connection-types.js';

export abstract class TransactionalConnection implements Executor {
  protected depth = 0;
  protected broken = false;
  /**
   * Whether the server ended the transaction by itself (MySQL's deadlock) while `depth`
   * still says one is open: until `rollback()`, statements are refused rather than run in
   * autocommit.
   */
  protected readonly abort: TransactionAbort;
  protected released = false;
  protected readonly streams: StreamGuard;
  protected readonly statementTimeoutMs: number | undefined;

  constructor(
    protected readonly settings: RunSettings,
    protected readonly driverConnection: DriverConnection,
    options: ConnectOptions = {},
  ) {
    this.statementTimeoutMs =
      options.statementTimeoutMs !== undefined
        ? checkTimeout(options.statementTimeoutMs, 'statementTimeoutMs')
        : settings.statementTimeoutMs;
    this.abort = new TransactionAbort(driverConnection);
    this.streams = new StreamGuard(settings.driver.dialect);
  }

  get dialect(): SqlDialect {
    return this.settings.driver.dialect;
  }

  /** True between `begin()` and `commit()`/`rollback()`. */
  get inTransaction(): boolean {
    return this.depth > 0;
  }

  abstract execute<Row = never, S extends Compilable = Compilable>(
    statement: S,
    params?: Params,
    options?: StatementOptions,
  ): Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>>;

  abstract stream<Row = never, S extends Compilable = Compilable>(
    statement: S,
    options?: StreamOptions,
  ): AsyncIterable<[Row] extends [never] ? StatementRow<S> : Row>;

  async transaction<T>(
    work: (tx: Executor) => Promise<T>,
    options: EngineTransactionOptions = {},
  ): Promise<T> {
    if (this.depth > 0) {
      const outer = this.depth;
      const savepoint = await this.savepoint();
      try {
        const result = await work(this);
        await savepoint.release();
        return result;
      } catch (error) {
        if (this.abort.aborted) {
          // The server ended the whole transaction, savepoints and all: there is nothing
          // to roll back to, and the failure (a deadlock) must reach the outermost
          // transaction() as it is, which rolls back and may retry.
          if (this.depth > outer) this.depth = outer;
        } else if (!this.broken) {
          await savepoint.rollback().catch((failure: unknown) => {
            // The work's error is what the caller must see, not the rollback's (a failed
            // release leaves the savepoint gone on MySQL, and rolling back to it fails
            // too). What the work wrote may still be in the transaction: it is held
            // unsafe, so the outer transaction cannot commit it.
            if (this.depth > outer) this.depth = outer;
            if (!this.broken) this.abort.unsafe(failure);
          });
        }
        throw error;
      }
    }
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await retryPause(attempt);
      await this.begin(options);
      try {
        const result = await work(this);
        await this.commit();
        return result;
      } catch (error) {
        // Asked before the rollback forgets how the server ended the transaction.
        const failure = this.abort.failure(error);
        await this.rollback().catch(() => undefined);
        if (error instanceof SerializationError && attempt < (options.retries ?? 0) && !this.broken)
          continue;
        throw failure;
      }
    }
  }

  /** Starts a transaction (isolation level and read-only where the dialect has them). */
  async begin(options: TransactionOptions = {}): Promise<void> {
    if (this.depth > 0)
      throw new DbgenError(
        'a transaction is already in progress on this connection; use savepoint()',
      );
    this.streams.check('begin()');
    await this.control(this.dialect.beginTransaction(options), false);
    this.depth = 1;
  }

  async commit(): Promise<void> {
    if (this.depth === 0) throw new DbgenError('commit() without a transaction in progress');
    this.streams.check('commit()');
    this.depth = 0;
    // Fails when the server already ended the transaction: COMMIT would commit nothing.
    this.abort.clearForCommit();
    try {
      await this.control('commit', true);
    } catch (error) {
      // SQLite keeps the transaction open when it refuses a COMMIT (a deferred foreign
      // key, a busy database); PostgreSQL and MySQL have ended it. A ROLLBACK ends it
      // everywhere (where none is open it does nothing), so the connection is never
      // used or pooled inside a transaction whose later writes would be lost.
      if (!this.broken) await this.control('rollback', true).catch(() => undefined);
      throw error;
    }
  }

  async rollback(): Promise<void> {
    if (this.depth === 0) return;
    this.streams.check('rollback()');
    this.depth = 0;
    this.abort.clear();
    if (this.broken) return;
    await this.control('rollback', true);
  }

  /** Opens a savepoint inside the current transaction. */
  async savepoint(): Promise<Savepoint> {
    if (this.depth === 0)
      throw new DbgenError('savepoint() needs a transaction in progress; call begin() first');
    this.streams.check('savepoint()');
    this.abort.check('savepoint() refused');
    const name = `dbgen_sp_${this.depth}`;
    await this.control(`savepoint ${this.dialect.quoteIdentifier(name)}`, true);
    this.depth++;
    const depth = this.depth;
    const end = async (sql: string, what: string): Promise<void> => {
      if (this.depth !== depth)
        throw new DbgenError(`savepoint ${name} is not the innermost open savepoint`);
      this.streams.check(`the end of savepoint ${name}`);
      this.depth--;
      // The server ended the transaction: the savepoint is gone with it.
      this.abort.check(what);
      try {
        await this.control(sql, true);
      } catch (error) {
        // Where the statement failed and the transaction goes on, the savepoint is still
        // the innermost (PostgreSQL refuses RELEASE in an aborted transaction and keeps
        // it): rollback() may still roll back to it.
        if (!this.broken && !this.abort.aborted) this.depth = depth;
        throw error;
      }
    };
    const quoted = this.dialect.quoteIdentifier(name);
    return {
      name,
      release: () => end(`release savepoint ${quoted}`, `release of savepoint ${name} refused`),
      rollback: () =>
        end(`rollback to savepoint ${quoted}`, `rollback to savepoint ${name} refused`).then(() =>
          this.control(`release savepoint ${quoted}`, true),
        ),
    };
  }

  /** Transaction control (observed by its keyword: BEGIN, COMMIT, SAVEPOINT, ...). */
  private async control(sqlText: string, inTransaction: boolean): Promise<void> {
    this.checkUsable();
    await this.guard(
      sqlText,
      runCompiled(
        this.settings,
        this.driverConnection,
        controlStatement(sqlText),
        'count' as ResultShape,
        undefined,
        null,
        inTransaction,
      ),
    );
  }

  /** Awaits statement `sql`, noting whether it ended the transaction (either way). */
  protected async guard<T>(sql: string, promise: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await promise;
    } catch (error) {
      this.noteFailure(error);
      await this.noteAbort(error, error, sql);
      throw error;
    }
    this.noteStatement(sql);
    return result;
  }

  /** After statement `sql` succeeded in the open transaction: did the server leave it? */
  protected noteStatement(sql: string): void {
    if (this.depth > 0) this.abort.after(sql);
  }

  /**
   * Notes whether a failed statement `sql` ended the server's transaction (`cause`: the
   * driver's error, `error`: what the caller gets); only an open transaction on a
   * connection that is not broken can have been.
   */
  protected noteAbort(cause: unknown, error: unknown, sql: string): Promise<void> | undefined {
    return this.depth > 0 && !this.broken ? this.abort.note(cause, error, sql) : undefined;
  }

  protected noteFailure(error: unknown): void {
    if (breaksConnection(this.settings.driver, this.driverConnection, error)) this.broken = true;
  }

  protected checkUsable(): void {
    if (this.released)
      throw new DbgenError('this connection was released; acquire a new one with engine.connect()');
  }
}
