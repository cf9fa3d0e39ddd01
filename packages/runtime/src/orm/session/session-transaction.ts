/**
 * The transaction half of the Session: the connection it borrows from the engine (the
 * transaction begun on first use), the flush that writes its objects there, and the ends
 * of the transaction: `commit()`, `rollback()`, `close()` and the SAVEPOINTs of
 * `beginNested()`. The object bookkeeping below it is session-objects.ts; the reads and
 * the public entry points above it are session.ts.
 */
import { AfterCommitError, InvalidRequestError } from '../errors.js';
import type { OrmExecutor, ValueConverter } from './executor.js';
import type { StatementNode } from '../../core/nodes.js';
import { SessionObjects } from './session-objects.js';
import { Savepoints } from './savepoints.js';
import type {
  NestedTransaction,
  SessionConnection,
  SessionEngine,
  SessionOptions,
} from './session-types.js';
import { flush, type FlushSession } from '../flush/unit-of-work.js';
import type { FiltersOff } from '../criteria/session-criteria.js';
import { filteredExecutor } from '../criteria/filtered-executor.js';
import type { SessionEvents } from '../events/session-events.js';
import { flushWithEvents } from '../events/flush-loop.js';

export abstract class SessionTransaction extends SessionObjects implements FlushSession {
  autoflush: boolean;
  /** INSERTs fetch server defaults through RETURNING ({@link SessionOptions.eagerDefaults}). */
  private readonly eagerDefaults: boolean;
  expireOnCommit: boolean;
  /** The connection of the open transaction; null between transactions. */
  protected connection: SessionConnection | null = null;
  private connecting: Promise<SessionConnection> | null = null;
  private readonly savepoints = new Savepoints();
  protected flushing = false;
  private readonly connectOptions: { readonly statementTimeoutMs?: number };

  constructor(
    readonly engine: SessionEngine,
    options: SessionOptions,
  ) {
    super();
    this.autoflush = options.autoflush ?? true;
    this.eagerDefaults = options.eagerDefaults ?? true;
    this.expireOnCommit = options.expireOnCommit ?? false;
    this.connectOptions =
      options.statementTimeoutMs === undefined
        ? {}
        : { statementTimeoutMs: options.statementTimeoutMs };
  }

  // ---- writing ------------------------------------------------------------------------

  /**
   * Writes pending changes in dependency order within the session's transaction. If a
   * statement fails, the transaction (or the innermost savepoint) is rolled back, the
   * session's objects are restored to match, and the error is rethrown.
   */
  async flush(): Promise<void> {
    this.checkOpen();
    if (this.flushing) throw new InvalidRequestError('flush() is already running on this session');
    if (this.events !== null) return this.flushObserved(this.events);
    if (!this.hasChanges()) return;
    // Inside a stream's loop (PostgreSQL, MySQL) the flush's first statement would be
    // refused: refused here instead, before anything changes, so the transaction and the
    // objects go on after the loop (a failed flush rolls the transaction back).
    this.connection?.checkIdle?.('flush()');
    this.flushing = true;
    try {
      const ex = await this.executor();
      await flush(this, ex);
    } catch (error) {
      await this.afterFailedFlush();
      throw error;
    } finally {
      this.flushing = false;
    }
  }

  /** The flush with lifecycle events: `beforeFlush`, the flush, `afterFlush`, repeated while handlers add changes. */
  private async flushObserved(events: SessionEvents): Promise<void> {
    this.connection?.checkIdle?.('flush()');
    this.flushing = true;
    try {
      await flushWithEvents(this, events, async () => flush(this, await this.executor()));
    } catch (error) {
      await this.afterFailedFlush();
      throw error;
    } finally {
      this.flushing = false;
    }
  }

  /** @internal For the event loop: whether a flush would write anything. */
  hasPendingChanges(): boolean {
    return this.hasChanges();
  }

  /** Flushes when autoflush is on and there is something to flush. */
  async autoflushNow(): Promise<void> {
    if (this.autoflush && !this.flushing && this.hasChanges()) await this.flush();
  }

