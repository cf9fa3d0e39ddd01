/**
 * PostgreSQL's answers for read routing: WAL positions (LSNs, `X/Y` in hex, compared as
 * 64-bit numbers) and a standby's state. Lag is the usual measure: 0 when the standby has
 * replayed all it received, else the time since the last transaction it replayed.
 */
import type { ReplicationProbe, ReplicaState } from '../../core/routing/replication.js';

/** `16/B374D848` as a number (the high and low 32 bits of the position). */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text.trim());
  if (!match) throw new Error(`not a PostgreSQL WAL position: ${text}`);
  return (BigInt(`0x${match[1] as string}`) << 32n) + BigInt(`0x${match[2] as string}`);
}

export const postgresReplication: ReplicationProbe = Object.freeze({
  writePositionSql: 'SELECT pg_current_wal_lsn()::text AS "position"',
  replicaStateSql: `SELECT pg_is_in_recovery() AS "inRecovery",
  pg_last_wal_replay_lsn()::text AS "replayed",
  CASE WHEN NOT pg_is_in_recovery()
         OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
       ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0)
  END::float8 AS "lagMs"`,
  parsePosition(row: Readonly<Record<string, unknown>>): bigint {
    return parseLsn(String(row['position']));
  },
  parseReplicaState(row: Readonly<Record<string, unknown>>): ReplicaState {
    const replayed = row['replayed'];
    return {
      inRecovery: row['inRecovery'] === true,
      replayed: typeof replayed === 'string' ? parseLsn(replayed) : null,
      lagMs: Number(row['lagMs'] ?? 0),
    };
  },
});
