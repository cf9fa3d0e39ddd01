/**
 * Migrations where DDL is not transactional (MySQL, MariaDB: every CREATE/ALTER/DROP
 * commits at once, whatever transaction is open). A migration that fails halfway cannot
 * be rolled back, so the runner records, after each statement, how many statements of
 * the migration have run, in `dbgen_migration_progress`. Running the same command again
 * resumes after the last recorded statement; finishing the migration clears its row.
 * Runners are serialised by a named lock (GET_LOCK), held for the whole run.
 */
import type { MigrationConnection } from './connection.js';
import type { MigrationFile } from './files.js';

export const PROGRESS_TABLE = 'dbgen_migration_progress';
const LOCK_NAME = 'dbgen_migrations';
/** Seconds a runner waits for another's lock before failing. */
const LOCK_WAIT_SECONDS = 600;

export async function withMysqlLock<T>(
  connection: MigrationConnection,
  run: () => Promise<T>,
): Promise<T> {
  const rows = await connection.query(`SELECT GET_LOCK(?, ?) AS "locked"`, [
    LOCK_NAME,
    LOCK_WAIT_SECONDS,
  ]);
  if (Number(rows[0]?.['locked']) !== 1) {
    throw new Error(
      `another migration run has held the lock "${LOCK_NAME}" for ${LOCK_WAIT_SECONDS} s; ` +
        'wait for it to finish (or end its session) and run again',
    );
  }
  try {
    return await run();
  } finally {
    // A lost connection releases the lock by itself; never hide the run's own error.
    await connection.query(`SELECT RELEASE_LOCK(?)`, [LOCK_NAME]).catch(() => undefined);
  }
}

export async function ensureProgressTable(connection: MigrationConnection): Promise<void> {
  await connection.query(`CREATE TABLE IF NOT EXISTS "${PROGRESS_TABLE}" (
  "revision" varchar(64) NOT NULL,
  "direction" varchar(4) NOT NULL,
  "done" integer NOT NULL,
  PRIMARY KEY ("revision", "direction")
)`);
}

/** How many statements of this migration step a failed earlier run applied. */
export async function progressOf(
  connection: MigrationConnection,
  revision: string,
  direction: 'up' | 'down',
): Promise<number> {
  const rows = await connection.query(
    `SELECT "done" FROM "${PROGRESS_TABLE}" WHERE "revision" = ? AND "direction" = ?`,
    [revision, direction],
  );
  return rows.length === 0 ? 0 : Number(rows[0]?.['done']);
}

export async function recordProgress(
  connection: MigrationConnection,
  revision: string,
  direction: 'up' | 'down',
  done: number,
): Promise<void> {
  await connection.query(
    `INSERT INTO "${PROGRESS_TABLE}" ("revision", "direction", "done") VALUES (?, ?, ?) ` +
      'ON DUPLICATE KEY UPDATE "done" = VALUES("done")',
    [revision, direction, done],
  );
}

export async function forgetProgress(
  connection: MigrationConnection,
  revision: string,
  direction: 'up' | 'down',
): Promise<void> {
  await connection.query(
    `DELETE FROM "${PROGRESS_TABLE}" WHERE "revision" = ? AND "direction" = ?`,
    [revision, direction],
  );
}

/** The message of a statement failing after others of the same migration committed. */
export function stoppedHalfway(
  migration: MigrationFile,
  statement: string,
  number: number,
  total: number,
  cause: string,
): string {
  const label = `${migration.path.split(/[\\/]/).pop() ?? migration.name} (${migration.revision})`;
  const applied =
    number === 1
      ? 'No statement of it was applied.'
      : `Statements 1 to ${number - 1} were applied and stay applied: MySQL/MariaDB DDL is not transactional.`;
  return (
    `${label} failed at statement ${number} of ${total}:\n  ${statement.replace(/\n/g, '\n  ')}\n` +
    `mysql: ${cause}\n${applied}\n` +
    `Progress is recorded in ${PROGRESS_TABLE}: fix the cause (the data, or this statement in the ` +
    `migration file) and run the same command again; it resumes at statement ${number}. ` +
    `To abandon the migration instead, undo statements 1 to ${number - 1} by hand and delete its ` +
    `row from ${PROGRESS_TABLE}.`
  );
}