  /** Flush, then COMMIT; flushed deletes become detached; with `expireOnCommit`, objects expire. */
  async commit(): Promise<void> {
    this.checkOpen();
    this.connection?.checkIdle?.('commit()');
    while (this.savepoints.open) await this.savepoints.releaseInnermost(this.journal);
    await this.flush();
    const conn = this.connection;
    if (conn !== null) {
      this.connection = null;
      try {
        await conn.commit();
      } catch (error) {
        await conn.release();
        this.journal.rollback(this);
        this.expireAll();
        throw error;
      }
      await conn.release();
    }
    this.journal.clear();
    // Detached, and still marked deleted: add() refuses them (they have no row).
    for (const st of this.flushedDeletes) st.session = null;
    this.flushedDeletes.clear();
    if (this.expireOnCommit) this.expireAll();
    if (conn !== null && this.events !== null && this.events.has('afterCommit')) {
      const failures = await this.events.emitAll('afterCommit', { session: this });
      // Not the handler's own error: the caller must be able to tell that the data is
      // stored (a retry of a "failed" commit in a new session writes it twice).
      if (failures.length > 0) throw new AfterCommitError(failures);
    }
  }

  /**
   * Rolls back the transaction and the session's objects with it: objects inserted or
   * added in it become transient, deleted ones persistent again, snapshots return to
   * their state at the transaction's start (so changes flushed in it show as unflushed).
   * Then every object is expired (as SQLAlchemy does): the journal restores only what the
   * flush recorded, and an object loaded in the transaction may hold rows it wrote through
   * `execute()`, or a row it inserted; the next `get` or query that meets one reloads it,
   * keeping its unflushed changes (hydrate.ts `reloadExpired`).
   */
  async rollback(): Promise<void> {
    this.refuseDuringFlush('rollback()');
    const failures = await this.rollbackTransaction();
    if (failures.length > 0) throw failures[0];
  }

  /**
   * A handler of the flush's events may not end the transaction the flush writes in: the
   * flush went on with a released connection, and `commit()` then reported a success with
   * nothing stored. To undo the flush, a handler throws (the flush rolls back).
   */
  private refuseDuringFlush(call: string): void {
    if (this.flushing)
      throw new InvalidRequestError(
        `${call} cannot run while this session flushes (from a flush event handler): ` +
          'throw from the handler to roll the flush back',
      );
  }

  /** The rollback; what `afterRollback` handlers threw (each of them ran). */
  private async rollbackTransaction(): Promise<unknown[]> {
    const conn = this.connection;
    this.connection = null;
    this.savepoints.dropAll();
    if (conn !== null) {
      try {
        await conn.rollback();
      } catch {
        // A dead connection has rolled back already; it goes back to the pool as broken.
      }
      await conn.release().catch(() => undefined);
    }
    while (this.journal.depth > 0) this.journal.rollback(this);
    for (const st of [...this.pending]) this.detach(st);
    // One write, whatever the session holds (the epoch: session-epoch.ts). Without a
    // transaction nothing was read or written since the last commit or rollback.
    if (conn !== null) this.expireAll();
    if (conn !== null && this.events !== null && this.events.has('afterRollback'))
      return this.events.emitAll('afterRollback', { session: this });
    return [];
  }

  /** Rolls back any open transaction and expunges every object. The session can be reused. */
  async close(): Promise<void> {
    this.refuseDuringFlush('close()');
    const failures = await this.rollbackTransaction();
    this.expungeAll();
    if (failures.length > 0) throw failures[0];
  }

  /**
   * Opens a SAVEPOINT (after a flush). Its `rollback()` undoes the database changes since
   * and restores the session's objects as `rollback()` does for the transaction: objects
   * inserted since become transient, deleted ones persistent, changes flushed since show
   * as unflushed again, and every object is expired. `commit()` flushes and releases it.
   */
  async beginNested(): Promise<NestedTransaction> {
    this.checkOpen();
    await this.flush();
    const conn = await this.conn();
    const sp = await conn.savepoint();
    this.journal.begin();
    const handle = this.savepoints.push(sp);
    const finish = async (how: 'commit' | 'rollback'): Promise<void> => {
      if (!handle.active)
        throw new InvalidRequestError('this nested transaction is no longer active');
      // Savepoints opened inside this one and still open are released with it.
      while (this.savepoints.open && !this.savepoints.isInnermost(handle))
        await this.savepoints.releaseInnermost(this.journal);
      if (how === 'commit') {
        await this.flush();
        if (!handle.active) return;
        await this.savepoints.releaseInnermost(this.journal);
      } else {
        await this.rollbackSavepoint();
      }
    };
    return {
      commit: () => finish('commit'),
      rollback: () => finish('rollback'),
      get active() {
        return handle.active;
      },
    };
  }

