/**
 * `dbgen migrate ready [--wait <ms>]`: a readiness probe. Exit 0 when the database is at
 * the newest migration, 1 (listing what is pending) when it is not, after waiting up to
 * `--wait` ms for a migration run in progress. Reads only; takes no lock.
 */
import type { Command } from 'commander';
import { awaitHead, migrationLabel, MigrationsPendingError } from '@dbgen/runtime';
import type { CommandContext } from '../../command-context.js';
import { common, withDatabase, type CommonOptions } from './common.js';

export function registerReady(migrate: Command, context: CommandContext): void {
  common(migrate.command('ready'))
    .description(
      'exit 0 when the database is at the newest migration, 1 when migrations are pending (a readiness probe)',
    )
    .option('--wait <ms>', 'wait up to this long for pending migrations to be applied', '0')
    .action(async (options: CommonOptions & { wait: string }) => {
      const waitMs = Number(options.wait);
      if (!Number.isFinite(waitMs) || waitMs < 0) {
        context.output.error(`--wait must be a number of milliseconds, got "${options.wait}"`);
        context.setExitCode(2);
        return;
      }
      await withDatabase(
        options,
        context,
        async (connection, migrations) => {
          try {
            const status = await awaitHead(connection, migrations, { waitMs });
            // Every applied head: with unmerged branches there is more than one.
            const at = status.heads.map(migrationLabel).join(', ');
            context.output.info(`ready: at ${at || 'base'}`);
          } catch (error) {
            if (!(error instanceof MigrationsPendingError)) throw error;
            context.output.error(`not ready: ${error.message}`);
            context.setExitCode(1);
          }
        },
        { readOnly: true },
      );
    });
}
