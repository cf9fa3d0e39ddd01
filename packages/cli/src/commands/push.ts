/**
 * `dbgen push [--schema FILE] [--url URL] [--force]`: applies the schema to a development
 * database without writing a migration (prototyping, like `prisma db push`). Changes that
 * lose data are listed and refused unless `--force` (or a `y` on a terminal).
 */
import type { Command } from 'commander';
import { introspect, operationSource, pushSchema } from '@dbgen/runtime';
import { asCliErrors, openConnection } from '../database.js';
import type { CommandContext } from '../command-context.js';
import { loadConfig } from '../config.js';
import { loadSchemaIR, schemaPath } from '../schema-input.js';
import { askUntilClear, interactive, readDropAnswer } from './migrate/prompt.js';
import { renameOptions, settleRenames } from './migrate/renames.js';

interface PushFlags {
  schema?: string;
  url?: string;
  force?: boolean;
  rename: string[];
  dropAndAdd?: boolean;
}

export function register(program: Command, context: CommandContext): void {
  const command = program
    .command('push')
    .description(
      'apply the schema to a dev database without writing a migration (refuses data loss without --force)',
    )
    .option('--schema <file>', 'the DBML schema (default: from the configuration)')
    .option('--url <url>', 'database URL (default: DATABASE_URL, then the configuration)')
    .option('--force', 'run changes that lose data (drops, narrowed types) without asking');
  renameOptions(command).action(async (flags: PushFlags) => {
    const config = loadConfig(flags.url ? { url: flags.url } : {}, context.cwd);
    const schema = loadSchemaIR(schemaPath(flags.schema, context));
    const connection = await openConnection(
      { url: config.url, urlSource: config.urlSource },
      context,
    );
    try {
      const plan = await asCliErrors(async () => {
        const decided = await settleRenames(
          await introspect(connection),
          schema,
          flags.rename,
          flags.dropAndAdd ?? false,
        );
        return pushSchema({
          connection,
          schema,
          renames: decided.renames,
          force: flags.force ?? false,
          log: (line) => context.output.info(line),
          ...(interactive()
            ? {
                confirmLoss: async (losses: readonly string[]) =>
                  (
                    await askUntilClear(
                      `push would lose data:\n${losses.map((l) => `  ${l}`).join('\n')}\nPush anyway? [y/N]`,
                      readDropAnswer,
                    )
                  ).kind === 'drop',
              }
            : {}),
        });
      });
      if (plan.operations.length === 0) {
        context.output.info('the database already matches the schema: nothing to push');
        return;
      }
      for (const op of plan.operations) context.output.info(`  ${operationSource(op, '  ')}`);
    } finally {
      await connection.close();
    }
  });
}
