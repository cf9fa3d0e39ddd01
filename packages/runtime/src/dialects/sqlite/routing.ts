/**
 * Which connection a statement goes to, read from its first word: BEGIN and the end of a
 * transaction are handled by the lent connection; SELECT / WITH / VALUES / EXPLAIN try a
 * reader (a WITH that writes fails there with SQLITE_READONLY and moves to the writer);
 * everything else (DML, DDL, PRAGMA, SAVEPOINT, ATTACH, ...) goes to the writer, and so
 * does a SELECT the compiler marked FOR UPDATE ({@link LOCKING_READ_MARK}): in a
 * transaction it takes the write lock there, which SQLite has instead of row locks.
 */
import { LOCKING_READ_MARK } from '../../core/dialect.js';

export type Route = 'begin' | 'end' | 'read' | 'write';

const BEGIN = /^\s*begin\b/i;
/** BEGIN IMMEDIATE / EXCLUSIVE: the transaction takes the writer at once. */
const LOCKING_BEGIN = /^\s*begin\s+(?:immediate|exclusive)\b/i;
/** COMMIT, END, ROLLBACK — but not ROLLBACK TO (a savepoint). */
const END = /^\s*(?:commit|end)\b|^\s*rollback(?:\s+transaction)?\s*;?\s*$/i;
const READ = /^\s*(?:select|with|values|explain)\b/i;

export function routeOf(sql: string): Route {
  if (sql.startsWith(LOCKING_READ_MARK)) return 'write';
  if (READ.test(sql)) return 'read';
  if (BEGIN.test(sql)) return 'begin';
  if (END.test(sql)) return 'end';
  return 'write';
}

export function takesWriterAtBegin(sql: string): boolean {
  return LOCKING_BEGIN.test(sql);
}

/**
 * The dialect's BEGIN for READ COMMITTED (and READ UNCOMMITTED): a plain SQLite BEGIN to
 * the database, marked for the lent connection, which begins nothing on a reader: each
 * read runs on its own there and sees the latest commits, as each statement of a
 * PostgreSQL READ COMMITTED transaction does, and the transaction begins (BEGIN
 * IMMEDIATE) on the writer at its first write. A plain `BEGIN` (the user's, or a
 * read-only transaction's) keeps SQLite's own meaning: one snapshot from its first read.
 */
export const READ_COMMITTED_BEGIN = 'begin /* read committed */';

/** True for the error a read-only connection gives for a statement that writes. */
export function isReadOnlyRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_READONLY';
}
