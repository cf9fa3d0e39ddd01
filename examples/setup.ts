/**
 * What every example shares: a fresh database holding the example schema's tables, an
 * engine on it, and a printer for results. An example file exports its steps as
 * `run(context)` and calls `runIfMain(import.meta.url, run)`, so that it runs alone
 * (`npx tsx examples/raw-sql.ts`) and the demo (`npm run demo`) can run it too.
 *
 * The database is a new SQLite file in the system's temp folder, removed at the end; with
 * DATABASE_URL set it is that database instead (use an empty scratch database: the
 * example creates the schema's tables there and drops them when it ends).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createEngine,
  createSchemaSql,
  HISTORY_TABLE,
  sql,
  type DialectName,
  type EchoOption,
  type Engine,
  type SchemaIR,
} from '@dbgen/runtime';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaFile = join(repoRoot, 'schema.example.dbml');

/** What an example's `run` receives. */
export interface ExampleContext {
  /** The engine on the example's database (echoing SQL when asked). */
  readonly engine: Engine;
  readonly url: string;
  readonly dialect: DialectName;
  /** Prints a heading for the next step. */
  step(title: string): void;
  /** Prints rows as a table (`label` above it). */
  show(label: string, rows: readonly object[]): void;
  /** Prints one line. */
  say(line: string): void;
}

export type Example = (context: ExampleContext) => Promise<void>;

let cachedIR: SchemaIR | null = null;

/** The example schema's IR, compiled from schema.example.dbml by dbgen's generator. */
export async function exampleSchema(): Promise<SchemaIR> {
  if (cachedIR) return cachedIR;
  // Imported here, not at the top: tests/support/ir.ts re-exports `withoutExpressionIndexes`
  // from this file, and the tests that use only that need not load the generator.
  const { compileSchema } = await import('@dbgen/generator');
  const result = await compileSchema(schemaFile);
  if (!result.ir) {
    const messages = result.diagnostics.map((d) => d.message).join('\n');
    throw new Error(`${schemaFile} does not compile:\n${messages}`);
  }
  cachedIR = result.ir;
  return cachedIR;
}

export function dialectOf(url: string): DialectName {
  if (/^(mysql|mariadb):/.test(url)) return 'mysql';
  return url.startsWith('postgres') ? 'postgres' : 'sqlite';
}

/**
 * The schema without its expression indexes, which MariaDB lacks (MySQL 8.0.13+ has them):
 * the example's `lower(email)`. The examples do not depend on it. The tests use it too
 * (tests/support/ir.ts re-exports it): one definition for both.
 */
export function withoutExpressionIndexes(ir: SchemaIR): SchemaIR {
  return {
    ...ir,
    tables: ir.tables.map((t) => ({
      ...t,
      indexes: t.indexes.filter((i) => i.parts.every((p) => p.kind === 'column')),
    })),
  };
}

/** Creates every table, type and index of the example schema (what `dbgen sql` prints). */
export async function createExampleTables(engine: Engine, dialect: DialectName): Promise<void> {
  const ir = await exampleSchema();
  const existing = await engine.execute<{ n: number }>(
    dialect === 'postgres'
      ? sql`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'users'`
      : dialect === 'mysql'
        ? sql`select count(*) as n from information_schema.tables where table_schema = database() and table_name = 'users'`
        : sql`select count(*) as n from sqlite_master where type = 'table' and name = 'users'`,
  );
  if (Number(existing.rows[0]?.n) > 0) {
    throw new Error(
      'the database already has a "users" table: the examples need an empty scratch database',
    );
  }
  const tables = dialect === 'mysql' ? withoutExpressionIndexes(ir) : ir;
  for (const statement of createSchemaSql(tables, dialect))
    await engine.execute(sql.raw(statement));
}

/**
 * Drops the example schema's tables and types, and dbgen's migration history, where they
 * exist (an example may have stopped half-way, or made them through migrations).
 */