  // ---- plumbing -----------------------------------------------------------------------

  /** The session's connection, beginning the transaction on first use. */
  protected async conn(): Promise<SessionConnection> {
    if (this.connection !== null) return this.connection;
    if (this.connecting !== null) return this.connecting;
    this.connecting = (async () => {
      const conn = await this.engine.connect(this.connectOptions);
      try {
        // Where the dialect has no isolation levels to choose (SQLite), READ COMMITTED
        // asks for a transaction that reads without locking (on a reader connection) and
        // takes the writer at its first write: a session that only reads blocks nobody.
        // Elsewhere the database's default level applies.
        await conn.begin(
          this.engine.dialect.capabilities.isolationLevels === false
            ? { isolationLevel: 'read committed' }
            : undefined,
        );
      } catch (error) {
        await conn.release();
        throw error;
      }
      this.journal.begin();
      this.connection = conn;
      return conn;
    })();
    try {
      return await this.connecting;
    } finally {
      this.connecting = null;
    }
  }

  /**
   * Statement runner on the session's transaction (for the unit of work, loaders,
   * queries); with filters, each statement gets them (less those `off` for a query).
   */
  async executor(off: FiltersOff | null = null): Promise<OrmExecutor> {
    const conn = await this.conn();
    const caps = this.engine.dialect.capabilities;
    return filteredExecutor(conn, this.criteria, off, {
      returning: caps.returning,
      updateFromValues: caps.updateFrom !== false && caps.valuesTable !== false,
      arrayParameters: caps.arrayParameters === true,
      nullsSortHigh: caps.nullsSortHigh === true,
      eagerDefaults: this.eagerDefaults,
      rowidKeys: caps.rowidKeys === true ? rowidConverter(this.engine.dialect) : null,
      pipelines: conn.pipelines === true,
    });
  }

  /** Streams a statement's rows on the session's transaction. */
  async stream(
    statement: StatementNode,
    batchSize: number,
    off: FiltersOff | null = null,
  ): Promise<AsyncIterable<unknown>> {
    const conn = await this.conn();
    const stmt =
      this.criteria === null ? statement : this.criteria.apply(statement, off, undefined);
    return conn.stream(stmt, { batchSize });
  }

  /**
   * ROLLBACK TO the innermost savepoint: the journal restores what the flush wrote since
   * (savepoints.ts), then every object is expired, as after a full rollback and for the
   * same reason: an object read in the savepoint may show a row that `session.execute()`
   * (or a trigger) changed or inserted there, which the journal never saw; left as it was,
   * it showed values its row no longer held, and a later change back to the row's value
   * was not written. One write whatever the session holds (session-epoch.ts), and nothing
   * per object on the flush. Expired even when the ROLLBACK TO fails: the journal has
   * restored the objects by then, and what the database holds is unknown.
   */
  private async rollbackSavepoint(): Promise<void> {
    try {
      await this.savepoints.rollbackInnermost(this.journal, this);
    } finally {
      this.expireAll();
    }
  }

  /**
   * Undoes a failed flush. Never throws: the caller rethrows the flush's own error, which
   * an `afterRollback` handler's failure must not replace (it is written to stderr).
   */
  private async afterFailedFlush(): Promise<void> {
    if (this.savepoints.open && this.connection !== null) {
      try {
        await this.rollbackSavepoint();
        return;
      } catch {
        // The connection is gone: fall through to a full rollback.
      }
    }
    for (const failure of await this.rollbackTransaction()) {
      const message = failure instanceof Error ? failure.message : String(failure);
      console.error(
        `[dbgen] an afterRollback handler failed while a failed flush rolled back: ${message}`,
      );
    }
  }
}

const converters = new WeakMap<SessionEngine['dialect'], ValueConverter | null>();

/** The engine's dialect as the converter of values read back by rowid (insert-rowids.ts). */
function rowidConverter(dialect: SessionEngine['dialect']): ValueConverter | null {
  let converter = converters.get(dialect);
  if (converter === undefined) {
    const { fromDriverValue, resultNeedsConversion } = dialect;
    converter =
      fromDriverValue === undefined || resultNeedsConversion === undefined
        ? null
        : {
            resultNeedsConversion: (type) => resultNeedsConversion.call(dialect, type),
            fromDriverValue: (value, type) => fromDriverValue.call(dialect, value, type),
          };
    converters.set(dialect, converter);
  }
  return converter;
}
