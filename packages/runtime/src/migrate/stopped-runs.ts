/**
 * The runs that stopped halfway, and what `stamp` decides besides the history: their fate. A
 * migration stopped on MySQL/MariaDB between statements (half-done.ts) or in a data step
 * (data-progress.ts) keeps progress rows that refuse every other step and tell its rerun
 * where to resume. A stamp that records such a migration applied (for a stopped upgrade)
 * or not applied (for a stopped downgrade) says that the user finished the run by hand:
 * its rows would go on refusing every other migration, so they go. Every other stopped
 * run is kept: a stamp that only accepts an edited file (`stamp <current>`, as the
 * checksum error advises) must not make the next run start that migration again from
 * its first statement or row, doing again what is already done. A run undone by hand
 * instead of finished is forgotten by `abandon` (abandon.ts).
 */
import { dialectNamed } from '../core/dialect-lookup.js';
import { quoteIdent } from '../schema/render.js';
import type { MigrationConnection } from './connection.js';
import { DATA_PROGRESS_TABLE, forgetDataProgress } from './data-progress.js';

/** A stopped run the stamp settled, or `abandon` forgot. */
export interface ForgottenRun {
  readonly revision: string;
  readonly direction: 'up' | 'down';
}

/** A run stopped halfway, as its progress rows tell it. */
export interface StoppedRun extends ForgottenRun {
  /** Statements applied before it stopped (MySQL/MariaDB's DDL; 0 when none or none kept). */
  readonly statements: number;
  /** Rows its data steps changed before it stopped (0 when it stopped in none). */
  readonly rows: number;
  /**
   * Operations of the migration before its last data step started (0 when it stopped in
   * none): they committed with the step's start, DDL included where DDL is transactional.
   */
  readonly operations: number;
}

/** A table that keeps stopped runs. */
interface ProgressTable {
  readonly table: string;
  /** The SQL of what it counts of a run over the run's rows, by the field it goes to. */
  readonly counts: Partial<Record<'statements' | 'rows' | 'operations', string>>;
  /** Deletes one run's rows. */
  forget(run: ForgottenRun): Promise<void>;
}

/** The tables that keep stopped runs on the connection's dialect, those that exist. */
async function progressTables(connection: MigrationConnection): Promise<ProgressTable[]> {
  const rules = dialectNamed(connection.dialect).migrations;
  const progress = rules.progress;
  const data: ProgressTable = {
    table: DATA_PROGRESS_TABLE,
    counts: { rows: 'SUM("rows_done")', operations: 'MAX("step")' },
    forget: (run) =>
      forgetDataProgress(connection, connection.dialect, run.revision, run.direction),
  };
  const tables: ProgressTable[] =
    progress === undefined
      ? [data]
      : [
          {
            table: progress.table,
            counts: { statements: 'MAX("done")' },
            forget: (run) => progress.forget(connection, run.revision, run.direction),
          },
          data,
        ];
  const present: ProgressTable[] = [];
  for (const t of tables) if (await rules.tableExists(connection, t.table)) present.push(t);
  return present;
}

/**
 * Every run stopped halfway (a migration and direction with progress rows): those of the
 * statement table first (MySQL/MariaDB), then those only in a data step, each by revision.
 */
export async function stoppedRuns(connection: MigrationConnection): Promise<StoppedRun[]> {
  const runs = new Map<string, { -readonly [K in keyof StoppedRun]: StoppedRun[K] }>();
  for (const { table, counts } of await progressTables(connection)) {
    const fields = Object.entries(counts) as [keyof typeof counts, string][];
    const rows = await connection.query(
      `SELECT "revision", "direction", ${fields.map(([field, sql]) => `${sql} AS "${field}"`).join(', ')} ` +
        `FROM ${quoteIdent(table)} GROUP BY "revision", "direction" ORDER BY "revision", "direction"`,
    );
    for (const row of rows) {
      const revision = String(row['revision']);
      const direction = row['direction'] === 'down' ? 'down' : 'up';
      const key = `${revision}\0${direction}`;
      const run = runs.get(key) ?? { revision, direction, statements: 0, rows: 0, operations: 0 };
      for (const [field] of fields) run[field] += Number(row[field] ?? 0);
      runs.set(key, run);
    }
  }
  return [...runs.values()];
}

/** Deletes every progress row of `runs`, in the caller's transaction. */
export async function forgetRuns(
  connection: MigrationConnection,
  runs: readonly ForgottenRun[],
): Promise<void> {
  const tables = await progressTables(connection);
  for (const run of runs) for (const { forget } of tables) await forget(run);
}

/**
 * Deletes the progress rows of the stopped runs that `applied` (the revisions the stamp
 * records) settles, in the caller's transaction; returns those runs.
 */
export async function forgetSettledRuns(
  connection: MigrationConnection,
  applied: ReadonlySet<string>,
): Promise<ForgottenRun[]> {
  // A stopped upgrade is settled by recording it applied, a downgrade by the opposite.
  const settled = (await stoppedRuns(connection))
    .filter((run) => applied.has(run.revision) === (run.direction === 'up'))
    .map(({ revision, direction }) => ({ revision, direction }));
  await forgetRuns(connection, settled);
  return settled;
}
