/**
 * `dbgen sql --dialect postgres|sqlite [--schema FILE]`: the CREATE statements for the
 * schema, in dependency order, for creating a database without migrations.
 *
 * Also home of what `migrate` and `pull` share: loading the schema IR, opening a
 * connection, and turning runtime errors into plain CLI errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  connectForMigrations,
  createSchemaSql,
  DatabaseUrlError,
  DataLossError,
  MigrationFailedError,
  MigrationFileError,
  MigrationHistoryError,
  MigrationStateError,
  RenameUndecidedError,
  type DialectName,
  type MigrationConnection,
  type SchemaIR,
} from '@dbgen/runtime';
import { compileSchema, renderDiagnostic } from '@dbgen/generator';
import { loadConfig } from '../config.js';
import { CliError } from '../errors.js';
import type { CommandContext } from '../main.js';

/**
 * The schema IR of `path`: a DBML file through the generator's `compileSchema`, or an IR
 * JSON file (a migration snapshot, say) as it is.
 */
export function loadSchemaIR(path: string): SchemaIR {
  if (path.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as SchemaIR;
    } catch (error) {
      throw new CliError(`${path}: cannot read the schema IR: ${(error as Error).message}`);
    }
  }
  if (!existsSync(path)) throw new CliError(`schema file not found: ${path}`);
  const result = compileSchema(path);
  if (!result.ir) {
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => renderDiagnostic(d, d.span ? (result.sources.get(d.span.file) ?? '') : ''));
    throw new CliError(
      `${path} has errors (run \`dbgen check\` for details):\n${errors.join('\n')}`,
    );
  }
  return result.ir;
}

export function parseDialect(value: string): DialectName {
  if (value === 'postgres' || value === 'postgresql' || value === 'pg') return 'postgres';
  if (value === 'sqlite') return 'sqlite';
  throw new CliError(`unknown dialect "${value}": use postgres or sqlite`, 2);
}

/** Opens the migration connection for `url`; a failure is a user error naming the URL. */
export async function openConnection(url: string, cwd: string): Promise<MigrationConnection> {
  try {
    return await connectForMigrations(url, cwd);
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new CliError(error.message);
    throw new CliError(`cannot connect to ${url}: ${(error as Error).message}`);
  }
}

const USER_ERRORS = [
  DataLossError,
  MigrationFailedError,
  MigrationFileError,
  MigrationHistoryError,
  MigrationStateError,
  RenameUndecidedError,
  DatabaseUrlError,
];

/** Runs `body`, turning the runtime's user-facing errors into {@link CliError}s. */
export async function asCliErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (USER_ERRORS.some((kind) => error instanceof kind))
      throw new CliError((error as Error).message);
    throw error;
  }
}

/** The schema path from the flag or the configuration, resolved against `cwd`. */
export function schemaPath(flag: string | undefined, context: CommandContext): string {
  return resolve(
    context.cwd,
    loadConfig({ ...(flag ? { schema: flag } : {}) }, context.cwd).schema,
  );
}

export function register(program: Command, context: CommandContext): void {
  program
    .command('sql')
    .description(
      'print the CREATE statements for the schema (types, tables, keys, indexes, comments)',
    )
    .requiredOption('--dialect <dialect>', 'postgres or sqlite')
    .option('--schema <file>', 'the DBML schema (default: from the configuration)')
    .action((options: { dialect: string; schema?: string }) => {
      const dialect = parseDialect(options.dialect);
      const ir = loadSchemaIR(schemaPath(options.schema, context));
      for (const statement of createSchemaSql(ir, dialect)) context.output.info(`${statement};\n`);
    });
}
