/** Reading what the user points the CLI at: the schema file and the dialect. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DialectName, SchemaIR } from '@dbgen/runtime';
import { compileSchema, renderDiagnostic } from '@dbgen/generator';
import { loadConfig } from './config.js';
import { CliError } from './errors.js';
import type { CommandContext } from './main.js';

/** Fails with a one-line message unless `path` is a file (missing, or a folder). */
export function assertSchemaFile(path: string): void {
  if (!existsSync(path)) throw new CliError(`schema file not found: ${path}`);
  if (statSync(path).isDirectory()) {
    throw new CliError(`schema path is a folder, expected a .dbml file: ${path}`);
  }
}

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
  assertSchemaFile(path);
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
  if (value === 'mysql' || value === 'mariadb') return 'mysql';
  throw new CliError(`unknown dialect "${value}": use postgres, sqlite or mysql`, 2);
}

/** The schema path from the flag or the configuration, resolved against `cwd`. */
export function schemaPath(flag: string | undefined, context: CommandContext): string {
  return resolve(
    context.cwd,
    loadConfig({ ...(flag ? { schema: flag } : {}) }, context.cwd).schema,
  );
}
