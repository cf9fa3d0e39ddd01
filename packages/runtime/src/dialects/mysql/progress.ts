/**
 * MySQL/MariaDB migrations: DDL is not transactional (every CREATE/ALTER/DROP commits at
 * once, whatever transaction is open), so the runner keeps per-statement progress here
 * (`dbgen_migration_progress`) and a failed migration resumes where it stopped; runners
 * are serialised by a named lock (GET_LOCK) of the database, held for the whole run.
 */
import { createHash } from 'node:crypto';
import type { MigrationProgress, SqlSession } from '../../core/dialect-contract.js';

export const PROGRESS_TABLE = 'dbgen_migration_progress';
const LOCK_PREFIX = 'dbgen_migrations:';
/** MySQL refuses longer lock names (ER_USER_LOCK_WRONG_NAME). */
const LOCK_NAME_MAX = 64;
/** Seconds a runner waits for another's lock before failing. */
const LOCK_WAIT_SECONDS = 600;

/**
 * The migration lock of one database. GET_LOCK names are server-wide, so the name carries
 * the database: runs on two databases of one server do not wait for each other. A name
 * past 64 characters (a database name may have 64 of its own) takes a hash of the
 * database name instead, still one name per database.
 */
export function migrationLockName(database: string): string {
  const plain = `${LOCK_PREFIX}${database}`;
  if (plain.length <= LOCK_NAME_MAX) return plain;
  return `${LOCK_PREFIX}${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/** Takes the named migration lock for a run; resolves to its release. */
export async function lockMigrations(session: SqlSession): Promise<() => Promise<void>> {
  const current = await session.query(`SELECT DATABASE() AS "db"`);
  const name = migrationLockName(String(current[0]?.['db'] ?? ''));
  const rows = await session.query(`SELECT GET_LOCK(?, ?) AS "locked"`, [name, LOCK_WAIT_SECONDS]);
  if (Number(rows[0]?.['locked']) !== 1) {
    throw new Error(
      `another migration run has held the lock "${name}" for ${LOCK_WAIT_SECONDS} s; ` +
        'wait for it to finish (or end its session) and run again',
    );
  }
  return async () => {
    // A lost connection releases the lock by itself; never hide the run's own error.
    await session.query(`SELECT RELEASE_LOCK(?)`, [name]).catch(() => undefined);
  };
}

/** Whether a table of the current database exists (information_schema, nothing created). */
export async function tableExists(session: SqlSession, name: string): Promise<boolean> {
  const rows = await session.query(
    'SELECT 1 AS "present" FROM information_schema.tables ' +
      'WHERE table_schema = DATABASE() AND table_name = ?',
    [name],
  );
  return rows.length > 0;
}

export const mysqlProgress: MigrationProgress = Object.freeze({
  table: PROGRESS_TABLE,
  async ensure(session: SqlSession): Promise<void> {
    await session.query(`CREATE TABLE IF NOT EXISTS "${PROGRESS_TABLE}" (
  "revision" varchar(64) NOT NULL,
  "direction" varchar(4) NOT NULL,
  "done" integer NOT NULL,
  PRIMARY KEY ("revision", "direction")
)`);
  },
  async read(session: SqlSession, revision: string, direction: 'up' | 'down'): Promise<number> {
    const rows = await session.query(
      `SELECT "done" FROM "${PROGRESS_TABLE}" WHERE "revision" = ? AND "direction" = ?`,
      [revision, direction],
    );
    return rows.length === 0 ? 0 : Number(rows[0]?.['done']);
  },
  async record(
    session: SqlSession,
    revision: string,
    direction: 'up' | 'down',
    done: number,
  ): Promise<void> {
    await session.query(
      `INSERT INTO "${PROGRESS_TABLE}" ("revision", "direction", "done") VALUES (?, ?, ?) ` +
        'ON DUPLICATE KEY UPDATE "done" = VALUES("done")',
      [revision, direction, done],
    );
  },
  async forget(session: SqlSession, revision: string, direction: 'up' | 'down'): Promise<void> {
    await session.query(
      `DELETE FROM "${PROGRESS_TABLE}" WHERE "revision" = ? AND "direction" = ?`,
      [revision, direction],
    );
  },
});
