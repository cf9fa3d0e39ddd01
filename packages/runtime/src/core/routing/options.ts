/**
 * The engine options of read replicas, and the router they make (see docs/scaling.md).
 * `createEngine` builds the replica engines (it knows Engine; routing does not import it)
 * and hands them here.
 */
import { ConfigError } from '../errors.js';
import { ReadRouter } from './read-router.js';
import { ReplicaSet, type RoutableEngine } from './replica-set.js';
import type { ReplicationProbe } from './replication.js';

/** The read-replica options of `createEngine` (docs/scaling.md). */
export interface ReplicaOptions {
  /**
   * URLs of read replicas (PostgreSQL streaming standbys). Reads outside a transaction go
   * to them round robin; writes and transactions go to the primary (`url`).
   */
  readonly replicas?: readonly string[];
  /** A replica that failed to connect is skipped for this long (ms, default 5 000). */
  readonly replicaRetryMs?: number;
  /** How often each replica is asked whether it was promoted and how far behind it is (ms, default 5 000). */
  readonly replicaCheckIntervalMs?: number;
  /** Skip a replica further behind the primary than this (ms; default: no limit). */
  readonly maxReplicaLagMs?: number;
  /**
   * Read-your-writes in a routing session: how long after a write its reads may stay on
   * the primary waiting for a replica to apply it (ms, default 5 000).
   */
  readonly readYourWritesTimeoutMs?: number;
}

function positiveOr(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`engine option ${name} must be a positive number, got ${String(value)}`);
  return value;
}

/** Checks the replica options before any engine is made (null: no replicas). */
export function replicaUrls(options: ReplicaOptions): readonly string[] | null {
  const urls = options.replicas;
  if (urls === undefined) return null;
  if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string' || u.trim() === ''))
    throw new ConfigError('engine option replicas must be an array of database URLs');
  return urls.length === 0 ? null : urls.map((u) => u.trim());
}

/** The router over `primary` and the replica engines. */
export function createReadRouter(
  primary: RoutableEngine,
  replicas: readonly { readonly url: string; readonly engine: RoutableEngine }[],
  probe: ReplicationProbe | undefined,
  options: ReplicaOptions,
): ReadRouter {
  const maxLag = options.maxReplicaLagMs;
  const set = new ReplicaSet(replicas, probe, {
    retryMs: positiveOr(options.replicaRetryMs, 5_000, 'replicaRetryMs'),
    checkIntervalMs: positiveOr(options.replicaCheckIntervalMs, 5_000, 'replicaCheckIntervalMs'),
    maxLagMs: maxLag === undefined ? undefined : positiveOr(maxLag, 0, 'maxReplicaLagMs'),
  });
  return new ReadRouter(
    primary,
    set,
    probe,
    positiveOr(options.readYourWritesTimeoutMs, 5_000, 'readYourWritesTimeoutMs'),
  );
}
