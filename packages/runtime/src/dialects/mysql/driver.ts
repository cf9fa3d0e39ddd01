/**
 * MySQL/MariaDB driver adapter over mysql2 (loaded with a dynamic import on first use, so
 * the package is an optional peer dependency). Every new connection is set up once: UTC
 * session time zone, a strict SQL mode with ANSI_QUOTES and PIPES_AS_CONCAT (so the SQL
 * dbgen shares across dialects, `"name"` and `a || b`, means the same here), and the
 * server's flavour (MariaDB has RETURNING, MySQL has not) read from VERSION().
 */
import type * as Mysql from 'mysql2';
import type { Driver, DriverConnection, ResultShape, RunCallback } from '../../core/driver.js';
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
import { MysqlConnection, statementsOf, toResult, type Killer } from './connection.js';
import { isMysqlCancelled, isMysqlConnectionLost, mapMysqlError } from './errors.js';
import { anchorMysql2Query } from './mysql2-anchors.js';
import { INSPECT, opaque } from '../../core/opaque.js';
import { SESSION_SETUP } from './session-setup.js';

export interface MysqlDriverOptions {
  /** `mysql://user:password@host:port/database` (or `mariadb://...`). */
  readonly url: string;
  readonly poolSize: number;
  readonly idleTimeoutMs: number;
  readonly acquireTimeoutMs: number;
}

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

const SHOWN_MYSQLDRIVER = opaque('MysqlDriver');

export class MysqlDriver implements Driver {
  /** Its name only: its fields hold the URL's password and the driver's config (core/opaque.ts). */
  [INSPECT](): string {
    return SHOWN_MYSQLDRIVER.text;
  }

  toJSON(): { readonly kind: string } {
    return SHOWN_MYSQLDRIVER.json;
  }

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
        // The command, for its classes' anchors (mysql2-anchors.ts) once it has finished
        // (`let`: a failure can call back before `query()` returns).
        let command: unknown;
        command = raw.query(sql, parameters as unknown[], (error, result) => {
          if (error) {
            if (isMysqlConnectionLost(error)) raw.destroy();
            else raw.release();
            done(error, undefined, true);
          } else {
            anchorMysql2Query(command, raw, result);
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
    if (!pool) return;
    // mysql2's end() sends COM_QUIT on every connection, which a lent one runs only after
    // its current command: one still holding a stream's unread result never ends. Lent
    // connections are destroyed instead (their holder's next statement fails with
    // ConnectionError); idle ones end. (mysql2 has no public list: its pool's Denques.)
    const internals = pool as unknown as {
      _allConnections?: { toArray(): Mysql.PoolConnection[] };
      _freeConnections?: { toArray(): Mysql.PoolConnection[] };
    };
    const free = new Set(internals._freeConnections?.toArray() ?? []);
    for (const connection of internals._allConnections?.toArray() ?? [])
      if (!free.has(connection)) connection.destroy();
    await new Promise<void>((resolve) => pool.end(() => resolve()));
  }
}

function connectFailure(error: unknown): DbgenError {
  if (error instanceof PoolTimeoutError || error instanceof ConfigError) return error;
  if (error instanceof ConnectionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionError(`could not connect to MySQL/MariaDB: ${message}`, { cause: error });
}
