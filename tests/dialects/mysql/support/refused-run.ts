/** Helpers for the MySQL refusal tests: what a refused run printed, and what it left. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDatabase } from '../../../migrate/support/databases.js';
import { liveSchema, migrate, query } from '../../../migrate/support/run.js';
import { compileDbml } from '../../../migrate/schema-depth/support.js';

/** The run's stderr without the `database: ...` line, one line per entry. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l !== '' && !l.startsWith('database: '));
}

/** Every table and view in the database, dbgen's own included. */
export async function allTables(url: string): Promise<string[]> {
  const rows = await query(
    url,
    'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = database()',
  );
  return rows.map((r) => String(r['t']));
}

/** The database's tables, dbgen's own left out. */
export async function userTables(url: string): Promise<string[]> {
  const live = await liveSchema(url);
  return live.tables.map((t) => t.name).filter((n) => !n.startsWith('dbgen_'));
}

/** A hand-written migration: `migrate new --empty`, its up and down filled in. */
export async function handWritten(
  db: TestDatabase,
  name: string,
  up: string,
  down = '',
): Promise<string> {
  await migrate(db.dir, db.url, ['new', name, '--empty']);
  const dir = join(db.dir, 'migrations');
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith(`_${name}.js`)) as string);
  const text = readFileSync(file, 'utf8')
    .replace('export const up = (op) => [];', `export const up = (op) => [${up}];`)
    .replace('export const down = (op) => [];', `export const down = (op) => [${down}];`);
  writeFileSync(file, text);
  return file;
}

/** Compiles `dbml` into `file` in the database's folder and migrates the database to it. */
export async function migratedTo(db: TestDatabase, file: string, dbml: string): Promise<void> {
  compileDbml(db.dir, file, dbml);
  await migrate(db.dir, db.url, ['new', 'initial', '--schema', file]);
  await migrate(db.dir, db.url, ['up']);
}
