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
}

/** A table that keeps stopped runs. */
interface ProgressTable {
  readonly table: string;
  /** What it counts per run: statements applied, or rows changed by data steps. */
  readonly kind: 'statements' | 'rows';
  /** The SQL of that count over a run's rows. */
  readonly count: string;
  /** Deletes one run's rows. */
  forget(run: ForgottenRun): Promise<void>;
}

/** The tables that keep stopped runs on the connection's dialect, those that exist. */
async function progressTables(connection: MigrationConnection): Promise<ProgressTable[]> {
  const rules = dialectNamed(connection.dialect).migrations;
  const progress = rules.progress;
  const data: ProgressTable = {
    table: DATA_PROGRESS_TABLE,
    kind: 'rows',
    count: 'SUM("rows_done")',
    forget: (run) =>
      forgetDataProgress(connection, connection.dialect, run.revision, run.direction),
  };
  const tables: ProgressTable[] =
    progress === undefined
      ? [data]
      : [
          {
            table: progress.table,
            kind: 'statements',
            count: 'MAX("done")',
            forget: (run) => progress.forget(connection, run.revision, run.direction),
          },
          data,
        ];
  const present: ProgressTable[] = [];
  for (const t of tables) if (await rules.tableExists(connection, t.table)) present.push(t);
  return present;
}

/** Every run stopped halfway (a migration and direction with progress rows), by revision. */
export async function stoppedRuns(connection: MigrationConnection): Promise<StoppedRun[]> {
  const runs = new Map<string, { -readonly [K in keyof StoppedRun]: StoppedRun[K] }>();
  for (const { table, count, kind } of await progressTables(connection)) {
    const rows = await connection.query(
      `SELECT "revision", "direction", ${count} AS "n" FROM ${quoteIdent(table)} ` +
        'GROUP BY "revision", "direction"',
    );
    for (const row of rows) {
      const revision = String(row['revision']);
      const direction = row['direction'] === 'down' ? 'down' : 'up';
      const key = `${revision}\0${direction}`;
      const run = runs.get(key) ?? { revision, direction, statements: 0, rows: 0 };
      run[kind] += Number(row['n'] ?? 0);
      runs.set(key, run);
    }
  }
  return [...runs.values()].sort((a, b) =>
    a.revision === b.revision
      ? a.direction.localeCompare(b.direction)
      : a.revision.localeCompare(b.revision),
  );
}

/** Deletes every progress row of `run`, in the caller's transaction. */
export async function forgetRun(connection: MigrationConnection, run: ForgottenRun): Promise<void> {
  for (const { forget } of await progressTables(connection)) await forget(run);
}

/**
 * Deletes the progress rows of the stopped runs that `applied` (the revisions the stamp
 * records) settles, in the caller's transaction; returns those runs.
 */
export async function forgetSettledRuns(
  connection: MigrationConnection,
  applied: ReadonlySet<string>,
): Promise<ForgottenRun[]> {
  const settled: ForgottenRun[] = [];
  for (const run of await stoppedRuns(connection)) {
    // A stopped upgrade is settled by recording it applied, a downgrade by the opposite.
    if (applied.has(run.revision) !== (run.direction === 'up')) continue;
    await forgetRun(connection, run);
    settled.push({ revision: run.revision, direction: run.direction });
  }
  return settled;
}
