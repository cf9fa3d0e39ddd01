/**
 * The history table (`dbgen_migrations`: revision, name, checksum, applied_at) and the
 * checks that keep it honest: every applied revision must still have its file, with the
 * same checksum. `stamp` is the documented way to accept the database as it is.
 */
import { basename } from 'node:path';
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import { HISTORY_TABLE } from './dialects.js';
import type { MigrationFile } from './files.js';
import { quoteIdent } from '../schema/render.js';

export interface HistoryRow {
  readonly revision: string;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string;
}

/** The history disagrees with the migration files. */
export class MigrationHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationHistoryError';
  }
}

const table = quoteIdent(HISTORY_TABLE);

export function historyTableSql(dialect: MigrationConnection['dialect']): string {
  const time = dialectNamed(dialect).migrations.appliedAtColumn;
  return `CREATE TABLE IF NOT EXISTS ${table} (
  "revision" varchar(64) NOT NULL PRIMARY KEY,
  "name" text NOT NULL,
  "checksum" varchar(64) NOT NULL,
  "applied_at" ${time}
)`;
}

function placeholders(dialect: MigrationConnection['dialect'], count: number): string {
  const { placeholder } = dialectNamed(dialect);
  return Array.from({ length: count }, (_, i) => placeholder(i + 1)).join(', ');
}

export async function ensureHistoryTable(connection: MigrationConnection): Promise<void> {
  await connection.query(historyTableSql(connection.dialect));
}

/**
 * Whether the history table exists, asked without creating it: read-only commands
 * (`migrate status`, `current`, `history`) must work for a role that may not create
 * tables, and must leave a database that was never migrated as it is.
 */
export function historyTableExists(connection: MigrationConnection): Promise<boolean> {
  return dialectNamed(connection.dialect).migrations.tableExists(connection, HISTORY_TABLE);
}

/** The history, or none when the table does not exist yet (never creates it). */
export async function readHistoryIfAny(connection: MigrationConnection): Promise<HistoryRow[]> {
  return (await historyTableExists(connection)) ? readHistory(connection) : [];
}

export async function readHistory(connection: MigrationConnection): Promise<HistoryRow[]> {
  const rows = await connection.query(
    `SELECT "revision", "name", "checksum", "applied_at" FROM ${table} ORDER BY "applied_at", "revision"`,
  );
  return rows.map((row) => ({
    revision: String(row['revision']),
    name: String(row['name']),
    checksum: String(row['checksum']),
    appliedAt:
      row['applied_at'] instanceof Date
        ? row['applied_at'].toISOString()
        : String(row['applied_at']),
  }));
}

/** The INSERT that records `migration` as applied (with its parameters). */
export function recordSql(
  dialect: MigrationConnection['dialect'],
  migration: MigrationFile,
): { sql: string; params: string[] } {
  return {
    sql: `INSERT INTO ${table} ("revision", "name", "checksum") VALUES (${placeholders(dialect, 3)})`,
    params: [migration.revision, migration.name, migration.checksum],
  };
}

export function forgetSql(dialect: MigrationConnection['dialect']): string {
  return `DELETE FROM ${table} WHERE "revision" = ${placeholders(dialect, 1)}`;
}

/**
 * The `stamp` command that accepts the database as it is: the revisions it is at (the
 * applied migrations, among those that have a file, that no applied migration follows).
 * Stamping an older revision instead would rewrite the history to end there, and the next
 * `up` would re-run what the database already holds. Two unmerged applied heads are both
 * named (`stamp` takes several revisions); stamping one would drop the other branch.
 */
function stampAdvice(history: readonly HistoryRow[], migrations: readonly MigrationFile[]): string {
  const applied = migrations.filter((m) => history.some((h) => h.revision === m.revision));
  // Inline rather than graph.ts's headsOf: graph.ts imports this file.
  const followed = new Set(applied.flatMap((m) => m.parents));
  const heads = applied.filter((m) => !followed.has(m.revision)).map((m) => m.revision);
  const command = `\`dbgen migrate stamp ${heads.length > 0 ? heads.join(' ') : 'base'}\``;
  return heads.length > 1
    ? `${command} (the database holds ${heads.length} unmerged branches, so every applied head is named: stamping one alone would drop the others)`
    : command;
}

/**
 * Checks `history` against the files and returns the index (in `migrations`) of the
 * current revision, -1 when nothing is applied. Throws {@link MigrationHistoryError}
 * naming the fix when a file is missing or changed.
 */
export function verifyHistory(
  history: readonly HistoryRow[],
  migrations: readonly MigrationFile[],
): number {
  let current = -1;
  // Missing files first: the advice for a changed file assumes every applied one has a file.
  const missing = history.find((row) => !migrations.some((m) => m.revision === row.revision));
  if (missing) {
    throw new MigrationHistoryError(
      `revision ${missing.revision} ("${missing.name}") is applied to the database but no migration file has it. ` +
        `Restore the file, or accept the database as it is: ${stampAdvice(history, migrations)} ` +
        `rewrites the history to end at the last applied revision that has a file (runs no migration).`,
    );
  }
  for (const row of history) {
    const index = migrations.findIndex((m) => m.revision === row.revision);
    const migration = migrations[index];
    if (!migration) continue;
    if (migration.checksum !== row.checksum && !migration.legacyChecksums?.includes(row.checksum)) {
      throw new MigrationHistoryError(
        `${basename(migration.path)} (revision ${row.revision}) changed after it was applied ` +
          `(checksum ${row.checksum.slice(0, 12)} recorded, ${migration.checksum.slice(0, 12)} now). ` +
          `Undo the edit, or accept the file as it is now: ${stampAdvice(history, migrations)} ` +
          `records the revisions the database is at, with the current checksums (runs no migration).`,
      );
    }
    current = Math.max(current, index);
  }
  return current;
}

/** Rewrites the history to "these revisions are applied" (none: base), running no DDL. */
export async function writeStamp(
  connection: MigrationConnection,
  migrations: readonly MigrationFile[],
  revisions: ReadonlySet<string>,
): Promise<void> {
  await connection.query(`DELETE FROM ${table}`);
  for (const migration of migrations.filter((m) => revisions.has(m.revision))) {
    const { sql, params } = recordSql(connection.dialect, migration);
    await connection.query(sql, params);
  }
}
