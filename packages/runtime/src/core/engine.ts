/**
 * The Engine (SQLAlchemy's `create_engine`): a pool of connections to one database,
 * made from a URL. It runs statements on a connection borrowed per call; `connect()`
 * lends one until `release()`; `transaction()` runs a callback in a transaction.
 */
import {
  compile,
  compileForRun,
  toStatementNode,
  type Compilable,
  type CompiledQuery,
} from './compiler/compile.js';
import {
  Connection,
  type ConnectOptions,
  type EngineTransactionOptions,
  type Executor,
  type Params,
  type StreamOptions,
} from './connection.js';
import type { SqlDialect } from './dialect.js';
import type { Driver, ResultShape } from './driver.js';
import { ConfigError, ConnectionError, SerializationError } from './errors.js';
import type { StatementNode } from './nodes.js';
import { engineObserver, type StatementObserver } from './observe/observer.js';
import type { StatementListener, StatementListenerOptions } from './observe/statement-event.js';
import {
  failRun,
  finishRun,
  observe,
  runCompiled,
  shapeOf,
  type ExecuteResult,
  type RunSettings,
  type StatementRow,
} from './run.js';
import { splitInsert } from './split-insert.js';
import {
  abandonsConnection,
  checkTimeout,
  resolveLimits,
  type StatementLimits,
  type StatementOptions,
} from './statement-limits.js';
import { createReadRouter } from './routing/options.js';
import type { EngineSettings } from './engine-options.js';
import type { ReadRouter } from './routing/read-router.js';
import { isReadOnly } from './routing/read-statement.js';
import type { ReplicaStatus } from './routing/replica-set.js';
import { ReplicaExecutor } from './routing/replica-executor.js';
import type { RoutedExecutor } from './routing/routed-executor.js';
import { RoutingSession, type RoutingSessionOptions } from './routing/routing-session.js';
import { retryPause } from './retry-pause.js';
import { anchorTwin } from './shape-anchors.js';

/**
 * What every use of a closed engine fails with: a ConnectionError (no connection can be
 * had), at once, instead of a driver's untyped refusal, a hang, or (SQLite) a database
 * opened again behind the caller's back.
 */
export function engineClosedError(): ConnectionError {
  return new ConnectionError(
    'this engine is closed (engine.close() was called): it runs no more statements; create a new engine',
  );
}

export class Engine implements Executor {
  private readonly settings: RunSettings;
  /** close()'s one promise: set once, so a second close() waits for the same end. */
  private closing: Promise<void> | undefined;
  private readonly observer: StatementObserver;
  /** Set when the engine has read replicas (docs/scaling.md). */
  private router: ReadRouter | undefined;
  /** The replicas' and the router's primary engines (a listener hears them too). */
  private routedEngines: readonly Engine[] = [];

  constructor(
    readonly driver: Driver,
    options: EngineSettings = {},
  ) {
    const dialect = (): string => driver.dialect.name;
    const { observer, showValues, logger } = engineObserver(this, options, dialect);
    this.observer = observer;
    this.settings = {
      driver,
      showValues,
      logger,
      statementTimeoutMs: checkTimeout(options.statementTimeoutMs, 'statementTimeoutMs'),
      observer: observer.idle ? null : observer,
    };
  }

  /**
   * Calls `listener` after every statement this engine runs, on any of its connections
   * (SQLAlchemy's `after_cursor_execute`): SQL, values (redacted unless `{ values: true }`),
   * duration, row count, error. Returns the function that removes it.
   */
  on(
    event: 'statement',
    listener: StatementListener,
    options?: StatementListenerOptions,
  ): () => void {
    if (event !== 'statement')
      throw new ConfigError(
        `engine.on(): unknown event ${JSON.stringify(event)}; the engine emits 'statement'`,
      );
    if (typeof listener !== 'function')
      throw new ConfigError("engine.on('statement', listener): the listener must be a function");
    const off = this.observer.add(listener, options);
    this.settings.observer = this.observer;
    const routedOffs = this.routedEngines.map((e) => e.on('statement', listener, options));
    return () => {
      off();
      if (this.observer.idle) this.settings.observer = null;
      for (const routedOff of routedOffs) routedOff();
    };
  }

