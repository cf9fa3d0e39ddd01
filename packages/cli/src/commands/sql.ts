/**
 * `dbgen sql --dialect postgres|sqlite|mysql [--schema FILE]`: the CREATE statements for the
 * schema, in dependency order, for creating a database without migrations.
 */
import type { Command } from 'commander';
import { createSchemaSql } from '@dbgen/runtime';
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
      for (const statement of createSchemaSql(ir, dialect)) context.output.info(`${statement};\n`);
    });
}
