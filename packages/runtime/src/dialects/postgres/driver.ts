/**
 * PostgreSQL driver adapter: a `pg` Pool with per-pool type parsers, an acquire timeout
 * that fails with {@link PoolTimeoutError}, broken connections destroyed on release (and
 * every connection older than a lost one with them), cancel requests for statement
 * timeouts, and streaming through pg-cursor (the last two on a checked-out connection:
 * connection.ts).
 */
import pg from 'pg';
import type { Driver, DriverConnection, ResultShape, RunCallback } from '../../core/driver.js';
import { engineClosedError } from '../../core/engine.js';
import { ConnectionError, DbgenError, PoolTimeoutError } from '../../core/errors.js';
import { anchorTwin } from '../../core/shape-anchors.js';
import { PgConnection, queryOnce, type ClientHome } from './connection.js';
import { postgresDialect } from './dialect.js';
import { isPgCancelled, isPgConnectionLost, mapPgError } from './errors.js';
import { IdleCheck } from './idle-check.js';
import { isLost } from './liveness.js';
import { endPool } from './pool-end.js';
import { withUtcSession } from './session-zone.js';
import { poolTypes } from './types.js';
// Kept alive for their maps: see pg-anchors.ts.
import './pg-anchors.js';
import { INSPECT, opaque } from '../../core/opaque.js';

export interface PostgresDriverOptions {
  readonly url: string;
  /** Most connections open at once (default 10). */
  readonly poolSize: number;
  /** Idle connections are closed after this long (ms; default 30 000). */
  readonly idleTimeoutMs: number;
  /** Waiting for a free connection fails after this long (ms; default 10 000). */
  readonly acquireTimeoutMs: number;
  /** Check a connection idle longer than this (ms) with `SELECT 1` before lending it (undefined: off). */
  readonly idleCheckMs?: number | undefined;
  /** Most requests waiting for a connection at once (undefined: no cap). */
  readonly maxWaiting?: number | undefined;
  /** Called when an idle pooled connection fails (it is dropped from the pool). */
  readonly onIdleError: (error: Error) => void;
}