  get dialect(): SqlDialect {
    return this.driver.dialect;
  }

  /** Compiles a statement for this engine's dialect without running it. */
  compile(statement: Compilable, params?: Params): CompiledQuery {
    return compile(statement, this.dialect, params);
  }

  execute<Row = never, S extends Compilable = Compilable>(
    statement: S,
    params?: Params,
    options?: StatementOptions,
  ): Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>> {
    type Result = ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>;
    if (this.closing !== undefined) return Promise.reject(engineClosedError());
    const router = this.router;
    if (router !== undefined && this.routesToReplica(statement, params))
      return router.read(statement, params, options, 'primary') as Promise<Result>;
    const settling = this.driver.settle?.();
    if (settling) return settling.then(() => this.execute<Row, S>(statement, params, options));
    // Not an async function: the hot path below is one promise from compile to rows
    // (each async layer or await costs a promise and a microtask turn per query).
    let compiled: CompiledQuery;
    let shape: ResultShape;
    let limits: StatementLimits | undefined;
    let node: StatementNode;
    try {
      node = toStatementNode(statement);
      if (splitInsert(node, this.dialect))
        return this.executeSplit<Row, S>(statement, params, options);
      compiled = compileForRun(node, this.dialect, params);
      shape = shapeOf(node);
      limits = resolveLimits(options, this.settings.statementTimeoutMs);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const settings = this.settings;
    const driver = this.driver;
    // A limited statement needs its connection in hand, to cancel the statement on it.
    if (!driver.run || limits !== undefined)
      return this.executeAcquired(compiled, shape, limits, node);
    return new Promise<Result>((resolve, reject) => {
      const observed = observe(settings, compiled, node, false);
      driver.run!(compiled.sql, compiled.parameters, shape, (error, result, acquired) => {
        if (error === undefined || error === null) {
          try {
            resolve(finishRun(settings, compiled, observed, result!) as Result);
          } catch (conversionError) {
            reject(failRun(settings, compiled, observed, conversionError));
          }
        } else if (acquired) reject(failRun(settings, compiled, observed, error));
        else {
          // No connection came (already a dbgen error): still the statement's outcome.
          if (observed !== null) observed.fail(error);
          reject(error as Error);
        }
      });
    });
  }

  /** A split insert: several statements in one transaction, which the Connection does. */
  private async executeSplit<Row, S extends Compilable>(
    statement: S,
    params: Params | undefined,
    options: StatementOptions | undefined,
  ): Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>> {
    const connection = await this.connect();
    try {
      return await connection.execute<Row, S>(statement, params, options);
    } finally {
      await connection.release();
    }
  }

  /** For a driver without `run`: acquire, run, release. */
  private async executeAcquired<Row>(
    compiled: CompiledQuery,
    shape: ResultShape,
    limits: StatementLimits | undefined,
    node: StatementNode,
  ): Promise<ExecuteResult<Row>> {
    const connection = await this.driver.acquire();
    let broken = false;
    try {
      return await runCompiled(this.settings, connection, compiled, shape, limits, node);
    } catch (error) {
      broken =
        abandonsConnection(connection, error) ||
        this.driver.isConnectionLost((error as Error).cause ?? error);
      throw error;
    } finally {
      connection.release(broken);
    }
  }

  async *stream<Row = never, S extends Compilable = Compilable>(
    statement: S,
    options: StreamOptions = {},
  ): AsyncIterable<[Row] extends [never] ? StatementRow<S> : Row> {
    if (this.closing !== undefined) throw engineClosedError();
    if (this.router !== undefined && this.routesToReplica(statement, options.params)) {
      yield* this.router.stream(statement, options, 'primary') as AsyncIterable<
        [Row] extends [never] ? StatementRow<S> : Row
      >;
      return;
    }
    const connection = await this.connect();
    try {
      // The connection is held for the whole iteration (a pg cursor's portal lives in
      // its implicit transaction; SQLite steps a prepared statement).
      yield* connection.stream<Row, S>(statement, options);
    } finally {
      await connection.release();
    }
  }

  /** Borrows a connection until `release()` (the ORM Session holds one). */
  async connect(options?: ConnectOptions): Promise<Connection> {
    if (this.closing !== undefined) throw engineClosedError();
    const connection = new Connection(this.settings, await this.driver.acquire(), options);
    // A twin kept for its hidden class: a session's connection dies with the session, and
    // a full collection between sessions dropped the class and the statement path's
    // compiled code (shape-anchors.ts). Once per shape: a set lookup per connect.
    anchorTwin(Connection, connection, () => new Connection(this.settings, null as never, options));
    return connection;
  }

  /**
   * Runs `work` in a transaction on one connection: commits when it returns, rolls back
   * when it throws. Nested `tx.transaction()` calls use savepoints. With `retries`, a
   * serialization failure or deadlock reruns `work` from the start, after a short random
   * wait (retry-pause.ts).
   */
  async transaction<T>(
    work: (tx: Executor) => Promise<T>,
    options: EngineTransactionOptions = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await retryPause(attempt);
      const connection = await this.connect();
      try {
        return await connection.transaction(work, { ...options, retries: 0 });
      } catch (error) {
        if (error instanceof SerializationError && attempt < (options.retries ?? 0)) continue;
        throw error;
      } finally {
        await connection.release();
      }
    }
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Closes every connection (the replicas' too) and settles promptly: idle connections
   * are closed, connections still lent (a held `connect()`, a stream left unfinished)
   * are closed under their holder, whose next statement fails with ConnectionError
   * (waiting for their release could wait forever: a dropped iterator is never released,
   * and its socket would keep the process alive). Requests still waiting for a connection
   * fail with ConnectionError. Every later use of the engine (`execute`, `stream`,
   * `connect`, `transaction`) fails at once with ConnectionError; a second close() returns
   * the first one's promise.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    // Both, even when one fails: a replica that cannot close must not keep the primary open.
    const [router, driver] = await Promise.allSettled([this.router?.close(), this.driver.close()]);
    if (router.status === 'rejected') throw router.reason;
    if (driver.status === 'rejected') throw driver.reason;
  }

  /**
   * @internal Gives this engine its read replicas (createEngine does), and the engines its
   * routed statements run on, which `on('statement')` listens to as well.
   */
  useReplicas(router: ReadRouter, routedEngines: readonly Engine[] = []): void {
    this.router = router;
    this.routedEngines = routedEngines;
  }

  private routesToReplica(statement: Compilable, params: Params | undefined): boolean {
    try {
      return isReadOnly(statement, this.dialect, params);
    } catch {
      return false; // a statement that does not compile fails on the primary path, as always
    }
  }

  /** Everything on the primary, reads too (this engine itself when it has no replicas). */
  onPrimary(): RoutedExecutor {
    return this.router?.primary ?? this;
  }

  /**
   * Everything on a replica, with no fallback to the primary: ReplicaUnavailableError when
   * none can take it (this engine itself when it has no replicas).
   */
  onReplica(): RoutedExecutor {
    return this.router === undefined ? this : new ReplicaExecutor(this.router);
  }

  /**
   * A routing session with read-your-writes: after its own writes, its reads stay on the
   * primary until a replica has applied them. Without replicas, everything runs here.
   */
  routingSession(options: RoutingSessionOptions = {}): RoutingSession {
    // Without replicas: a session over no replicas, where everything runs on this engine.
    if (this.router === undefined)
      return new RoutingSession(createReadRouter(this, [], undefined, {}), false);
    return new RoutingSession(this.router, options.readYourWrites ?? true);
  }

  /** Asks each replica now whether it is up, promoted or lagging ([] without replicas). */
  async checkReplicas(): Promise<ReplicaStatus[]> {
    return (await this.router?.replicas.checkAll()) ?? [];
  }
}
