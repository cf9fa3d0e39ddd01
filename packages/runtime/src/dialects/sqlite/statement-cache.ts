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
 * yield no row: transaction control, and the compiler's writes without RETURNING (its
 * shape 'count'), so a kept statement never holds a read or an unfinished write between
 * uses. `run` steps once, and a write does yield a row under `pragma count_changes`,
 * which would leave it open, holding the write lock with its change uncommitted: a handle
 * that has seen a text naming that pragma keeps no more writes (others are prepared for
 * one use, as before; `pragma` is per connection, so this one sees every change). A text
 * with parameter markers run without parameters is not kept either: `sqlite3` binds
 * nothing then, and the previous run's values would stay bound. A statement that failed
 * is finalized and forgotten (it may have stopped mid-step); SQLite prepares a kept one
 * again by itself after a schema change; every kept statement is finalized before its
 * handle closes (SQLite refuses to close a handle with statements open), each exactly
 * once (a second finalize is an 'error' event nobody hears: the process would exit).
 */
import type sqlite3 from 'sqlite3';
import type { DriverRow, ResultShape } from '../../core/driver.js';

/** Statements kept per handle; past this the oldest is finalized. */
const MAX_STATEMENTS = 100;
/** Longer texts are prepared for one use (a kept statement holds its compiled program). */
const MAX_TEXT = 50_000;

/** Transaction control: `run` texts kept on any handle. */
const CONTROL = /^\s*(?:begin|commit|end|rollback|savepoint|release)\b/i;
/** The pragma that makes writes yield a row (see the header). */
const COUNT_CHANGES = /count_changes/i;
/** Parameter markers (or text that looks like one: such a text is simply not kept). */
const MARKER = /[?:@$]/;

/** The rows, or the error (and no rows). */
type RowsDone = (error: Error | null, rows: DriverRow[]) => void;

const caches = new WeakMap<sqlite3.Database, Map<string, sqlite3.Statement>>();
/** Statements finalized, or queued to be (see {@link retire}). */
const retired = new WeakSet<sqlite3.Statement>();
/** Handles whose writes may yield a row (`pragma count_changes` was named there). */
const writesYieldRows = new WeakSet<sqlite3.Database>();

/** Whether `db.all(sql, parameters)` may run on a kept statement. */
export function keepsAll(sql: string, parameters: readonly unknown[]): boolean {
  return sql.length <= MAX_TEXT && (parameters.length > 0 || !MARKER.test(sql));
}

/**
 * Whether `db.run(sql, parameters)` may run on a kept statement: transaction control, or
 * the compiler's write (`shape` 'count': a statement of no row) on a handle where writes
 * yield none. Every text run on `db` passes here first: a raw one (`shape` 'unknown'; the
 * compiler writes no pragma) naming {@link COUNT_CHANGES} marks the handle.
 */
export function keepsRun(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  shape: ResultShape,
): boolean {
  if (shape === 'unknown' && COUNT_CHANGES.test(sql)) writesYieldRows.add(db);
  if (!keepsAll(sql, parameters)) return false;
  return CONTROL.test(sql) || (shape === 'count' && !writesYieldRows.has(db));
}

/** `db.all(sql, parameters)` on the statement kept for `sql` (where {@link keepsAll}). */
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

/**
 * `db.run(sql, parameters)` on the statement kept for `sql` (where {@link keepsRun}); `done`
 * gets the change count and the last rowid, or the error.
 */
export function runKept(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  done: (error: Error | null, changes: number, lastID: number) => void,
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
  if (before !== undefined) retire(before);
  else if (cache.size >= MAX_STATEMENTS) {
    const [oldestSql, oldest] = cache.entries().next().value as [string, sqlite3.Statement];
    cache.delete(oldestSql);
    retire(oldest);
  }
  cache.set(sql, statement);
}

function forget(db: sqlite3.Database, sql: string, statement: sqlite3.Statement): void {
  const cache = caches.get(db);
  if (cache?.get(sql) === statement) cache.delete(sql);
  retire(statement);
}

/**
 * Finalizes `statement` once, whoever retires it first: the cache replacing or evicting
 * it, its failure, or its handle closing (sqlite3 queues it behind a run in progress).
 */
function retire(statement: sqlite3.Statement): void {
  if (retired.has(statement)) return;
  retired.add(statement);
  statement.finalize(() => undefined);
}

/** Finalizes every statement kept for `db`: called before the handle closes. */
export function finalizeKept(db: sqlite3.Database): void {
  const cache = caches.get(db);
  if (cache === undefined) return;
  caches.delete(db);
  for (const statement of cache.values()) retire(statement);
}
