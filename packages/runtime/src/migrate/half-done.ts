/**
 * A migration stopped halfway on a dialect without transactional DDL (resumable.ts:
 * MySQL, MariaDB) leaves its first statements applied and a progress row counting them.
 * Resuming skips that many statements by position, so it is right only while the
 * database is as that run left it. Running another migration first (`migrate down`
 * reverting its parent, an `up` of another branch) changes the database under it, and
 * the later resume would record the migration applied with part of it missing. So while
 * such a row exists, only that migration, in that direction, may run.
 */
import type { MigrationProgress } from '../core/dialect-contract.js';
import { quoteIdent } from '../schema/render.js';
import type { MigrationConnection } from './connection.js';
import type { MigrationFile } from './files.js';
import { MigrationFailedError } from './run-errors.js';

/** Refuses to run `migration` in `direction` while another migration's statements are half applied. */
export async function refuseBesideHalfDone(
  connection: MigrationConnection,
  progress: MigrationProgress,
  migration: MigrationFile,
  direction: 'up' | 'down',
): Promise<void> {
  // done 0: the plan was written but no statement ran, so nothing is half applied.
  const rows = await connection.query(
    `SELECT "revision", "direction", "done" FROM ${quoteIdent(progress.table)} ` +
      'WHERE "done" > 0 ORDER BY "revision", "direction"',
  );
  const other = rows.find(
    (r) => r['revision'] !== migration.revision || r['direction'] !== direction,
  );
  if (!other) return;
  const revision = String(other['revision']);
  const otherDirection = other['direction'] === 'down' ? 'down' : 'up';
  const done = Number(other['done']);
  const statements = done === 1 ? 'statement 1 is' : `statements 1 to ${done} are`;
  throw new MigrationFailedError(
    `revision ${revision} stopped halfway through its ${otherDirection === 'up' ? 'upgrade' : 'downgrade'}: ` +
      `${statements} applied (${connection.dialect} DDL is not transactional; see ${progress.table}), ` +
      `so nothing else can run first: its resume skips those statements and needs the database as they left it. ` +
      `Finish it with \`dbgen migrate ${otherDirection === 'up' ? `up ${revision}` : 'down'}\` (it resumes where it stopped), ` +
      `or abandon it: undo ${done === 1 ? 'that statement' : 'those statements'} by hand, then run ` +
      `\`dbgen migrate abandon ${revision}\` (it forgets its row in ${progress.table}).`,
  );
}
