/**
 * Abandoning a run that stopped halfway: a migration stopped between statements
 * (MySQL/MariaDB, whose DDL is not transactional) or in a data step keeps progress rows,
 * which refuse every other migration step and tell its rerun where to resume
 * (half-done.ts, data-progress.ts). A user who undid by hand what the run applied, instead
 * of finishing it, says so with `abandon`: its rows go, and the next run of that migration
 * starts at its first statement and first row. Nothing else changes: the history table
 * never recorded the stopped migration.
 */
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import type { MigrationFile } from './files.js';
import { withRunLock } from './run-lock.js';
import { StoppedRunError } from './run-errors.js';
import { forgetRuns, stoppedRuns, type StoppedRun } from './stopped-runs.js';
import { labelOfRevision, namedBy } from './targets.js';

export { stoppedRuns as listStoppedRuns, type StoppedRun } from './stopped-runs.js';

/** One line naming a stopped run and what it applied, for messages and prompts. */
export function describeStoppedRun(
  run: StoppedRun,
  migrations: readonly MigrationFile[] = [],
): string {
  const label = labelOfRevision(migrations, run.revision);
  const applied = [
    // Where DDL is transactional, the operations before a data step commit with its start.
    ...(run.statements === 0 && run.operations > 0
      ? [
          run.operations === 1
            ? 'operation 1 committed'
            : `operations 1 to ${run.operations} committed`,
        ]
      : []),
    ...(run.statements > 0
      ? [`${run.statements} statement${run.statements === 1 ? '' : 's'} applied`]
      : []),
    ...(run.rows > 0 ? [`${run.rows} row${run.rows === 1 ? '' : 's'} changed by data steps`] : []),
  ];
  return (
    `the stopped ${run.direction === 'up' ? 'upgrade' : 'downgrade'} of ${label}` +
    (applied.length === 0 ? ' (nothing applied yet)' : ` (${applied.join(', ')})`)
  );
}

/**
 * The stopped run `revision` names (a whole revision, the start of one, or the file number
 * or name of its migration in `migrations`), or the only stopped run when it is undefined;
 * a {@link StoppedRunError} when there is none, or several to choose from.
 */
export function pickStoppedRun(
  runs: readonly StoppedRun[],
  revision: string | undefined,
  migrations: readonly MigrationFile[] = [],
): StoppedRun[] {
  if (revision !== undefined && revision.trim() === '')
    throw new StoppedRunError('the revision to abandon is empty: give a revision, or its start');
  const list = (rs: readonly StoppedRun[]) =>
    rs.map((r) => describeStoppedRun(r, migrations)).join('; ');
  if (runs.length === 0)
    throw new StoppedRunError('no migration run is stopped halfway: there is nothing to abandon');
  if (revision === undefined) {
    const revisions = new Set(runs.map((r) => r.revision));
    if (revisions.size > 1)
      throw new StoppedRunError(
        `${revisions.size} migration runs are stopped halfway (${list(runs)}): name the revision to abandon`,
      );
    return [...runs];
  }
  const exact = runs.filter((r) => r.revision === revision);
  if (exact.length > 0) return exact;
  const prefixed = runs.filter((r) => r.revision.startsWith(revision));
  if (new Set(prefixed.map((r) => r.revision)).size === 1) return prefixed;
  // A file number (0002) or a migration's name, as the other migrate commands take them.
  const named = new Set(migrations.filter((m) => namedBy(m, revision)).map((m) => m.revision));
  const byFile = prefixed.length === 0 ? runs.filter((r) => named.has(r.revision)) : [];
  if (new Set(byFile.map((r) => r.revision)).size === 1) return byFile;
  throw new StoppedRunError(
    prefixed.length === 0
      ? `no run of revision ${revision} is stopped halfway; stopped: ${list(runs)}`
      : `revision ${revision} names several stopped runs (${list(prefixed)}): give more of it`,
  );
}

/**
 * Forgets the stopped run of `revision` (or the only stopped run), under the run lock
 * and in one transaction: its progress rows go, so that the next run of the migration
 * starts from its first statement and row. Undo what it applied first (the message of the
 * run's failure and {@link describeStoppedRun} say how much): nothing here changes the
 * schema or the data. Returns the runs forgotten; says so through `log`.
 */
export async function abandon(
  options: {
    readonly connection: MigrationConnection;
    readonly migrations: readonly MigrationFile[];
    readonly log?: (line: string) => void;
  },
  revision?: string,
): Promise<StoppedRun[]> {
  const { connection, migrations } = options;
  const rules = dialectNamed(connection.dialect).migrations;
  const forgotten = await withRunLock(connection, async () => {
    // The runner's BEGIN (SQLite's takes the write lock at once, so the rows are read and
    // deleted under it) and transaction lock (PostgreSQL's, between a run's batches).
    await connection.query(rules.begin);
    try {
      if (rules.transactionLock !== undefined) await connection.query(rules.transactionLock);
      // Read under the lock: a run another process finished meanwhile is not forgotten.
      const picked = pickStoppedRun(await stoppedRuns(connection), revision, migrations);
      await forgetRuns(connection, picked);
      await connection.query('COMMIT');
      return picked;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
  for (const run of forgotten)
    options.log?.(
      `forgot ${describeStoppedRun(run, migrations)}: its next run starts from its first statement`,
    );
  return forgotten;
}
