/**
 * MySQL/MariaDB driver adapter over mysql2 (loaded with a dynamic import on first use, so
 * the package is an optional peer dependency). Every new connection is set up once: UTC
 * session time zone, a strict SQL mode with ANSI_QUOTES and PIPES_AS_CONCAT (so the SQL
 * dbgen shares across dialects, `"name"` and `a || b`, means the same here), and the
 * server's flavour (MariaDB has RETURNING, MySQL has not) read from VERSION().
 */
import type * as Mysql from 'mysql2';
import type {
  Driver,
  DriverArrayResult,
  DriverConnection,
  DriverResult,
  DriverRow,
  ResultShape,
  RunCallback,
} from '../../core/driver.js';
import { anchorTwin } from '../../core/shape-anchors.js';
import type { SqlDialect } from '../../core/dialect.js';
import {
  ConfigError,
  ConnectionError,
  PoolTimeoutError,
  type DbgenError,
} from '../../core/errors.js';
import { mariadbDialect, mysqlDialect } from './dialect.js';
import { urlFlavour } from './flavour.js';
import {
  isMysqlCancelled,
  isMysqlConnectionLost,
  mapMysqlError,
  mysqlEndsTransaction,
} from './errors.js';

export interface MysqlDriverOptions {
  /** `mysql://user:password@host:port/database` (or `mariadb://...`). */
  readonly url: string;
  readonly poolSize: number;
  readonly idleTimeoutMs: number;
  readonly acquireTimeoutMs: number;
}

/**
 * The session settings of every connection. STRICT_ALL_TABLES: an out-of-range or
 * truncated value is an error, never silently changed data. NO_BACKSLASH_ESCAPES must
 * stay off: mysql2 escapes bound values with backslashes.
 */
export const SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO," +
  "NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION,ANSI_QUOTES,PIPES_AS_CONCAT'";

type Mysql2 = typeof Mysql;
let loading: Promise<Mysql2> | null = null;

/** Imports mysql2 once; a missing package is one clear line naming what to install. */
function loadMysql2(): Promise<Mysql2> {
  loading ??= import('mysql2').then(
    (module) => ((module as unknown as { default?: Mysql2 }).default ?? module) as Mysql2,
    (error: unknown) => {
      loading = null;
      throw new ConfigError(
        'mysql:// and mariadb:// URLs need the mysql2 package: npm install mysql2',
        { cause: error },
      );
    },
  );
  return loading;
}

function toResult(result: unknown): DriverResult {
  if (Array.isArray(result)) return { rows: result as DriverRow[], rowCount: result.length };
  const header = result as Mysql.ResultSetHeader;
  const rowCount = header.affectedRows ?? 0;
  // mysql2 gives an insert id past 2^53 as text; 0 means the statement generated none.
  const id = header.insertId as number | string | undefined;
  if (!id) return { rows: [], rowCount };
  return { rows: [], rowCount, insertId: typeof id === 'string' ? BigInt(id) : id };
}

/** The text a transaction start may be: `set transaction ...; start transaction`. */
function statementsOf(sql: string): string[] {
  return sql.startsWith('set transaction ') ? sql.split('; ') : [sql];
}

/**
 * `@@innodb_rollback_on_timeout` as each pooled connection read it, asked the first time
 * a lock wait timeout needs it (a startup option: it cannot change under a session).
 */
const rollbackOnTimeout = new WeakMap<Mysql.PoolConnection, Promise<boolean>>();

/** Sends `KILL QUERY <threadId>` on a connection of its own; resolves once it ran. */
type Killer = (threadId: number) => Promise<void>;

/** A stream's connection died under it (KILL, server gone, socket closed). */
function lostWhileStreaming(error: unknown): ConnectionError {
  const reason = error instanceof Error ? error.message : 'the server closed the connection';
  return new ConnectionError(`connection lost while streaming rows: ${reason}`, {
    cause: error,
  });
}

class MysqlConnection implements DriverConnection {
  /** Set when a stream was left before its end: the rest of the result is still coming. */
  private abandoned = false;
  /** Set when the connection died under a stream: nothing runs on it any more. */
  private lost = false;

  constructor(
    readonly raw: Mysql.PoolConnection,
    private readonly kill: Killer,
  ) {}

  /**
   * Stops the statement running on this connection: `KILL QUERY` from another connection
   * (the server's answer to this one's statement is then error 1317). The KILL has run on
   * the server when this resolves; a KILL reaching a session between statements is lost,
   * which the engine covers by cancelling again while the statement is still pending.
   */
  cancel(): Promise<void> {
    // Nothing runs on a dead connection: no KILL connection to open (the engine's
    // re-cancel loop would open one every 100 ms until the statement settles).
    if (this.lost) return Promise.resolve();
    return this.kill(this.raw.threadId);
  }

  /** Whether `error` ended this session's transaction (see `mysqlEndsTransaction`). */
  endsTransaction(error: unknown): boolean | Promise<boolean> {
    return mysqlEndsTransaction(error, () => this.rollsBackOnTimeout());
  }

