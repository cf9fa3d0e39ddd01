/**
 * A checked-out pg client: held as the engine's DriverConnection (PgConnection: queries,
 * rows as arrays, streaming through pg-cursor, cancel requests), or lent for one query
 * and given back (queryOnce). A COMMIT that PostgreSQL answers with ROLLBACK fails here.
 */
import type pg from 'pg';
import type {
  DriverArrayResult,
  DriverConnection,
  DriverResult,
  DriverRow,
  RunCallback,
} from '../../core/driver.js';
import { ConnectionError, QueryError } from '../../core/errors.js';
import { sendArrayQuery } from './array-rows.js';
import { sendCancelRequest } from './cancel.js';
import { isPgConnectionLost } from './errors.js';
import { deathOf, isLost, watch } from './liveness.js';
import { GuardedCursor, NamingQuery } from './naming-query.js';
import { INSPECT, opaque } from '../../core/opaque.js';

/** What a checked-out connection needs from its driver. */
export interface ClientHome {
  /** Gives a client back to the pool, destroying it when broken or stale. */
  giveBack(client: pg.PoolClient, broken: boolean, lost?: boolean): void;
  /** Runs a read again on another connection (its first one was found dead). */
  retryRead(sql: string, parameters: readonly unknown[], done: RunCallback): void;
  /** How long a cancel request may take before it is given up. */
  readonly cancelTimeoutMs: number;
  /** True once the engine's close() began: it destroyed every lent client. */
  readonly closed: boolean;
}

/**
 * A held connection's statement after engine.close(), which destroyed its client: said
 * so, instead of pg's "Client was closed and is not queryable" (an untyped QueryError).
 */
function closedUnderHolder(): ConnectionError {
  return new ConnectionError(
    'this connection was closed by engine.close() while it was held: it runs no more statements',
  );
}

/**
 * The result of a statement text, or of its last statement: a text of several statements
 * (raw SQL without parameters goes by the simple protocol, which runs them all) gets one
 * result per statement from `pg`, an array; the last is the answer, as libpq's PQexec
 * gives (a caller reading `rows` of the array crashed the process).
 */
function lastResult<R extends { readonly rows: unknown[] }>(result: R | R[]): R {
  return Array.isArray(result) ? (result[result.length - 1] as R) : result;
}

function driverResult(results: pg.QueryResult | pg.QueryResult[]): DriverResult {
  const result = lastResult(results);
  return { rows: result.rows as DriverRow[], rowCount: result.rowCount ?? result.rows.length };
}

/** COMMIT as any caller spells it (the migration runner sends `COMMIT`; END is its synonym). */
const COMMIT = /^\s*(?:commit|end)(?:\s+(?:work|transaction))?\s*;?\s*$/i;

/**
 * PostgreSQL answers COMMIT of a transaction an error aborted (one the caller caught and
 * went on) with ROLLBACK, and no error: without this the caller would believe writes made
 * before the error were committed.
 */
function rolledBackCommit(): QueryError {
  return new QueryError(
    'commit() failed: a statement of this transaction failed earlier, so PostgreSQL rolled ' +
      'all of it back (COMMIT was answered with ROLLBACK); nothing of it was committed. ' +
      'Run the transaction again, with a savepoint (a nested transaction) around a statement ' +
      'that may fail',
  );
}

/** One query on a checked-out client, which goes back to the pool (or is destroyed) after. */
export function queryOnce(
  home: ClientHome,
  client: pg.PoolClient,
  sql: string,
  parameters: readonly unknown[],
  done: RunCallback,
  retryIfLost: boolean,
): void {
  watch(client);
  try {
    // An inline callback (one closure per query; a named one would also be renamed per
    // call by the dev-mode transpiler).
    // A query object of our own (pg makes one per call anyway): it names the column of a
    // value no JS Date holds (naming-query.ts).
    client.query(
      new NamingQuery(
        sql,
        parameters as unknown[],
        (error: Error | null | undefined, result: pg.QueryResult) =>
          finishQuery(home, client, error, result, done, retryIfLost ? sql : null, parameters),
      ),
    );
  } catch (error) {
    finishQuery(home, client, error as Error, undefined, done, null, parameters);
  }
}

function finishQuery(
  home: ClientHome,
  client: pg.PoolClient,
  error: Error | null | undefined,
  result: pg.QueryResult | undefined,
  done: RunCallback,
  retrySql: string | null,
  parameters: readonly unknown[],
): void {
  const lost = error !== null && isPgConnectionLost(error);
  home.giveBack(client, lost);
  if (lost && retrySql !== null) home.retryRead(retrySql, parameters, done);
  else if (error) done(error, undefined, true);
  else done(null, driverResult(result!), true);
}

