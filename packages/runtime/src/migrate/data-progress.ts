/**
 * Where a data migration step got to, kept in the database (`dbgen_data_progress`) on
 * every dialect: one row per migration, direction and step, holding the primary key of
 * the last row done (the keyset cursor) and the count of rows done. Each batch writes its
 * rows and this row in one transaction, so after a crash or a kill the cursor names
 * exactly the rows already changed: the next run resumes after it, redoing none and
 * skipping none. The migration's last transaction deletes its rows.
 *
 * The SQL is plain enough for every built-in dialect (no upsert: delete then insert, in
 * the caller's transaction), with the dialect's placeholders.
 */
import { dialectNamed } from '../core/dialect-lookup.js';
import type { SqlSession } from '../core/dialect-contract.js';
import { quoteIdent } from '../schema/render.js';

/** The progress table's name; introspection leaves it out. */
export const DATA_PROGRESS_TABLE = 'dbgen_data_progress';

const table = quoteIdent(DATA_PROGRESS_TABLE);

/** How far one data step of one migration run got. */
export interface DataStepProgress {
  /** The step's position in the migration's `up` or `down` list (0-based). */
  readonly step: number;
  /** The primary key of the last row done, as JSON (`null`: no batch committed yet). */
  readonly cursor: string | null;
  /** Rows done so far, over every run. */
  readonly rows: number;
  /** The step finished (a later step or the migration's DDL after it failed). */
  readonly finished: boolean;
}

function placeholders(dialect: string, count: number): string[] {
  const { placeholder } = dialectNamed(dialect);
  return Array.from({ length: count }, (_, i) => placeholder(i + 1));
}

export async function ensureDataProgressTable(session: SqlSession): Promise<void> {
  await session.query(`CREATE TABLE IF NOT EXISTS ${table} (
  "revision" varchar(64) NOT NULL,
  "direction" varchar(4) NOT NULL,
  "step" integer NOT NULL,
  "cursor" text,
  "rows_done" integer NOT NULL,
  "finished" integer NOT NULL,
  PRIMARY KEY ("revision", "direction", "step")
)`);
}

/** Every data step of `revision` (run in `direction`) an earlier run started, by step. */
export async function readDataProgress(
  session: SqlSession,
  dialect: string,
  revision: string,
  direction: 'up' | 'down',
): Promise<DataStepProgress[]> {
  const [a, b] = placeholders(dialect, 2);
  const rows = await session.query(
    `SELECT "step", "cursor", "rows_done", "finished" FROM ${table} ` +
      `WHERE "revision" = ${a} AND "direction" = ${b} ORDER BY "step"`,
    [revision, direction],
  );
  return rows.map((row) => ({
    step: Number(row['step']),
    cursor: row['cursor'] === null || row['cursor'] === undefined ? null : String(row['cursor']),
    rows: Number(row['rows_done']),
    finished: Number(row['finished']) === 1,
  }));
}

/** Records `progress` for a step (in the caller's transaction, beside the batch it follows). */
export async function recordDataProgress(
  session: SqlSession,
  dialect: string,
  revision: string,
  direction: 'up' | 'down',
  progress: DataStepProgress,
): Promise<void> {
  const [a, b, c] = placeholders(dialect, 3);
  await session.query(
    `DELETE FROM ${table} WHERE "revision" = ${a} AND "direction" = ${b} AND "step" = ${c}`,
    [revision, direction, progress.step],
  );
  const p = placeholders(dialect, 6);
  await session.query(
    `INSERT INTO ${table} ("revision", "direction", "step", "cursor", "rows_done", "finished") ` +
      `VALUES (${p.join(', ')})`,
    [revision, direction, progress.step, progress.cursor, progress.rows, progress.finished ? 1 : 0],
  );
}

/** Forgets the progress of `revision` in `direction` (its migration finished). */
export async function forgetDataProgress(
  session: SqlSession,
  dialect: string,
  revision: string,
  direction: 'up' | 'down',
): Promise<void> {
  const [a, b] = placeholders(dialect, 2);
  await session.query(`DELETE FROM ${table} WHERE "revision" = ${a} AND "direction" = ${b}`, [
    revision,
    direction,
  ]);
}

/** A data step another migration run (another revision or direction) left unfinished. */
export interface UnfinishedRun {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly step: number;
  readonly rows: number;
}

/**
 * The first unfinished data step of a run other than `revision` in `direction`: that run
 * committed part of its migration, and running anything else first would build on a
 * half-migrated schema.
 */
export async function unfinishedElsewhere(
  session: SqlSession,
  revision: string,
  direction: 'up' | 'down',
): Promise<UnfinishedRun | null> {
  const rows = await session.query(
    `SELECT "revision", "direction", "step", "rows_done" FROM ${table} ORDER BY "revision", "direction", "step"`,
  );
  const other = rows.find((r) => r['revision'] !== revision || r['direction'] !== direction);
  return other
    ? {
        revision: String(other['revision']),
        direction: other['direction'] === 'down' ? 'down' : 'up',
        step: Number(other['step']),
        rows: Number(other['rows_done']),
      }
    : null;
}
