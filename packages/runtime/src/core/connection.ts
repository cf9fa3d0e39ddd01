/**
 * A Connection: one pooled driver connection held until `release()`, with the same
 * execute / stream / transaction API as the engine, plus explicit begin / commit /
 * rollback / savepoints for callers that span a transaction across calls (the ORM Session).
 *
 * This file runs its statements (execute, queryValues, stream) and releases it; the state
 * and the transaction control they share are in transactional-connection.ts.
 */
import { toStatementNode, type Compilable } from './compiler/compile.js';
import type { Executor, Params, StreamOptions } from './executor.js';
import type { DriverConnection } from './driver.js';
import {
  convertRows,
  hiddenMapping,
  observe,
  prepare,
  runCompiled,
  runCompiledArrays,
  shownParameters,
  type ExecuteResult,
  type StatementRow,
} from './run.js';
import type { StatementNode } from './nodes.js';
import { runInsertParts, splitInsert } from './split-insert.js';
import {
  resolveLimits,
  runWithLimits,
  type StatementLimits,
  type StatementOptions,
} from './statement-limits.js';
import { positional, type ValueRows } from './connection-types.js';
import { TransactionalConnection } from './transactional-connection.js';

// The contract connections share with the engine lives in executor.ts; re-exported for
// the modules that import it from here.
export type { EngineTransactionOptions, Executor, Params, StreamOptions } from './executor.js';
export type { ConnectOptions, Savepoint, ValueRows } from './connection-types.js';

export class Connection extends TransactionalConnection implements Executor {
  /**
   * @internal Throws ConnectionBusyError when one of this connection's streams still reads
   * where nothing else may run (the ORM asks before a flush or commit changes anything).
   */
  checkIdle(what: string): void {
    this.streams.check(what);
  }

  /**
   * True when something sees this connection's statements: echo, a slow-statement
   * threshold, `statement` listeners or tracing (the engine's options and `on()`).
   */
  get observed(): boolean {
    return this.settings.observer !== null;
  }

  /**
   * @internal True when statements may be sent before the previous one's result is back
   * (the dialect's `pipelinedWrites`): on a connection without a statement timeout (a
   * queued statement's timer would run while it waits, and a cancel would reach the one
   * running) that nothing observes (their durations would count the wait).
   */
  get pipelines(): boolean {
    return (
      this.dialect.capabilities.pipelinedWrites === true &&
      this.statementTimeoutMs === undefined &&
      this.settings.observer === null
    );
  }

  override async execute<Row = never, S extends Compilable = Compilable>(
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

  override async *stream<Row = never, S extends Compilable = Compilable>(
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
      if (observed !== null) observed.fail(mapped, hiddenMapping(this.settings, compiled, error));
      throw mapped;
    } finally {
      this.streams.closed();
      // Closes the driver's cursor when the caller stopped early or a fetch failed; not on a
      // broken connection (a server that stopped answering would never confirm the close,
      // and the connection is closed on release anyway).
      if (!finished && !this.broken) await batches.return?.(undefined).catch(() => undefined);
      // The caller stopped early (a failure was observed above; a second report is ignored).
      if (observed !== null) observed.end(rowCount);
    }
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
}
