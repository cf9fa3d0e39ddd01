/**
 * `dbgen seed [--schema FILE] [--url URL] [--reset]`: loads the schema's DBML `Records`
 * into the database, parents before children, upserting by key (a second run changes
 * nothing); `--reset` empties the seeded tables first. All in one transaction.
 */
import type { Command } from 'commander';
import {
  InvalidValueError,
  redactUrl,
  SeedError,
  seedRecords,
  type SeedReport,
} from '@dbgen/runtime';
import { loadConfig } from '../config.js';
import { asCliErrors } from '../database.js';
import { CliError } from '../errors.js';
import type { CommandContext } from '../command-context.js';
import { openEngine } from '../open-engine.js';
import { loadSchemaIR } from '../schema-input.js';
import { resolve } from 'node:path';

interface SeedFlags {
  schema?: string;
  url?: string;
  reset?: boolean;
}

export function register(program: Command, context: CommandContext): void {
  program
    .command('seed')
    .description(
      "load the schema's Records into the database (upsert by key; --reset empties first)",
    )
    .option('--schema <file>', 'the DBML schema (default: from the configuration)')
    .option('--url <url>', 'database URL (default: DATABASE_URL, then the configuration)')
    .option('--reset', 'empty the seeded tables (and the tables pointing at them) first')
    .action(async (flags: SeedFlags) => {
      const config = loadConfig(
        {
          ...(flags.schema ? { schema: flags.schema } : {}),
          ...(flags.url ? { url: flags.url } : {}),
        },
        context.cwd,
      );
      const ir = loadSchemaIR(resolve(context.cwd, config.schema));
      if (ir.records.length === 0) {
        context.output.error(`warning: ${config.schema} has no Records blocks; nothing to seed`);
        return;
      }
      const started = performance.now();
      const engine = await openEngine(config.url, context.cwd, {
        missingFileHint: `create it and its tables first: ${CREATE_TABLES}`,
      });
      context.output.error(`database: ${redactUrl(config.url)} (from ${config.urlSource})`);
      let report: SeedReport;
      try {
        report = await asCliErrors(async () => {
          try {
            return await seedRecords(engine, ir, { reset: flags.reset ?? false });
          } catch (error) {
            if (error instanceof SeedError || error instanceof InvalidValueError)
              throw new CliError(`${error.message}; nothing was written`);
            throw error;
          }
        });
      } catch (error) {
        // The usual cause: the tables were never created in this database.
        if (error instanceof CliError && MISSING_TABLE.test(error.message))
          throw new CliError(`${error.message} (create the tables first: ${CREATE_TABLES})`);
        throw error;
      } finally {
        await engine.close();
      }
      const milliseconds = Math.round(performance.now() - started);
      if (report.emptied.length > 0)
        context.output.info(`emptied ${report.emptied.map(shortName).join(', ')}`);
      const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
      context.output.info(
        `seeded ${rows} rows into ${report.tables.length} tables (${report.tables
          .map((t) => `${shortName(t.table)} ${t.rows}`)
          .join(', ')}) in ${milliseconds} ms`,
      );
    });
}

const CREATE_TABLES = 'dbgen migrate up';

/** SQLite's, PostgreSQL's and MySQL's words for a table that is not there. */
const MISSING_TABLE = /no such table|relation .* does not exist|table .* doesn't exist/i;

function shortName(key: string): string {
  return key.startsWith('public.') ? key.slice('public.'.length) : key;
}
