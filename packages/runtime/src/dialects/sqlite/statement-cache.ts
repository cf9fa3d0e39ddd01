/**
 * Statements kept prepared per database handle, by SQL text.
 *
 * Why: `Database#all(sql)` and `Database#run(sql)` in `sqlite3` prepare, run and finalize
 * a statement as separate jobs on the driver's worker threads, and the main thread hands
 * each to the next. A statement prepared once runs as one job: it stays with the worker
 * until it is done, whatever the main thread does meanwhile (the ORM's autoflush walk runs
 * while a `get`'s SELECT is in flight, session.ts), and its text is parsed once. Measured
 * on the peer benchmark: docs/orm.md, "Where the time goes".
 *
 * Kept: statements run with `all` (it steps to the end), and those run with `run` that
 * cannot yield a row (the compiler's INSERT, UPDATE and DELETE without RETURNING, and
 * transaction control), which end at their one step. So a kept statement never holds a
 * read or an unfinished write between uses; a text that might yield a row under `run`
 * would stay open, and is run once and finalized as before. A statement that failed is
 * finalized and forgotten (it may have stopped mid-step); SQLite prepares a kept one
 * again by itself after a schema change; every kept statement is finalized before its
 * handle closes (SQLite refuses to close a handle with statements open).
 */
import type sqlite3 from 'sqlite3';
import type { DriverRow } from '../../core/driver.js';

/** Statements kept per handle; past this the oldest is finalized. */
const MAX_STATEMENTS = 100;
/** Longer texts are prepared for one use (a kept statement holds its compiled program). */
const MAX_TEXT = 50_000;

/** The rows, or the error (and no rows). */
type RowsDone = (error: Error | null, rows: DriverRow[]) => void;
/** What `run` reports: the change count and the last rowid, or the error. */
type RunDone = (error: Error | null, changes: number, lastID: number) => void;

const caches = new WeakMap<sqlite3.Database, Map<string, sqlite3.Statement>>();

/** `db.all(sql, parameters)` on the statement kept for `sql`. */
export function allKept(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  done: RowsDone,
): void {
  withKept(
    db,
    sql,
    (statement, ended) =>
      statement.all(parameters as unknown[], (error: Error | null, rows: DriverRow[]) => {
        ended(error);
        done(error, rows);
      }),
    (error) => done(error, []),
  );
}

/** `db.run(sql, parameters)` on the statement kept for `sql`, which must yield no row. */
export function runKept(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  done: RunDone,
): void {
  withKept(
    db,
    sql,
    (statement, ended) =>
      statement.run(
        parameters as unknown[],
        function (this: sqlite3.RunResult, error: Error | null) {
          ended(error);
          if (error !== null) done(error, 0, 0);
          else done(null, this.changes, this.lastID);
        },
      ),
    (error) => done(error, 0, 0),
  );
}

/**
 * Runs `use` on the statement kept for `sql` (prepared and kept on first use); `use`
 * calls `ended` with the run's error, or null. `failed` gets an error of the prepare.
 */
function withKept(
  db: sqlite3.Database,
  sql: string,
  use: (statement: sqlite3.Statement, ended: (error: Error | null) => void) => void,
  failed: (error: Error) => void,
): void {
  const kept = caches.get(db)?.get(sql);
  if (kept !== undefined) return use(kept, (error) => error !== null && forget(db, sql, kept));
  const statement = db.prepare(sql, (error: Error | null) => {
    // A failed prepare finalizes its statement itself.
    if (error !== null) return failed(error);
    if (sql.length > MAX_TEXT) return use(statement, () => statement.finalize());
    keep(db, sql, statement);
    use(statement, (e) => e !== null && forget(db, sql, statement));
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
