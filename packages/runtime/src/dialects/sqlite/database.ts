/**
 * One `sqlite3` database handle: opening it (the writer read-write with WAL, a reader
 * read-only), and running a statement or a stream of rows on it.
 */
import sqlite3 from 'sqlite3';
import type { DriverResult, DriverRow, ResultShape } from '../../core/driver.js';
import { ConnectionError, QueryError } from '../../core/errors.js';
import { mapSqliteError } from './errors.js';
import { secondStatementAt } from './statement-tail.js';
import { allKept, finalizeKept, keepsAll, keepsRun, runKept } from './statement-cache.js';

export interface OpenedDatabase {
  readonly db: sqlite3.Database;
  /** The writer only: whether the file is in WAL mode (readers beside it need that). */
  readonly wal: boolean;
}

/**
 * Opens the file: the writer read-write (created if missing) with foreign keys on and
 * WAL journaling; a reader read-only, so that a statement that would write fails with
 * SQLITE_READONLY (and is run again on the writer) instead of writing beside it.
 */
export function openDatabase(
  filename: string,
  role: 'writer' | 'reader',
  busyTimeoutMs: number,
): Promise<OpenedDatabase> {
  const mode =
    role === 'reader' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(filename, mode, (err) => {
      if (err) {
        reject(
          new ConnectionError(`could not open SQLite database "${filename}": ${err.message}`, {
            cause: err,
          }),
        );
        return;
      }
      db.configure('busyTimeout', busyTimeoutMs);
      if (role === 'reader' || filename === ':memory:') {
        db.exec(SESSION_PRAGMAS, (e) =>
          e ? reject(mapSqliteError(e, SESSION_PRAGMAS, [])) : resolve({ db, wal: false }),
        );
        return;
      }
      const pragma = `${SESSION_PRAGMAS}; pragma journal_mode = wal`;
      db.exec(SESSION_PRAGMAS, (e) => {
        if (e) return reject(mapSqliteError(e, pragma, []));
        db.get('pragma journal_mode = wal', (e2: Error | null, row: { journal_mode?: string }) => {
          if (e2) reject(mapSqliteError(e2, pragma, []));
          else resolve({ db, wal: row?.journal_mode === 'wal' });
        });
      });
    });
  });
}

/**
 * Set on every connection. `case_sensitive_like`: SQLite's LIKE ignores the case of ASCII
 * letters by default, where PostgreSQL's and MariaDB's (binary collation) do not, so
 * `like('abc')` matched 'ABC' on SQLite only; `ilike` is written `lower() like lower()`
 * here and still ignores case.
 */
const SESSION_PRAGMAS = 'pragma foreign_keys = on; pragma case_sensitive_like = on';

/** Whether a statement yields rows, guessed from its text when the compiler did not say. */
const ROWS_FIRST_WORD = /^\s*(?:select|with|values|pragma|explain)\b/i;
const RETURNING = /\breturning\b/i;

/**
 * The error for a text of several statements, or null: the driver would run the first and
 * drop the rest without a word (statement-tail.ts), so none is run.
 */
function severalStatements(sql: string, parameters: readonly unknown[]): QueryError | null {
  const at = secondStatementAt(sql);
  if (at === -1) return null;
  const second = sql.slice(at, at + 40).replace(/\s+/g, ' ');
  return new QueryError(
    `this SQL text holds more than one statement (the second starts at character ${at}: ` +
      `"${second}${sql.length > at + 40 ? '...' : ''}"); SQLite runs only the first and drops ` +
      'the rest, so none was run: send the statements one at a time',
    { sql, parameters },
  );
}

/** Runs one statement: `all` when it yields rows, else `run` (for the change count). */
export function runOn(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  shape: ResultShape,
  done: (error: Error | null, result?: DriverResult) => void,
): void {
  const several = severalStatements(sql, parameters);
  if (several !== null) return done(several);
  const wantsRows =
    shape === 'rows' || (shape === 'unknown' && (ROWS_FIRST_WORD.test(sql) || RETURNING.test(sql)));
  // Asked first of every text: it notes a pragma that makes writes yield rows.
  const keptRun = keepsRun(db, sql, parameters, shape);
  if (wantsRows && keepsAll(sql, parameters)) {
    allKept(db, sql, parameters, (err, rows) => {
      if (err) done(err);
      else done(null, { rows, rowCount: rows.length });
    });
  } else if (wantsRows) {
    db.all(sql, parameters as unknown[], (err: Error | null, rows: DriverRow[]) => {
      if (err) done(err);
      else done(null, { rows, rowCount: rows.length });
    });
  } else if (keptRun) {
    runKept(db, sql, parameters, (err, changes, lastID) => {
      if (err) done(err);
      else done(null, { rows: [], rowCount: changes, lastInsertRowid: lastID });
    });
  } else {
    db.run(sql, parameters as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
      if (err) done(err);
      else done(null, { rows: [], rowCount: this.changes, lastInsertRowid: this.lastID });
    });
  }
}

/** {@link runOn} as a promise. */
export function queryOn(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  shape: ResultShape,
): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    runOn(db, sql, parameters, shape, (error, result) => {
      if (error) reject(error);
      else resolve(result!);
    });
  });
}

/** Rows of a prepared statement in batches of `batchSize`, finalized however it ends. */
export async function* streamOn(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  batchSize: number,
): AsyncIterable<DriverRow[]> {
  const several = severalStatements(sql, parameters);
  if (several !== null) throw several;
  const statement = await new Promise<sqlite3.Statement>((resolve, reject) => {
    const s = db.prepare(sql, parameters as unknown[], (err: Error | null) =>
      err ? reject(err) : resolve(s),
    );
  });
  try {
    for (;;) {
      const batch: DriverRow[] = [];
      while (batch.length < batchSize) {
        const row = await new Promise<DriverRow | undefined>((resolve, reject) =>
          statement.get((err: Error | null, r: DriverRow | undefined) =>
            err ? reject(err) : resolve(r),
          ),
        );
        if (row === undefined) break;
        batch.push(row);
      }
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) return;
    }
  } finally {
    await new Promise<void>((resolve) => statement.finalize(() => resolve()));
  }
}

export function closeDatabase(db: sqlite3.Database): Promise<void> {
  finalizeKept(db);
  return new Promise((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())));
}
