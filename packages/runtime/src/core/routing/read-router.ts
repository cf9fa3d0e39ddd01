/**
 * Read routing: reads outside a transaction go to a replica (round robin, skipping the
 * ones that are down, promoted or lagging), everything else to the primary. A routed
 * read never fails for want of a replica: when none can take it, the primary runs it.
 * An explicit `onReplica()` read does not fall back: it fails with ReplicaUnavailableError.
 */
import type { Compilable } from '../compiler/compile.js';
import type { Connection, ConnectOptions, Executor, Params, StreamOptions } from '../connection.js';
import { SerializationError } from '../errors.js';
import { sql } from '../raw.js';
import type { ExecuteResult } from '../run.js';
import type { StatementOptions } from '../statement-limits.js';
import { ReplicaUnavailableError } from './errors.js';
import { isConnectionFailure, type ReplicaSet, type RoutableEngine } from './replica-set.js';
import type { ReplicationProbe } from './replication.js';

type AnyResult = ExecuteResult<unknown>;

/** How a read that a replica cannot take is handled. */
export type ReplicaFallback = 'primary' | 'error';

/**
 * True when the replica's failure means "try elsewhere": it could not be reached, or it
 * cancelled the read for a conflict with recovery (a replayed change removed rows the
 * read needed; PostgreSQL reports it as a serialization failure).
 */
function tryElsewhere(error: unknown): boolean {
  return isConnectionFailure(error) || error instanceof SerializationError;
}

/**
 * With no replicas (a routing session of an engine without them), every path runs on the
 * primary, `onReplica()` included: the one database is both.
 */
export class ReadRouter {
  constructor(
    /** The primary, unrouted. */
    readonly primary: RoutableEngine,
    readonly replicas: ReplicaSet,
    private readonly probe: ReplicationProbe | undefined,
    /** How long read-your-writes keeps a session's reads on the primary at most (ms). */
    readonly readYourWritesTimeoutMs: number,
  ) {}

  /**
   * Runs a read on a replica; with `after`, only on one that has applied that write
   * position (else on the primary, whatever `fallback` says: that is read-your-writes).
   */
  async read(
    statement: Compilable,
    params: Params | undefined,
    options: StatementOptions | undefined,
    fallback: ReplicaFallback,
    after: bigint | null = null,
  ): Promise<AnyResult> {
    for (const replica of this.replicas.candidates()) {
      try {
        if (after !== null && !(await this.replicas.hasReplayed(replica, after))) continue;
        const result = await replica.engine.execute(statement, params, options);
        this.replicas.markUp(replica);
        return result;
      } catch (error) {
        if (!tryElsewhere(error)) throw error;
        if (isConnectionFailure(error)) this.replicas.markDown(replica, error);
      }
    }
    if (fallback === 'error' && after === null && this.replicas.size > 0) throw this.unavailable();
    return this.primary.execute(statement, params, options);
  }

  /** Streams a read from a replica (falling back before the first row only). */
  async *stream(
    statement: Compilable,
    options: StreamOptions | undefined,
    fallback: ReplicaFallback,
    after: bigint | null = null,
  ): AsyncIterable<unknown> {
    for (const replica of this.replicas.candidates()) {
      if (after !== null && !(await this.replicas.hasReplayed(replica, after))) continue;
      let started = false;
      try {
        for await (const row of replica.engine.stream(statement, options)) {
          started = true;
          yield row;
        }
        return;
      } catch (error) {
        if (started || !tryElsewhere(error)) throw error;
        if (isConnectionFailure(error)) this.replicas.markDown(replica, error);
      }
    }
    if (fallback === 'error' && after === null && this.replicas.size > 0) throw this.unavailable();
    yield* this.primary.stream(statement, options);
  }

  /** A connection to a replica that can be reached (for a read-only session). */
  async connectReplica(options?: ConnectOptions): Promise<Connection> {
    for (const replica of this.replicas.candidates()) {
      try {
        const connection = await replica.engine.connect(options);
        this.replicas.markUp(replica);
        return connection;
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        this.replicas.markDown(replica, error);
      }
    }
    // No replicas configured (a routing session of an engine without them): the one database.
    if (this.replicas.size === 0) return this.primary.connect(options);
    throw this.unavailable();
  }

  /**
   * The primary's current write position (at or after every commit made so far), or null
   * when the dialect cannot tell (read-your-writes then keeps reads on the primary for
   * the whole timeout). Asked `on` a given primary connection (one just used for a write,
   * outside a transaction) it needs no second connection from the pool.
   */
  async writePosition(on: Executor = this.primary): Promise<bigint | null> {
    const probe = this.probe;
    if (probe === undefined) return null;
    const { rows } = await on.execute(sql.raw(probe.writePositionSql));
    return probe.parsePosition((rows[0] ?? {}) as Record<string, unknown>);
  }

  private unavailable(): ReplicaUnavailableError {
    return new ReplicaUnavailableError(this.replicas.problems());
  }

  async close(): Promise<void> {
    await this.replicas.close();
  }
}