const SHOWN_PGCONNECTION = opaque('PgConnection');

export class PgConnection implements DriverConnection {
  /** Its name only: its fields hold the URL's password and the driver's config (core/opaque.ts). */
  [INSPECT](): string {
    return SHOWN_PGCONNECTION.text;
  }

  toJSON(): { readonly kind: string } {
    return SHOWN_PGCONNECTION.json;
  }

  constructor(
    private readonly home: ClientHome,
    private readonly client: pg.PoolClient,
  ) {
    watch(client);
  }

  /** Queries given and not yet answered (sent, or waiting their turn in {@link inTurn}). */
  private unanswered = 0;
  /** The last of those: the next query waits for it. */
  private last: Promise<unknown> | null = null;
  /** A query was answered (one function per connection, not one per query). */
  private readonly answered = <E>(error: E): E => {
    // Nothing waits: the last promise (and the rows it holds) is let go.
    if (--this.unanswered === 0) this.last = null;
    return error;
  };

  query(sql: string, parameters: readonly unknown[]): Promise<DriverResult> {
    return this.inTurn((answered) => {
      if (this.home.closed) return Promise.reject(answered(closedUnderHolder()));
      // (text, values) rather than a config object: pg clones config objects on every call.
      // The callback form: pg's promise form adds a promise and a stack capture per query.
      return new Promise((resolve, reject) => {
        this.client.query(
          new NamingQuery(
            sql,
            parameters as unknown[],
            (error: Error | null | undefined, result: pg.QueryResult) => {
              answered(null);
              if (error) reject(error);
              else if (lastResult(result).command === 'ROLLBACK' && COMMIT.test(sql))
                reject(rolledBackCommit());
              else resolve(driverResult(result));
            },
          ),
        );
      });
    });
  }

  queryArrays(sql: string, parameters: readonly unknown[]): Promise<DriverArrayResult> {
    return this.inTurn((answered) => {
      if (this.home.closed) return Promise.reject(answered(closedUnderHolder()));
      return new Promise((resolve, reject) => {
        const done = (error: Error | null, results: pg.QueryResult<unknown[]>): void => {
          answered(null);
          if (error) return reject(error);
          const result = lastResult(results);
          resolve({ rows: result.rows, rowCount: result.rowCount ?? result.rows.length });
        };
        sendArrayQuery(this.client, sql, parameters as unknown[], done);
      });
    });
  }

  /**
   * Sends a query once those given before it are answered: queries given while one runs
   * (the ORM's flush sends a table's INSERT batches back to back: capabilities
   * .pipelinedWrites) wait here, not in node-postgres's queue, which is deprecated (a
   * warning per call, gone in pg 9) and starts a query's `query_timeout` when it is given,
   * so one waiting behind others could time out, or be dropped, unsent. `send` calls
   * `answered` once, when its query is answered (or refused unsent).
   */
  private inTurn<T>(send: (answered: <E>(error: E) => E) => Promise<T>): Promise<T> {
    const before = this.unanswered === 0 ? null : this.last;
    this.unanswered++;
    const mine =
      before === null
        ? send(this.answered)
        : before.then(
            () => send(this.answered),
            () => send(this.answered),
          );
    this.last = mine;
    return mine;
  }

  async *stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<DriverRow[]> {
    if (this.home.closed) throw closedUnderHolder();
    const client = this.client;
    const cursor = client.query(new GuardedCursor<DriverRow>(sql, parameters));
    // Every wait races the connection's death: on a dead socket a cursor's read or close
    // waits for a `readyForQuery` that never comes.
    const death = deathOf(client);
    try {
      for (;;) {
        const rows = await Promise.race([cursor.read(batchSize), death]);
        // A value no JS Date holds: the cursor kept the error instead of crashing.
        if (cursor.failure !== undefined) throw cursor.failure;
        if (rows.length === 0) return;
        yield rows;
      }
    } finally {
      if (!isLost(client)) await Promise.race([cursor.close(), death]).catch(() => undefined);
    }
  }

  cancel(): Promise<void> {
    return sendCancelRequest(this.client, this.home.cancelTimeoutMs);
  }

  release(broken: boolean, lost = broken): void {
    this.home.giveBack(this.client, broken, lost);
  }
}
