/** Helpers for migrate tests: the CLI in-process, and a database's schema by introspection. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectForMigrations, introspect, type Row, type SchemaIR } from '@dbgen/runtime';
import { runCli, type CliRun } from '../../support/cli.js';

export { runCli };

/**
 * `dbgen migrate <args> --url <url>` in `dir`; fails the test when the exit code differs.
 * The `database: …` line naming the database (tests/cli/database-url.test.ts) is left out
 * of the stderr returned.
 */
export async function migrate(
  dir: string,
  url: string,
  args: string[],
  expectCode = 0,
): Promise<CliRun> {
  const full = await runCli(['migrate', ...args, '--url', url], dir);
  const run = { ...full, stderr: full.stderr.replace(/^database: .*(\n|$)/, '') };
  if (run.code !== expectCode) {
    throw new Error(
      `dbgen migrate ${args.join(' ')} exited ${run.code} (expected ${expectCode}):\n${run.stdout}\n${run.stderr}`,
    );
  }
  return run;
}

/** Writes `ir` as the schema file `schema.json` in `dir`; returns its name. */
export function writeSchema(dir: string, ir: SchemaIR): string {
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(ir));
  return 'schema.json';
}

/** `ir` with each table's columns sorted by name (PostgreSQL appends re-added columns). */
export function sortedColumns(ir: SchemaIR): SchemaIR {
  return {
    ...ir,
    tables: ir.tables.map((t) => ({
      ...t,
      columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)),
    })),
  };
}

/** The live schema, columns sorted by name. */
export async function liveSchema(url: string): Promise<SchemaIR> {
  const connection = await connectForMigrations(url);
  try {
    return sortedColumns(await introspect(connection));
  } finally {
    await connection.close();
  }
}

/** Runs SQL on `url` and returns the rows. */
export async function query(url: string, sql: string): Promise<Row[]> {
  const connection = await connectForMigrations(url);
  try {
    return await connection.query(sql);
  } finally {
    await connection.close();
  }
}