  private rollsBackOnTimeout(): Promise<boolean> {
    let known = rollbackOnTimeout.get(this.raw);
    if (known === undefined) {
      known = new Promise((resolve) => {
        this.raw.query('SELECT @@innodb_rollback_on_timeout AS "on"', (error, rows) => {
          // Unknown (no InnoDB, the query failed): asked again next time, taken as off now.
          if (error) rollbackOnTimeout.delete(this.raw);
          resolve(!error && Number((rows as { on: unknown }[])[0]?.on) === 1);
        });
      });
      rollbackOnTimeout.set(this.raw, known);
    }
    return known;
  }

  async query(sql: string, parameters: readonly unknown[]): Promise<DriverResult> {
    const statements = statementsOf(sql);
    let result: DriverResult = { rows: [], rowCount: 0 };
    for (const statement of statements) result = await this.one(statement, parameters);
    return result;
  }

  private one(sql: string, parameters: readonly unknown[]): Promise<DriverResult> {
    return new Promise((resolve, reject) => {
      this.raw.query(sql, parameters as unknown[], (error, result) => {
        if (error) reject(error);
        else resolve(toResult(result));
      });
    });
  }

  queryArrays(sql: string, parameters: readonly unknown[]): Promise<DriverArrayResult> {
    return new Promise((resolve, reject) => {
      this.raw.query(
        { sql, values: parameters as unknown[], rowsAsArray: true },
        (error, result) => {
          if (error) reject(error);
          else if (Array.isArray(result))
            resolve({ rows: result as unknown[][], rowCount: result.length });
          else resolve({ rows: [], rowCount: (result as Mysql.ResultSetHeader).affectedRows });
        },
      );
    });
  }

  /** Rows through mysql2's row stream (the server sends them as the client reads). */
  async *stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<DriverRow[]> {
    const stream = this.raw
      .query(sql, parameters as unknown[])
      .stream({ highWaterMark: batchSize });
    // mysql2 hands a dying connection's error only to commands with a callback, which a
    // row stream has not: without these listeners, a stream whose connection is killed or
    // dropped mid-result never ends (nor does a timeout's cancelling, then).
    const raw = this.raw;
    const socket = (raw as unknown as { stream?: NodeJS.EventEmitter }).stream;
    const onLost = (error?: unknown): void => {
      this.lost = true;
      stream.destroy(lostWhileStreaming(error));
    };
    const onEnd = (): void => onLost();
    raw.on('error', onLost);
    raw.on('end', onEnd);
    socket?.on('close', onEnd);
    let finished = false;
    try {
      let batch: DriverRow[] = [];
      for await (const row of stream as AsyncIterable<DriverRow>) {
        batch.push(row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      finished = true;
      if (batch.length > 0) yield batch;
    } finally {
      raw.off('error', onLost);
      raw.off('end', onEnd);
      socket?.off('close', onEnd);
      // Left early: the rest of the result is still on the wire; the connection is not
      // reusable until it has read it, so it is destroyed instead of returned.
      if (!finished) {
        this.abandoned = true;
        stream.destroy();
      }
    }
  }

  /** The server's id of this session: what `KILL QUERY <id>` cancels (timeout hook). */
  get threadId(): number {
    return this.raw.threadId;
  }

  release(broken: boolean): void {
    if (broken || this.abandoned || this.lost) this.raw.destroy();
    else this.raw.release();
  }
}

export class MysqlDriver implements Driver {
  private flavour: SqlDialect;
  /** Known once the first connection has reported the server's version. */
  private flavourKnown: boolean;
  private pool: Mysql.Pool | null = null;
  private poolLoading: Promise<Mysql.Pool> | null = null;
  private readonly ready = new WeakSet<Mysql.PoolConnection>();
  private closed = false;

  /** Fixed by the URL's `?flavour=` (flavour.ts): then VERSION() does not change it. */
  private readonly flavourForced: boolean;

  constructor(private readonly options: MysqlDriverOptions) {
    const mariadb = /^mariadb:/i.test(options.url);
    const forced = urlFlavour(options.url);
    this.flavour = forced ?? (mariadb ? mariadbDialect : mysqlDialect);
    this.flavourForced = forced !== null;
    this.flavourKnown = mariadb || this.flavourForced;
  }

  get dialect(): SqlDialect {
    return this.flavour;
  }

  /**
   * Until the first connection tells MariaDB from MySQL, statements wait for it (so the
   * first statement compiles with the right capabilities); null once known.
   */
  settle(): Promise<void> | null {
    if (this.flavourKnown) return null;
    return this.acquire().then((c) => c.release(false));
  }

  private getPool(): Promise<Mysql.Pool> {
    if (this.pool) return Promise.resolve(this.pool);
    this.poolLoading ??= loadMysql2().then((mysql) => {
      const pool = mysql.createPool({
        ...this.connectionConfig(),
        connectionLimit: this.options.poolSize,
        maxIdle: this.options.poolSize,
        idleTimeout: this.options.idleTimeoutMs,
        waitForConnections: true,
      });
      // An idle connection whose server end dies emits 'error'; the pool drops it.
      pool.on('connection', (connection) => connection.on('error', () => undefined));
      this.pool = pool;
      return pool;
    });
    return this.poolLoading;
  }

  async acquire(): Promise<DriverConnection> {
    const raw = await this.rawConnection();
    const connection = new MysqlConnection(raw, this.killQuery);
    // A twin kept for its hidden class: a session's connection dies with it, and a full
    // collection then dropped the statement path's code (core/shape-anchors.ts).
    anchorTwin(MysqlConnection, connection, () => new MysqlConnection(raw, this.killQuery));
    return connection;
  }

  /**
   * `KILL QUERY` on a connection outside the pool (the pool may be exhausted, by the very
   * statement to stop). A failure to connect or to kill is not reported: the statement's
   * own promise settles when it ends, and the engine's re-cancel tries again.
   */
  private readonly killQuery: Killer = async (threadId) => {
    const mysql = await loadMysql2();
    const killer = mysql.createConnection(this.connectionConfig());
    killer.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      killer.query(`KILL QUERY ${Number(threadId)}`, () => resolve());
    });
    killer.destroy();
  };