export async function dropExampleTables(engine: Engine, dialect: DialectName): Promise<void> {
  const ir = await exampleSchema();
  const cascade = dialect === 'postgres' ? sql` cascade` : sql``;
  // MySQL has no DROP ... CASCADE: one session with foreign key checks off drops them all.
  const connection = await engine.connect();
  try {
    if (dialect === 'mysql') await connection.execute(sql`set foreign_key_checks = 0`);
    for (const table of [...ir.tables].reverse()) {
      await connection.execute(sql`drop table if exists ${sql.id(table.name)}${cascade}`);
    }
    await connection.execute(sql`drop table if exists ${sql.id(HISTORY_TABLE)}`);
    if (dialect === 'mysql') {
      await connection.execute(sql`drop table if exists ${sql.id('dbgen_migration_progress')}`);
      await connection.execute(sql`set foreign_key_checks = 1`);
    }
  } finally {
    await connection.release();
  }
  if (dialect === 'postgres') {
    for (const type of ir.enums)
      await engine.execute(sql`drop type if exists ${sql.id(type.name)}`);
  }
}

/** Formats rows the way psql does: a header, a rule, one line per row. */
export function formatTable(rows: readonly object[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return 'null';
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
  const cells = rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]): string =>
    ` ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')}`.trimEnd();
  return [
    line(columns),
    `-${widths.map((w) => '-'.repeat(w)).join('-+-')}-`,
    ...cells.map(line),
    `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`,
  ].join('\n');
}

/** Printing helpers on top of `print` (console.log by default). */
export function printer(print: (line: string) => void = console.log) {
  return {
    step: (title: string) => print(`\n-- ${title}`),
    show: (label: string, rows: readonly object[]) => print(`${label}:\n${formatTable(rows)}`),
    say: (line: string) => print(line),
  };
}

/** DBGEN_ECHO=1 echoes each statement; DBGEN_ECHO=debug adds its parameter values. */
function echoFromEnv(): EchoOption {
  const value = process.env['DBGEN_ECHO'];
  return value === 'debug' ? 'debug' : value === '1' || value === 'true';
}

async function withQuietEngine(url: string, work: (engine: Engine) => Promise<void>) {
  const engine = createEngine(url);
  try {
    await work(engine);
  } finally {
    await engine.close();
  }
}

/** An engine on a fresh example database, and `close()` that removes it again. */
export async function openExampleDatabase(
  options: {
    url?: string;
    echo?: EchoOption;
    print?: (line: string) => void;
    /** Create the example schema's tables (default true; the migrations example makes its own). */
    createTables?: boolean;
    /** Leave the tables in place at close() (the demo's --keep). */
    keep?: boolean;
  } = {},
): Promise<ExampleContext & { close(): Promise<void> }> {
  const tempFile = join(tmpdir(), `dbgen-example-${process.pid}-${Date.now()}.db`);
  const url = options.url ?? process.env['DATABASE_URL'] ?? `sqlite:${tempFile}`;
  const dialect = dialectOf(url);
  const print = options.print ?? console.log;
  // The tables are made (and dropped) on an engine of their own, so that the echo shows
  // only the example's statements.
  const createTables = options.createTables ?? true;
  if (createTables) await withQuietEngine(url, (quiet) => createExampleTables(quiet, dialect));
  const engine = createEngine({
    url,
    echo: options.echo ?? echoFromEnv(),
    logger: (line) => print(`  ${line.replace(/^\[dbgen\] [\d.]+ ms /, 'SQL> ')}`),
  });
  return {
    engine,
    url,
    dialect,
    ...printer(print),
    async close() {
      await engine.close();
      if (url !== `sqlite:${tempFile}`) {
        if (!options.keep) await withQuietEngine(url, (quiet) => dropExampleTables(quiet, dialect));
      } else {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          rmSync(tempFile + suffix, { force: true });
      }
    },
  };
}

/** Runs `example` on a fresh database when its file is the program being run. */
export async function runIfMain(
  moduleUrl: string,
  example: Example,
  options: { createTables?: boolean } = {},
): Promise<void> {
  const script = process.argv[1];
  if (script === undefined || fileURLToPath(moduleUrl) !== resolve(script)) return;
  const context = await openExampleDatabase(options);
  try {
    await example(context);
  } finally {
    await context.close();
  }
}
