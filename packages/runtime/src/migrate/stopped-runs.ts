/**
 * What `stamp` clears besides the history: the marks a stopped run left for its resume.
 * A migration stopped halfway on MySQL/MariaDB (its statements applied so far, half-done.ts)
 * or in a data step (its committed batches, data-progress.ts) keeps a row that refuses
 * every other step and tells its own rerun where to resume. Stamping declares the database
 * to be at the revisions given, with nothing in flight (the user finished or undid the
 * stopped part by hand): a kept row would still refuse every other migration, or make a
 * later run of that migration skip statements or rows by a count no longer true.
 */
import { dialectNamed } from '../core/dialect-lookup.js';
import { quoteIdent } from '../schema/render.js';
import type { MigrationConnection } from './connection.js';
import { DATA_PROGRESS_TABLE } from './data-progress.js';

/** Deletes every stopped run's progress rows (in the caller's transaction). */
export async function forgetStoppedRuns(connection: MigrationConnection): Promise<void> {
  const rules = dialectNamed(connection.dialect).migrations;
  const tables = [rules.progress?.table, DATA_PROGRESS_TABLE];
  for (const table of tables)
    if (table !== undefined && (await rules.tableExists(connection, table)))
      await connection.query(`DELETE FROM ${quoteIdent(table)}`);
}
