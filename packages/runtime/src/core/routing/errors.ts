/** The typed errors of read routing (see docs/scaling.md). */
import { DbgenError, type DbgenErrorDetails } from '../errors.js';

/** Why one replica was not used, as {@link ReplicaUnavailableError.replicas} lists it. */
export interface ReplicaProblem {
  /** The replica's URL, password redacted. */
  readonly url: string;
  /** `down` (unreachable), `promoted` (no longer a standby) or `lagging` (over `maxReplicaLagMs`). */
  readonly state: 'down' | 'promoted' | 'lagging';
  /** What was seen: the connection error, or the lag. */
  readonly reason: string;
}

/**
 * A statement was sent to a replica explicitly (`onReplica()`) and no replica could take
 * it. Routed reads (plain `engine.execute` of a SELECT) never raise it: they fall back to
 * the primary.
 */
export class ReplicaUnavailableError extends DbgenError {
  override readonly code = 'REPLICA_UNAVAILABLE';
  constructor(
    readonly replicas: readonly ReplicaProblem[],
    details: DbgenErrorDetails = {},
  ) {
    super(
      `no read replica is available: ${
        replicas.length === 0
          ? 'none is configured'
          : replicas.map((r) => `${r.url} is ${r.state} (${r.reason})`).join('; ')
      }; use onPrimary() or the routed engine (which falls back to the primary)`,
      details,
    );
  }
}
