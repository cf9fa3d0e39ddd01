/**
 * Row-returning statements kept prepared per database handle, by SQL text.
 *
 * Why: `Database#all(sql)` in `sqlite3` prepares, runs and finalizes a statement as three
 * jobs on the driver's worker threads, and the main thread hands each to the next. A
 * statement prepared once runs as one job: it stays with the worker until its rows are
 * ready, whatever the main thread does meanwhile (the ORM's autoflush walk runs while a
 * `get`'s SELECT is in flight, session.ts), and its text is parsed once. Measured on the
 * peer benchmark's W1 (2,000 key lookups): docs/orm.md, "Where the time goes".
 *
 * Only statements run with `all` are kept: `all` steps to the end, so a kept statement
 * never holds a read or an unfinished write between uses (`run` steps once, and a text
 * that yields a row would stay open). A statement that failed is finalized and forgotten
 * (it may have stopped mid-step); SQLite prepares a kept one again by itself after a
 * schema change; every kept statement is finalized before its handle closes (SQLite
 * refuses to close a handle with statements open).
 */
import type sqlite3 from 'sqlite3';
import type { DriverRow } from '../../core/driver.js';

/** Statements kept per handle; past this the oldest is finalized. */
const MAX_STATEMENTS = 100;
/** Longer texts are prepared for one use (a kept statement holds its compiled program). */
const MAX_TEXT = 50_000;

/** The rows, or the error (and no rows). */
type RowsDone = (error: Error | null, rows: DriverRow[]) => void;

const caches = new WeakMap<sqlite3.Database, Map<string, sqlite3.Statement>>();

/** `db.all(sql, parameters)` on the statement kept for `sql`, prepared and kept on first use. */
export function allCached(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  done: RowsDone,
): void {
  if (sql.length > MAX_TEXT) {
    db.all(sql, parameters as unknown[], (error: Error | null, rows: DriverRow[]) =>
      done(error, rows),
    );
    return;
  }
  const kept = caches.get(db)?.get(sql);
  if (kept !== undefined) return allOn(db, sql, kept, parameters, done);
  const statement = db.prepare(sql, (error: Error | null) => {
    // A failed prepare finalizes its statement itself.
    if (error !== null) return done(error, []);
    keep(db, sql, statement);
    allOn(db, sql, statement, parameters, done);
  });
}

function allOn(
  db: sqlite3.Database,
  sql: string,
  statement: sqlite3.Statement,
  parameters: readonly unknown[],
  done: RowsDone,
): void {
  statement.all(parameters as unknown[], (error: Error | null, rows: DriverRow[]) => {
    if (error !== null) forget(db, sql, statement);
    done(error, rows);
  });
}

function keep(db: sqlite3.Database, sql: string, statement: sqlite3.Statement): void {
  let cache = caches.get(db);
  if (cache === undefined) caches.set(db, (cache = new Map()));
  // Two first uses of one text side by side: the later statement replaces the earlier,
  // which is finalized once its run ends (sqlite3 queues the finalize behind it).
  const before = cache.get(sql);
  if (before !== undefined) before.finalize();
  else if (cache.size >= MAX_STATEMENTS) {
    const [oldestSql, oldest] = cache.entries().next().value as [string, sqlite3.Statement];
    cache.delete(oldestSql);
    oldest.finalize();
  }
  cache.set(sql, statement);
}

function forget(db: sqlite3.Database, sql: string, statement: sqlite3.Statement): void {
  const cache = caches.get(db);
  if (cache?.get(sql) === statement) cache.delete(sql);
  statement.finalize();
}

/** Finalizes every statement kept for `db`: called before the handle closes. */
export function finalizeKept(db: sqlite3.Database): void {
  const cache = caches.get(db);
  if (cache === undefined) return;
  caches.delete(db);
  for (const statement of cache.values()) statement.finalize();
}
