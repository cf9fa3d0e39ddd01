/**
 * A Connection: one pooled driver connection held until `release()`, with the same
 * execute / stream / transaction API as the engine, plus explicit begin / commit /
 * rollback / savepoints for callers that span a transaction across calls (the ORM Session).
 */
import { toStatementNode, type Compilable } from './compiler/compile.js';
import type { SqlDialect, TransactionOptions } from './dialect.js';
import type { EngineTransactionOptions, Executor, Params, StreamOptions } from './executor.js';
import type { DriverConnection } from './driver.js';
import { DbgenError, SerializationError } from './errors.js';
import { StreamGuard } from './stream-guard.js';
import {
  convertRows,
  observe,
  prepare,
  runCompiled,
  runCompiledArrays,
  shownParameters,
  type ExecuteResult,
  type RunSettings,
  type StatementRow,
} from './run.js';
import type { ResultShape } from './driver.js';
import type { StatementNode } from './nodes.js';
import { runInsertParts, splitInsert } from './split-insert.js';
import { retryPause } from './retry-pause.js';
import {
  checkTimeout,
  resolveLimits,
  runWithLimits,
  type StatementLimits,
  type StatementOptions,
} from './statement-limits.js';
import { TransactionAbort } from './transaction-abort.js';
import {
  breaksConnection,
  controlStatement,
  positional,
  type ConnectOptions,
  type Savepoint,
  type ValueRows,
} from './connection-types.js';

// The contract connections share with the engine lives in executor.ts; re-exported for
// the modules that import it from here.
export type { EngineTransactionOptions, Executor, Params, StreamOptions } from './executor.js';
export type { ConnectOptions, Savepoint, ValueRows } from './connection-types.js';

export class Connection implements Executor {
  private depth = 0;
  private broken = false;
  /**
   * Whether the server ended the transaction by itself (MySQL's deadlock) while `depth`
   * still says one is open: until `rollback()`, statements are refused rather than run in
   * autocommit.
   */
  private readonly abort: TransactionAbort;
  private released = false;
  private readonly streams: StreamGuard;
  private readonly statementTimeoutMs: number | undefined;

