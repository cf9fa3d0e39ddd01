/**
 * What read routing needs to ask a database about replication, supplied by a dialect
 * that has streaming replicas (PostgreSQL: WAL positions). Positions are compared as
 * bigints: a later write always has a larger position.
 */
/** One result row, by column name. */
type SqlRow = Readonly<Record<string, unknown>>;

/** A replica's answer to {@link ReplicationProbe.replicaStateSql}, parsed. */
export interface ReplicaState {
  /** Still a standby; false once promoted (it then takes writes of its own and diverges). */
  readonly inRecovery: boolean;
  /** The last write position the replica has applied (replayed), or null when unknown. */
  readonly replayed: bigint | null;
  /** How far behind the primary it is, in ms (0 when it has applied all it received). */
  readonly lagMs: number;
}

/** A dialect's SQL and parsing for read routing (PostgreSQL: dialects/postgres/replication.ts). */
export interface ReplicationProbe {
  /**
   * Run on the primary: its current write position, as one row with a `position` column
   * (PostgreSQL: `pg_current_wal_lsn()`). Asked after a commit, it is at or after that
   * commit's position.
   */
  readonly writePositionSql: string;
  /** Run on a replica: one row that {@link parseReplicaState} reads. */
  readonly replicaStateSql: string;
  /** The position from the row of `writePositionSql`. */
  parsePosition(row: SqlRow): bigint;
  /** The state from the row of `replicaStateSql`. */
  parseReplicaState(row: SqlRow): ReplicaState;
}
