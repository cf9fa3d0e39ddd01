/**
 * What `stamp` decides besides the history: the fate of a run that stopped halfway. A
 * migration stopped on MySQL/MariaDB between statements (half-done.ts) or in a data step
 * (data-progress.ts) keeps progress rows that refuse every other step and tell its rerun
 * where to resume. A stamp that records such a migration applied (for a stopped upgrade)
 * or not applied (for a stopped downgrade) says that the user finished the run by hand:
 * its rows would go on refusing every other migration, so they go. Every other stopped
 * run is kept: a stamp that only accepts an edited file (`stamp <current>`, as the
 * checksum error advises) must not make the next run start that migration again from
 * its first statement or row, doing again what is already done.
 */
import { dialectNamed } from '../core/dialect-lookup.js';
import { quoteIdent } from '../schema/render.js';
import type { MigrationConnection } from './connection.js';
import { DATA_PROGRESS_TABLE, forgetDataProgress } from './data-progress.js';

/** A stopped run the stamp settled. */
export interface ForgottenRun {
  readonly revision: string;
  readonly direction: 'up' | 'down';
}

/**
 * Deletes the progress rows of the stopped runs that `applied` (the revisions the stamp
 * records) settles, in the caller's transaction; returns those runs.
 */
export async function forgetSettledRuns(
  connection: MigrationConnection,
  applied: ReadonlySet<string>,
): Promise<ForgottenRun[]> {
  const rules = dialectNamed(connection.dialect).migrations;
  const progress = rules.progress;
  const forgotten = new Map<string, ForgottenRun>();
  const tables = [
    ...(progress === undefined
      ? []
      : [
          {
            table: progress.table,
            forget: (revision: string, direction: 'up' | 'down') =>
              progress.forget(connection, revision, direction),
          },
        ]),
    {
      table: DATA_PROGRESS_TABLE,
      forget: (revision: string, direction: 'up' | 'down') =>
        forgetDataProgress(connection, connection.dialect, revision, direction),
    },
  ];
  for (const { table, forget } of tables) {
    if (!(await rules.tableExists(connection, table))) continue;
    const rows = await connection.query(
      `SELECT DISTINCT "revision", "direction" FROM ${quoteIdent(table)}`,
    );
    for (const row of rows) {
      const revision = String(row['revision']);
      const direction = row['direction'] === 'down' ? 'down' : 'up';
      // A stopped upgrade is settled by recording it applied, a downgrade by the opposite.
      if (applied.has(revision) !== (direction === 'up')) continue;
      await forget(revision, direction);
      forgotten.set(`${revision}\0${direction}`, { revision, direction });
    }
  }
  return [...forgotten.values()];
}
