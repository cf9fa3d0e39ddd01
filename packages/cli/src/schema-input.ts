/** Reading what the user points the CLI at: the schema file and the dialect. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { dialectForUrl, dialectNames, type DialectName, type SchemaIR } from '@dbgen/runtime';
import { compileSchema, renderDiagnosticList } from '@dbgen/generator';
import { loadConfig } from './config.js';
import { CliError } from './errors.js';
import type { CommandContext } from './command-context.js';

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
    const errors = renderDiagnosticList(
      result.diagnostics.filter((d) => d.severity === 'error'),
      result.sources,
    );
    throw new CliError(
      `${path} has errors (run \`dbgen check\` for details):\n${errors.join('\n')}`,
    );
  }
  return result.ir;
}

/** A `--dialect` value: a known dialect's name, one of its URL schemes, or `pg`. */
export function parseDialect(value: string): DialectName {
  const known = dialectNames();
  if (known.includes(value)) return value;
  if (value === 'pg') return 'postgres';
  try {
    return dialectForUrl(`${value}:`).name;
  } catch {
    const choices = `${known.slice(0, -1).join(', ')} or ${known[known.length - 1]}`;
    throw new CliError(`unknown dialect "${value}": use ${choices}`, 2);
  }
}

/** The schema path from the flag or the configuration, resolved against `cwd`. */
export function schemaPath(flag: string | undefined, context: CommandContext): string {
  return resolve(
    context.cwd,
    loadConfig({ ...(flag ? { schema: flag } : {}) }, context.cwd).schema,
  );
}