  /** What mysql2 connects with, from the URL (pooled and KILL connections alike). */
  private connectionConfig(): Mysql.ConnectionOptions {
    const url = new URL(this.options.url.replace(/^mariadb:/i, 'mysql:'));
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    return {
      ...(database ? { database } : {}),
      host: url.hostname || '127.0.0.1',
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username) || 'root',
      password: decodeURIComponent(url.password),
      connectTimeout: this.options.acquireTimeoutMs,
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: false,
      dateStrings: true,
      jsonStrings: true,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
    };
  }

  private async rawConnection(): Promise<Mysql.PoolConnection> {
    if (this.closed) throw new ConnectionError('this engine was closed');
    const pool = await this.getPool();
    const raw = await new Promise<Mysql.PoolConnection>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(
          new PoolTimeoutError(
            `no database connection became free within ${this.options.acquireTimeoutMs} ms ` +
              `(pool size ${this.options.poolSize}); raise poolSize or acquireTimeoutMs, or release connections sooner`,
          ),
        );
      }, this.options.acquireTimeoutMs);
      timer.unref();
      pool.getConnection((error, connection) => {
        clearTimeout(timer);
        if (timedOut) {
          connection?.release();
        } else if (error) reject(connectFailure(error));
        else resolve(connection);
      });
    });
    if (!this.ready.has(raw)) {
      try {
        await this.setUp(raw);
      } catch (error) {
        raw.destroy();
        throw connectFailure(error);
      }
    }
    return raw;
  }

  private setUp(raw: Mysql.PoolConnection): Promise<void> {
    return new Promise((resolve, reject) => {
      raw.query(SESSION_SETUP, (error) => {
        if (error) return reject(error);
        raw.query('SELECT VERSION() AS v', (versionError, rows) => {
          if (versionError) return reject(versionError);
          const version = String((rows as { v: string }[])[0]?.v ?? '');
          if (!this.flavourForced)
            this.flavour = /mariadb/i.test(version) ? mariadbDialect : mysqlDialect;
          this.flavourKnown = true;
          this.ready.add(raw);
          resolve();
        });
      });
    });
  }

  run(sql: string, parameters: readonly unknown[], _shape: ResultShape, done: RunCallback): void {
    this.rawConnection().then(
      (raw) => {
        const statements = statementsOf(sql);
        if (statements.length > 1) {
          const connection = new MysqlConnection(raw, this.killQuery);
          connection.query(sql, parameters).then(
            (result) => {
              connection.release(false);
              done(null, result, true);
            },
            (error: unknown) => {
              connection.release(isMysqlConnectionLost(error));
              done(error, undefined, true);
            },
          );
          return;
        }
        raw.query(sql, parameters as unknown[], (error, result) => {
          if (error) {
            if (isMysqlConnectionLost(error)) raw.destroy();
            else raw.release();
            done(error, undefined, true);
          } else {
            raw.release();
            done(null, toResult(result), true);
          }
        });
      },
      (error: unknown) => done(error, undefined, false),
    );
  }

  mapError(error: unknown, sql: string, parameters: readonly unknown[]): DbgenError {
    return mapMysqlError(error, sql, parameters);
  }

  isConnectionLost(error: unknown): boolean {
    return isMysqlConnectionLost(error);
  }

  isCancelled(error: unknown): boolean {
    return isMysqlCancelled(error);
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool ?? (this.poolLoading ? await this.poolLoading.catch(() => null) : null);
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }
}

function connectFailure(error: unknown): DbgenError {
  if (error instanceof PoolTimeoutError || error instanceof ConfigError) return error;
  if (error instanceof ConnectionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionError(`could not connect to MySQL/MariaDB: ${message}`, { cause: error });
}
