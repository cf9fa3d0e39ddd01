/**
 * `dbgen migrate reset [--yes]`: drops everything dbgen manages in a (development)
 * database and applies every migration again. Asks first on a terminal; elsewhere it
 * wants `--yes`.
 */
import type { Command } from 'commander';
import { planReset, redactUrl, resetDatabase } from '@dbgen/runtime';
import { CliError } from '../../errors.js';
import type { CommandContext } from '../../command-context.js';
import { askUntilClear, interactive, readDropAnswer } from './prompt.js';
import { common, runnerOptions, settings, withDatabase, type CommonOptions } from './common.js';

export function registerReset(migrate: Command, context: CommandContext): void {
  common(migrate.command('reset'))
    .description(
      'drop every table, view and enum of the database and re-apply all migrations (dev databases; asks first)',
    )
    .option('--yes', 'do not ask (needed where there is no terminal to ask on)')
    .action(async (options: CommonOptions & { yes?: boolean }) => {
      const { url } = settings(options, context);
      await withDatabase(options, context, async (connection, migrations) => {
        if (!options.yes) {
          const plan = await planReset(connection, migrations);
          const what =
            `migrate reset drops ${plan.drops.length === 0 ? 'nothing (the database has no tables)' : plan.drops.join(', ')} ` +
            `and dbgen's history in ${redactUrl(url)}, then applies ${migrations.length} migration(s)`;
          if (!interactive()) {
            throw new CliError(`${what}; re-run with --yes to do it (no terminal to ask on)`);
          }
          const answer = await askUntilClear(
            `${what}. Every row is lost. Reset? [y/N]`,
            readDropAnswer,
          );
          if (answer.kind !== 'drop') {
            context.output.info('not reset: nothing was changed');
            return;
          }
        }
        const result = await resetDatabase(runnerOptions(connection, migrations, true, context));
        context.output.info(
          `reset: dropped ${result.drops.length} object(s), applied ${result.migrations.length} migration(s)`,
        );
      });
    });
}
