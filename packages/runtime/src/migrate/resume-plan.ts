/**
 * What a resumed migration is checked against on a dialect without transactional DDL
 * (resumable.ts: MySQL, MariaDB). The progress row counts the statements that ran, and a
 * later run skips that many by position; if the migration file was edited meanwhile (a
 * renamed column in its first operation), the skipped statements are not the ones that
 * ran and the rest runs against a database that does not match. So each run writes the
 * statements it plans beside the progress row (a column of the dialect's progress table,
 * added here when missing), and a run that resumes compares the statements that ran with
 * the ones the migration plans now at the same positions: any difference is refused.
 * Only the applied part is compared, so fixing the statement that failed (what the
 * failure message suggests) still resumes.
 */
import type { MigrationProgress } from '../core/dialect-contract.js';
import { quoteIdent } from '../schema/render.js';
import type { MigrationConnection } from './connection.js';
import type { MigrationFile } from './files.js';
import { MigrationChangedMidwayError } from './run-errors.js';
import { migrationLabel } from './targets.js';

/** The progress table's column holding the planned statements (a JSON array). */
const COLUMN = 'planned_statements';

type Direction = 'up' | 'down';

/**
 * Adds the plan column to the progress table unless it has it (a table created by a
 * dbgen before plans were kept). MySQL/MariaDB only have a progress table; `longtext`
 * holds a migration of any size. Runs are serialised by the run lock, so two runners
 * never add it at once.
 */
export async function ensurePlanColumn(
  connection: MigrationConnection,
  progress: MigrationProgress,
): Promise<void> {
  const rows = await connection.query(
    'SELECT 1 AS "present" FROM information_schema.columns ' +
      'WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?',
    [progress.table, COLUMN],
  );
  if (rows.length > 0) return;
  await connection.query(
    `ALTER TABLE ${quoteIdent(progress.table)} ADD COLUMN ${quoteIdent(COLUMN)} longtext NULL`,
  );
}

/** The statements the run that wrote the progress row planned; null when none are kept. */
async function readPlan(
  connection: MigrationConnection,
  progress: MigrationProgress,
  revision: string,
  direction: Direction,
): Promise<string[] | null> {
  const rows = await connection.query(
    `SELECT ${quoteIdent(COLUMN)} AS "plan" FROM ${quoteIdent(progress.table)} ` +
      'WHERE "revision" = ? AND "direction" = ?',
    [revision, direction],
  );
  const text = rows[0]?.['plan'];
  if (typeof text !== 'string') return null;
  const plan: unknown = JSON.parse(text);
  return Array.isArray(plan) ? plan.map(String) : null;
}

/**
 * Writes `planned` as the plan of `revision` in `direction`, `done` statements of it
 * applied (the progress row is created when missing). Called before the run's first
 * statement, so the plan is there whatever statement fails.
 */
export async function writePlan(
  connection: MigrationConnection,
  progress: MigrationProgress,
  revision: string,
  direction: Direction,
  done: number,
  planned: readonly string[],
): Promise<void> {
  await progress.record(connection, revision, direction, done);
  await connection.query(
    `UPDATE ${quoteIdent(progress.table)} SET ${quoteIdent(COLUMN)} = ? ` +
      'WHERE "revision" = ? AND "direction" = ?',
    [JSON.stringify(planned), revision, direction],
  );
}

/** `  1. ALTER TABLE ...`, one per statement, numbered from `from`. */
export function numbered(statements: readonly string[], from = 1): string {
  return statements.map((s, i) => `  ${from + i}. ${s.replace(/\n/g, '\n     ')}`).join('\n');
}

/**
 * Refuses to resume `migration` when the first `done` statements it plans now are not
 * the ones an earlier run applied. Returns false when the earlier run kept no plan (a
 * dbgen before plans were kept): the resume cannot be checked, and the caller says so.
 */
export async function checkResume(
  connection: MigrationConnection,
  progress: MigrationProgress,
  migration: MigrationFile,
  direction: Direction,
  done: number,
  planned: readonly string[],
): Promise<boolean> {
  if (done === 0) return true;
  const ran = await readPlan(connection, progress, migration.revision, direction);
  if (ran === null) return false;
  const applied = ran.slice(0, done);
  const differs = applied.findIndex((s, i) => planned[i] !== s);
  if (applied.length === done && differs === -1) return true;
  throw new MigrationChangedMidwayError(
    changedMessage(migration, direction, applied, planned, differs, {
      dialect: connection.dialect,
      table: progress.table,
    }),
    migration.revision,
    direction,
    applied,
  );
}

function changedMessage(
  migration: MigrationFile,
  direction: Direction,
  applied: readonly string[],
  planned: readonly string[],
  differs: number,
  where: { readonly dialect: string; readonly table: string },
): string {
  const n = applied.length;
  const at = differs === -1 ? Math.min(planned.length, n) : differs;
  const now =
    at < planned.length
      ? `it now plans, as statement ${at + 1}:\n${numbered([planned[at] ?? ''], at + 1)}`
      : `it now plans only ${planned.length} statement${planned.length === 1 ? '' : 's'}`;
  const command = direction === 'up' ? `up ${migration.revision}` : 'down';
  return (
    `${migrationLabel(migration)} changed since an earlier run of its ${direction === 'up' ? 'upgrade' : 'downgrade'} ` +
    `stopped halfway; nothing was run. That run applied statements 1 to ${n}, which stay applied ` +
    `(${where.dialect} DDL is not transactional):\n${numbered(applied)}\n` +
    `but ${now}\n` +
    `Resuming would skip statements 1 to ${n} of the migration as it is now, which are not ` +
    `the ones applied. Either restore those statements in the migration file and run ` +
    `\`dbgen migrate ${command}\` again (it resumes at statement ${n + 1}), or abandon the ` +
    `earlier run: undo the ${n === 1 ? 'statement' : `${n} statements`} above by hand, run ` +
    `\`dbgen migrate abandon ${migration.revision}\` (it forgets its row in ${where.table}), ` +
    `and run again (the migration then starts at statement 1).`
  );
}