function connectFailure(error: unknown): DbgenError {
  // A PoolTimeoutError, or the closed engine's ConnectionError.
  if (error instanceof DbgenError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionError(`could not connect to PostgreSQL: ${message}`, { cause: error });
}

/**
 * A plain SELECT: run again when its pooled connection turns out dead (after a server
 * restart), so a read never fails for a connection the pool should have known was gone.
 * Only outside transactions (the engine's one-statement path), and only SELECT: a write
 * that died may have been done.
 */
const PLAIN_SELECT = /^\s*select\b/i;

const SHOWN_POSTGRESDRIVER = opaque('PostgresDriver');

export class PostgresDriver implements Driver, ClientHome {
  /** Its name only: its fields hold the URL's password and the driver's config (core/opaque.ts). */
  [INSPECT](): string {
    return SHOWN_POSTGRESDRIVER.text;
  }

  toJSON(): { readonly kind: string } {
    return SHOWN_POSTGRESDRIVER.json;
  }

  readonly dialect = postgresDialect;
  private readonly pool: pg.Pool;
  /**
   * Bumped whenever a connection is found lost: a lost connection usually means the
   * server restarted or killed backends, so every connection opened before it is suspect
   * and is destroyed instead of reused (SQLAlchemy invalidates its pool the same way).
   */
  private generation = 0;
  private readonly born = new WeakMap<pg.PoolClient, number>();
  private readonly idleCheck: IdleCheck | undefined;
  /** close()'s end of the pool; set once. */
  private ending: Promise<void> | undefined;
  /**
   * Waits that gave up (acquireTimeoutMs) while their request stays in pg-pool's queue,
   * which has no way to take one out: the pool serves it later and it hands the client
   * straight back. Not counted as waiting: four timeouts made `maxWaiting: 4` refuse every
   * request at once, with nobody waiting.
   */
  private abandonedWaits = 0;

  constructor(private readonly options: PostgresDriverOptions) {
    this.idleCheck =
      options.idleCheckMs === undefined
        ? undefined
        : new IdleCheck(options.idleCheckMs, options.acquireTimeoutMs);
    // No `connectionTimeoutMillis` on the pool: pg-pool would then arm (and clear) a timer
    // on every checkout, even of an idle connection — measurably slower per query. The
    // wait for a busy pool is timed here instead (see acquire); connecting a new client is
    // timed by the client itself.
    const connectTimeoutMs = options.acquireTimeoutMs;
    class TimedClient extends pg.Client {
      constructor(config: pg.ClientConfig) {
        super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
      }
      // pg's own method (not in its typings): the parameters of the startup packet.
      getStartupConf(): Record<string, string | undefined> {
        const base = (
          pg.Client.prototype as unknown as { getStartupConf(): Record<string, string> }
        ).getStartupConf.call(this);
        return withUtcSession(base);
      }
    }
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize,
      idleTimeoutMillis: options.idleTimeoutMs,
      // TCP keepalive: a connection whose server vanished without closing it (a network
      // failure, a host that died) is found dead by the OS instead of waiting forever.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      types: poolTypes as unknown as pg.CustomTypesConfig,
      // (pg's typings declare a no-argument constructor; the pool passes its config.)
      Client: TimedClient as unknown as new () => pg.ClientBase,
    });
    // An idle client whose backend dies emits 'error' on the pool; unhandled, it would
    // crash the process. The pool already drops it.
    this.pool.on('error', (error) => {
      // An idle connection died: the others opened before it are suspect too.
      this.generation++;
      options.onIdleError(error);
    });
    this.pool.on('connect', (client) => this.born.set(client, this.generation));
  }

  get cancelTimeoutMs(): number {
    return this.options.acquireTimeoutMs;
  }

  get closed(): boolean {
    return this.ending !== undefined;
  }

  /** Requests waiting for a connection now (pg-pool's queue less the abandoned waits). */
  private waiting(): number {
    return this.pool.waitingCount - this.abandonedWaits;
  }

  /**
   * A client handed over after close() began (one that was still connecting): closed at
   * once. True when it was, and the caller then fails with the closed engine's error.
   */
  private refusedAfterClose(client: pg.PoolClient): boolean {
    if (this.ending === undefined) return false;
    this.destroyAfterClose(client);
    return true;
  }

  /** Destroys a client of a closed pool, unless close() already did. */
  private destroyAfterClose(client: pg.PoolClient): void {
    try {
      client.release(new Error('the engine was closed'));
    } catch {
      // Destroyed by close() already (pg-pool refuses a second release).
    }
  }

  giveBack(client: pg.PoolClient, broken: boolean, lost = broken): void {
    // close() destroyed every lent client: the holder's release has nothing left to do.
    if (this.ending !== undefined) {
      this.destroyAfterClose(client);
      return;
    }
    // Only a connection that was lost marks its elders stale: one closed on purpose (a
    // stream still reads it) says nothing about the server or the network.
    const gone = lost || isLost(client);
    if (gone) this.generation++;
    else if (!broken) this.idleCheck?.released(client);
    client.release(
      broken || gone || this.isStale(client) ? new Error('connection broken') : undefined,
    );
  }

  /** Opened before a connection was last found lost: not to be reused. */
  private isStale(client: pg.PoolClient): boolean {
    return (this.born.get(client) ?? this.generation) < this.generation;
  }

  /** Destroys a stale client just checked out; true when it was stale. */
  private discardStale(client: pg.PoolClient): boolean {
    if (!this.isStale(client)) return false;
    client.release(new Error('connection opened before a connection was lost'));
    return true;
  }

  async acquire(): Promise<DriverConnection> {
    try {
      for (;;) {
        if (this.ending !== undefined) throw engineClosedError();
        const client = await (this.isFree() ? this.connectNow() : this.connectWithin());
        if (this.refusedAfterClose(client)) throw engineClosedError();
        if (this.discardStale(client)) continue;
        if (this.idleCheck?.due(client) && !(await this.idleCheck.ping(client))) {
          this.discardDead(client);
          continue;
        }
        const connection = new PgConnection(this, client);
        // A twin kept for its hidden class: a session's connection dies with it, and a
        // full collection then dropped the statement path's code (core/shape-anchors.ts).
        anchorTwin(PgConnection, connection, () => new PgConnection(this, client));
        return connection;
      }
    } catch (error) {
      throw connectFailure(error);
    }
  }

  /**
   * An idle connection with nobody queued before us, or room for a new connection (timed
   * by the client): nothing to wait for. Otherwise the wait for a release is timed.
   */
  private isFree(): boolean {
    const pool = this.pool;
    return pool.idleCount > 0 ? this.waiting() <= 0 : pool.totalCount < this.options.poolSize;
  }

  run(sql: string, parameters: readonly unknown[], _shape: ResultShape, done: RunCallback): void {
    this.runOnce(sql, parameters, done, PLAIN_SELECT.test(sql));
  }

  retryRead(sql: string, parameters: readonly unknown[], done: RunCallback): void {
    this.runOnce(sql, parameters, done, false);
  }

  private runOnce(
    sql: string,
    parameters: readonly unknown[],
    done: RunCallback,
    retryIfLost: boolean,
  ): void {
    if (this.ending !== undefined) {
      done(engineClosedError(), undefined, false);
      return;
    }
    if (this.isFree()) {
      this.pool.connect((error, client) => {
        if (error || !client)
          done(connectFailure(error ?? new Error('no client')), undefined, false);
        else if (this.refusedAfterClose(client)) done(engineClosedError(), undefined, false);
        else if (this.discardStale(client)) this.runOnce(sql, parameters, done, retryIfLost);
        else this.checked(client, sql, parameters, done, retryIfLost);
      });
    } else {
      this.connectWithin().then(
        (client) => {
          if (this.refusedAfterClose(client)) done(engineClosedError(), undefined, false);
          else if (this.discardStale(client)) this.runOnce(sql, parameters, done, retryIfLost);
          else this.checked(client, sql, parameters, done, retryIfLost);
        },
        (error: unknown) => done(connectFailure(error), undefined, false),
      );
    }
  }

  /** Runs the query on `client`, after its idle check when one is due (else on another). */
  private checked(
    client: pg.PoolClient,
    sql: string,
    parameters: readonly unknown[],
    done: RunCallback,
    retryIfLost: boolean,
  ): void {
    const check = this.idleCheck;
    if (check === undefined || !check.due(client)) {
      queryOnce(this, client, sql, parameters, done, retryIfLost);
      return;
    }
    void check.ping(client).then((alive) => {
      if (alive) queryOnce(this, client, sql, parameters, done, retryIfLost);
      else {
        this.discardDead(client);
        this.runOnce(sql, parameters, done, retryIfLost);
      }
    });
  }

  /** Destroys a client that failed its idle check; those opened before it are suspect too. */
  private discardDead(client: pg.PoolClient): void {
    this.generation++;
    client.release(new Error('connection failed its idle check'));
  }

  /** `pool.connect()` in its callback form (the promise form allocates more per call). */
  private connectNow(): Promise<pg.PoolClient> {
    return new Promise((resolve, reject) => {
      this.pool.connect((error, client) => {
        if (error || !client) reject(error ?? new Error('no client'));
        else resolve(client);
      });
    });
  }

  /** `pool.connect()` that gives up after `acquireTimeoutMs` (a late connection goes back). */
  private connectWithin(): Promise<pg.PoolClient> {
    const cap = this.options.maxWaiting;
    const waiting = this.waiting();
    if (cap !== undefined && waiting >= cap) {
      // Refused at once: under overload a short queue fails fast instead of every request
      // waiting out acquireTimeoutMs (pg-pool's queue is first come, first served).
      return Promise.reject(
        new PoolTimeoutError(
          `no database connection is free and ${waiting} requests already wait ` +
            `(maxWaiting ${cap}, pool size ${this.options.poolSize}); the request was refused`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        this.abandonedWaits++;
        reject(
          new PoolTimeoutError(
            `no database connection became free within ${this.options.acquireTimeoutMs} ms ` +
              `(pool size ${this.options.poolSize}, ${this.waiting()} others waiting); ` +
              'raise poolSize or acquireTimeoutMs, or release connections sooner',
          ),
        );
      }, this.options.acquireTimeoutMs);
      timer.unref();
      this.pool.connect().then(
        (client) => {
          clearTimeout(timer);
          if (!timedOut) resolve(client);
          else {
            this.abandonedWaits--;
            if (this.ending === undefined) client.release();
            else this.destroyAfterClose(client);
          }
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!timedOut) reject(error);
          else this.abandonedWaits--;
        },
      );
    });
  }

  mapError(error: unknown, sql: string, parameters: readonly unknown[]): DbgenError {
    return mapPgError(error, sql, parameters);
  }

  isConnectionLost(error: unknown): boolean {
    return isPgConnectionLost(error);
  }

  isCancelled(error: unknown): boolean {
    return isPgCancelled(error);
  }

  /**
   * Ends the pool without waiting for borrowers (pool-end.ts): idle clients close, lent
   * ones are destroyed (their holder's next statement fails with ConnectionError, and their
   * release does nothing), queued requests fail. A second call waits for the same end.
   */
  close(): Promise<void> {
    this.ending ??= endPool(this.pool, engineClosedError);
    return this.ending;
  }
}
