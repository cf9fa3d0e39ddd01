/**
 * `dbgen sql --dialect postgres|sqlite|mysql [--schema FILE]`: the CREATE statements for the
 * schema, in dependency order, for creating a database without migrations.
 */
import type { Command } from 'commander';
import { createSchemaSql, UnsupportedFeatureError } from '@dbgen/runtime';
import { CliError } from '../errors.js';
import type { CommandContext } from '../command-context.js';
import { loadSchemaIR, parseDialect, schemaPath } from '../schema-input.js';

export function register(program: Command, context: CommandContext): void {
  program
    .command('sql')
    .description(
      'print the CREATE statements for the schema (types, tables, keys, indexes, comments)',
    )
    .requiredOption('--dialect <dialect>', 'a dialect: postgres, sqlite, …')
    .option('--schema <file>', 'the DBML schema (default: from the configuration)')
    .action((options: { dialect: string; schema?: string }) => {
      const dialect = parseDialect(options.dialect);
      const ir = loadSchemaIR(schemaPath(options.schema, context));
      let statements: string[];
      try {
        statements = createSchemaSql(ir, dialect);
      } catch (error) {
        // A feature the dialect lacks (a partial index on MySQL) is the schema's problem.
        if (error instanceof UnsupportedFeatureError) throw new CliError(error.message);
        throw error;
      }
      for (const statement of statements) context.output.info(`${statement};\n`);
    });
}
