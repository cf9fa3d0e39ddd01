/**
 * `dbgen pull [--url URL] [--out FILE]`: introspects a live PostgreSQL or SQLite database
 * and prints (or writes) it as DBML that `dbgen check` accepts.
 */
import { writeFileSync } from 'node:fs';
import { asFileErrors } from '../file-errors.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { introspect } from '@dbgen/runtime';
import { writeDbml } from '@dbgen/generator';
import { loadConfig } from '../config.js';
import type { CommandContext } from '../command-context.js';
import { asCliErrors, openConnection } from '../database.js';

export function register(program: Command, context: CommandContext): void {
  program
    .command('pull')
    .description('introspect a live database and print it as DBML')
    .option('--url <url>', 'database URL (default: DATABASE_URL, then the configuration)')
    .option('--out <file>', 'write the DBML to this file instead of printing it')
    .action(async (options: { url?: string; out?: string }) => {
      const target = loadConfig(options.url ? { url: options.url } : {}, context.cwd);
      const connection = await openConnection(target, context, { readOnly: true });
      let dbml: string;
      try {
        const schema = await asCliErrors(() => introspect(connection));
        // An empty database is worth a word: it is often the wrong one (a mistyped URL).
        if (schema.tables.length === 0 && schema.enums.length === 0) {
          context.output.error('warning: the database has no tables and no enums');
        }
        dbml = writeDbml(schema);
      } finally {
        await connection.close();
      }
      if (options.out === undefined) {
        context.output.info(dbml.trimEnd());
        return;
      }
      const path = resolve(context.cwd, options.out);
      asFileErrors(() => writeFileSync(path, dbml), 'write');
      context.output.info(`wrote ${path}`);
    });
}
