/**
 * The Engine (SQLAlchemy's `create_engine`): a pool of connections to one database,
 * made from a URL. It runs statements on a connection borrowed per call; `connect()`
 * lends one until `release()`; `transaction()` runs a callback in a transaction.
 */
import { MysqlDriver } from '../dialects/mysql/driver.js';
import { PostgresDriver } from '../dialects/postgres/driver.js';
import { SqliteDriver } from '../dialects/sqlite/driver.js';
import {
  compile,
  compileForRun,
  toStatementNode,
  type Compilable,
  type CompiledQuery,
} from './compiler/compile.js';
import {
  Connection,
  type EngineTransactionOptions,
  type Executor,
  type Params,
  type StreamOptions,
} from './connection.js';
import type { SqlDialect } from './dialect.js';
import type { Driver, ResultShape } from './driver.js';
import { ConfigError, SerializationError } from './errors.js';
import {
  failRun,
  finishRun,
  runCompiled,
  shapeOf,
  type EchoOption,
  type ExecuteResult,
  type RunSettings,
  type StatementRow,
} from './run.js';
import { splitInsert } from './split-insert.js';
import { parseDatabaseUrl } from './url.js';

export interface EngineOptions {
  /** Database URL; defaults to the `DATABASE_URL` environment variable. */
  readonly url?: string;
  /** Log each statement with its timing; `'debug'` also shows parameter values. */
  readonly echo?: EchoOption;
  /** Where echo lines go (default `console.log`). */
  readonly logger?: (line: string) => void;
  /** PostgreSQL, MySQL: most pooled connections (default 10). */
  readonly poolSize?: number;
  /** PostgreSQL, MySQL: close idle pooled connections after this long (ms, default 30 000). */
  readonly idleTimeoutMs?: number;
  /** Waiting for a free connection fails with PoolTimeoutError after this long (ms, default 10 000). */
  readonly acquireTimeoutMs?: number;
  /** SQLite: how long a locked database is waited for (ms, default 5 000). */
  readonly busyTimeoutMs?: number;
}

export class Engine implements Executor {
  private readonly settings: RunSettings;

  constructor(
    readonly driver: Driver,
    options: Pick<EngineOptions, 'echo' | 'logger'> = {},
  ) {
    this.settings = {
      driver,
      echo: options.echo ?? false,
      logger: options.logger ?? ((line) => console.log(line)),
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
  ): Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>> {
    type Result = ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>;
    const settling = this.driver.settle?.();
    if (settling) return settling.then(() => this.execute<Row, S>(statement, params));
    // Not an async function: the hot path below is one promise from compile to rows
    // (each async layer or await costs a promise and a microtask turn per query).
    let compiled: CompiledQuery;
    let shape: ResultShape;
    try {
      const node = toStatementNode(statement);
      if (splitInsert(node, this.dialect)) return this.executeSplit<Row, S>(statement, params);
      compiled = compileForRun(node, this.dialect, params);
      shape = shapeOf(node);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const settings = this.settings;
    const driver = this.driver;
    if (!driver.run) return this.executeAcquired(compiled, shape);
    return new Promise<Result>((resolve, reject) => {
      const started = settings.echo ? performance.now() : 0;
      driver.run!(compiled.sql, compiled.parameters, shape, (error, result, acquired) => {
        if (error === undefined || error === null) {
          try {
            resolve(finishRun(settings, compiled, started, result!) as Result);
          } catch (conversionError) {
            reject(failRun(settings, compiled, started, conversionError));
          }
        } else if (acquired) reject(failRun(settings, compiled, started, error));
        else reject(error as Error);
      });
    });
  }

  /** A split insert: several statements in one transaction, which the Connection does. */
  private async executeSplit<Row, S extends Compilable>(
    statement: S,
    params: Params | undefined,
  ): Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>> {
    const connection = await this.connect();
    try {
      return await connection.execute<Row, S>(statement, params);
    } finally {
      await connection.release();
    }
  }

  /** For a driver without `run`: acquire, run, release. */
  private async executeAcquired<Row>(
    compiled: CompiledQuery,
    shape: ResultShape,
  ): Promise<ExecuteResult<Row>> {
    const connection = await this.driver.acquire();
    let broken = false;
    try {
      return await runCompiled(this.settings, connection, compiled, shape);
    } catch (error) {
      broken = this.driver.isConnectionLost((error as Error).cause ?? error);
      throw error;
    } finally {
      connection.release(broken);
    }
  }

  async *stream<Row = never, S extends Compilable = Compilable>(
    statement: S,
    options: StreamOptions = {},
  ): AsyncIterable<[Row] extends [never] ? StatementRow<S> : Row> {
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
  async connect(): Promise<Connection> {
    return new Connection(this.settings, await this.driver.acquire());
  }

  /**
   * Runs `work` in a transaction on one connection: commits when it returns, rolls back
   * when it throws. Nested `tx.transaction()` calls use savepoints. With `retries`, a
   * serialization failure or deadlock reruns `work` from the start.
   */
  async transaction<T>(
    work: (tx: Executor) => Promise<T>,
    options: EngineTransactionOptions = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
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

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.driver.close();
  }
}

/**
 * Creates an engine from a URL (`postgres://…`, `postgresql://…`, `mysql://…`,
 * `mariadb://…`, `sqlite:./app.db`, `sqlite::memory:`) or options; with neither, from
 * `DATABASE_URL`. mysql2 is loaded on first use of a mysql/mariadb engine.
 */
export function createEngine(urlOrOptions?: string | EngineOptions): Engine {
  const options: EngineOptions =
    typeof urlOrOptions === 'string' ? { url: urlOrOptions } : (urlOrOptions ?? {});
  const url = options.url ?? process.env['DATABASE_URL'];
  if (url === undefined || url.trim() === '') {
    throw new ConfigError('no database URL: pass createEngine(url) or set DATABASE_URL');
  }
  const parsed = parseDatabaseUrl(url);
  const acquireTimeoutMs = positive(options.acquireTimeoutMs, 10_000, 'acquireTimeoutMs');
  // Checked whatever the dialect, so a bad option fails early and the same way everywhere.
  const poolSize = positive(options.poolSize, 10, 'poolSize');
  const idleTimeoutMs = positive(options.idleTimeoutMs, 30_000, 'idleTimeoutMs');
  const busyTimeoutMs = positive(options.busyTimeoutMs, 5_000, 'busyTimeoutMs');
  const engineOptions: Pick<EngineOptions, 'echo' | 'logger'> = {
    ...(options.echo !== undefined ? { echo: options.echo } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  };
  if (parsed.dialect === 'postgres') {
    const logger = options.logger ?? ((line: string) => console.error(line));
    return new Engine(
      new PostgresDriver({
        url: parsed.url,
        poolSize,
        idleTimeoutMs,
        acquireTimeoutMs,
        onIdleError: (error) => {
          if (options.echo) logger(`[dbgen] idle connection dropped: ${error.message}`);
        },
      }),
      engineOptions,
    );
  }
  if (parsed.dialect === 'mysql') {
    return new Engine(
      new MysqlDriver({ url: parsed.url, poolSize, idleTimeoutMs, acquireTimeoutMs }),
      engineOptions,
    );
  }
  return new Engine(
    new SqliteDriver({
      filename: parsed.filename,
      busyTimeoutMs,
      acquireTimeoutMs,
    }),
    engineOptions,
  );
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`engine option ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