  constructor(
    private readonly settings: RunSettings,
    private readonly driverConnection: DriverConnection,
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

  /**
   * @internal Throws ConnectionBusyError when one of this connection's streams still reads
   * where nothing else may run (the ORM asks before a flush or commit changes anything).
   */
  checkIdle(what: string): void {
    this.streams.check(what);
  }

  /** True between `begin()` and `commit()`/`rollback()`. */
  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /**
   * True when something sees this connection's statements: echo, a slow-statement
   * threshold, `statement` listeners or tracing (the engine's options and `on()`).
   */
  get observed(): boolean {
    return this.settings.observer !== null;
  }

  async execute<Row = never, S extends Compilable = Compilable>(
    statement: S,
    params?: Params,
    options?: StatementOptions,
  ): Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>> {
    this.checkUsable();
    this.streams.check('a statement');
    this.abort.check('statement refused');
    const parts = splitInsert(toStatementNode(statement), this.dialect);
    if (parts) {
      // One statement per column set, all or none: in a transaction (or savepoint).
      return this.transaction(() =>
        runInsertParts(parts, (part) => this.execute(part, params, options)),
      ) as Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>>;
    }
    const { compiled, shape, node } = prepare(this.settings, statement, params);
    if (this.depth > 0) this.abort.before(compiled.sql);
    return this.guard(
      compiled.sql,
      runCompiled(
        this.settings,
        this.driverConnection,
        compiled,
        shape,
        this.limits(options),
        node,
        this.depth > 0,
      ),
    );
  }

  private limits(options: StatementOptions | undefined): StatementLimits | undefined {
    return resolveLimits(options, this.statementTimeoutMs);
  }

  /**
   * @internal For the ORM's loads: runs a SELECT and gives its rows as arrays of values in
   * select-list order (`arrays: true`) where the driver fetches those more cheaply than
   * objects (PostgreSQL), else as objects keyed by column (`arrays: false`). Values are
   * converted by select-list position, so the select list must have distinct output keys
   * (as the ORM's have); other statements, and lists with `*`, come back as objects.
   */
  async queryValues(statement: StatementNode, options?: StatementOptions): Promise<ValueRows> {
    const driverConnection = this.driverConnection;
    if (driverConnection.queryArrays === undefined || !positional(statement)) {
      const { rows } = await this.execute(statement, undefined, options);
      return { rows, arrays: false };
    }
    this.checkUsable();
    this.streams.check('a statement');
    this.abort.check('statement refused');
    const { compiled } = prepare(this.settings, statement);
    const { rows } = await this.guard(
      compiled.sql,
      runCompiledArrays(
        this.settings,
        driverConnection as Required<Pick<DriverConnection, 'queryArrays'>>,
        compiled,
        this.limits(options),
        statement,
        this.depth > 0,
      ),
    );
    return { rows, arrays: true };
  }

  async *stream<Row = never, S extends Compilable = Compilable>(
    statement: S,
    options: StreamOptions = {},
  ): AsyncIterable<[Row] extends [never] ? StatementRow<S> : Row> {
    this.checkUsable();
    this.streams.check('another stream');
    this.abort.check('statement refused');
    const { compiled, node } = prepare(this.settings, statement, options.params);
    if (this.depth > 0) this.abort.before(compiled.sql);
    const limits = this.limits(options);
    const shown = shownParameters(this.settings, compiled.parameters);
    // The whole iteration is one observed statement, ended with the rows fetched.
    const observed = observe(this.settings, compiled, node, this.depth > 0);
    let rowCount = 0;
    const batches = this.driverConnection
      .stream(compiled.sql, compiled.parameters, options.batchSize ?? 500)
      [Symbol.asyncIterator]();
    let finished = false;
    this.streams.opened();
    try {
      for (;;) {
        // Each round trip under the limits (the signal is checked before every one, so an
        // abort while the caller works on a batch stops the next fetch).
        const next =
          limits === undefined
            ? await batches.next()
            : await runWithLimits(
                this.settings.driver,
                this.driverConnection,
                limits,
                compiled.sql,
                shown,
                () => batches.next(),
              );
        if (next.done === true) {
          finished = true;
          this.noteStatement(compiled.sql);
          if (observed !== null) observed.end(rowCount);
          return;
        }
        rowCount += next.value.length;
        convertRows(this.settings, compiled, next.value);
        yield* next.value as ([Row] extends [never] ? StatementRow<S> : Row)[];
      }
    } catch (error) {
      this.noteFailure(error);
      const mapped = this.settings.driver.mapError(error, compiled.sql, shown);
      await this.noteAbort(error, mapped, compiled.sql);
      if (observed !== null) observed.fail(mapped);
      throw mapped;
    } finally {
      this.streams.closed();
      // Closes the driver's cursor when the caller stopped early or a fetch failed.
      if (!finished) await batches.return?.(undefined).catch(() => undefined);
      // The caller stopped early (a failure was observed above; a second report is ignored).
      if (observed !== null) observed.end(rowCount);
    }
  }

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

  /** Returns the connection to the pool (rolling back an unfinished transaction first). */
  async release(): Promise<void> {
    if (this.released) return;
    // A stream still reading holds the connection: closed instead of pooled (its server
    // session ends, which rolls back an open transaction), as a ROLLBACK would wait for it.
    // Closed on purpose, not lost: the pool keeps the connections opened beside it.
    const busy = this.streams.busy;
    if (!busy && this.depth > 0) await this.rollback().catch(() => undefined);
    this.released = true;
    this.driverConnection.release(this.broken || busy, this.broken);
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
  private async guard<T>(sql: string, promise: Promise<T>): Promise<T> {
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
  private noteStatement(sql: string): void {
    if (this.depth > 0) this.abort.after(sql);
  }

  /**
   * Notes whether a failed statement `sql` ended the server's transaction (`cause`: the
   * driver's error, `error`: what the caller gets); only an open transaction on a
   * connection that is not broken can have been.
   */
  private noteAbort(cause: unknown, error: unknown, sql: string): Promise<void> | undefined {
    return this.depth > 0 && !this.broken ? this.abort.note(cause, error, sql) : undefined;
  }

  private noteFailure(error: unknown): void {
    if (breaksConnection(this.settings.driver, this.driverConnection, error)) this.broken = true;
  }

  private checkUsable(): void {
    if (this.released)
      throw new DbgenError('this connection was released; acquire a new one with engine.connect()');
  }
}
