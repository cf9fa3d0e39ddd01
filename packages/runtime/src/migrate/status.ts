/** Where a database stands against the migration files, read without changing anything. */
import type { MigrationConnection } from './connection.js';
import type { MigrationFile } from './files.js';
import { appliedHeads, appliedRevisions } from './graph.js';
import { readHistoryIfAny, type HistoryRow } from './history.js';

export interface MigrationStatus {
  readonly history: readonly HistoryRow[];
  /**
   * Index of the current revision in the migrations (the applied one last in graph
   * order); -1 when none is applied. With branches, see `heads`.
   */
  readonly current: number;
  /** Where the database is: the applied migrations no applied migration follows. */
  readonly heads: readonly MigrationFile[];
  readonly applied: readonly MigrationFile[];
  readonly pending: readonly MigrationFile[];
}

/**
 * The history checked against the files (throws when a file is missing or changed).
 * Read-only: a database without the history table is at base, and is left without it.
 */
export async function migrationStatus(
  connection: MigrationConnection,
  migrations: readonly MigrationFile[],
): Promise<MigrationStatus> {
  const history = await readHistoryIfAny(connection);
  const applied = appliedRevisions(history, migrations);
  return {
    history,
    current: migrations.findLastIndex((m) => applied.has(m.revision)),
    heads: appliedHeads(migrations, applied),
    applied: migrations.filter((m) => applied.has(m.revision)),
    pending: migrations.filter((m) => !applied.has(m.revision)),
  };
}
