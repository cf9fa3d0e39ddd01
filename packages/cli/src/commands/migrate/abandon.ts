/**
 * `dbgen migrate abandon [revision] [--yes]`: forgets a migration run that stopped halfway
 * (MySQL/MariaDB between statements, any dialect in a data step) after the user undid by
 * hand what it applied. Its progress rows go, so the next run of that migration starts
 * from its first statement and row. Asks first on a terminal; elsewhere it wants `--yes`,
 * since forgetting a run that was not undone would make its rerun apply it twice.
 */
import type { Command } from 'commander';
import { abandon, describeStoppedRun, listStoppedRuns, pickStoppedRun } from '@dbgen/runtime';
import { CliError } from '../../errors.js';
import type { CommandContext } from '../../command-context.js';
import { askUntilClear, interactive, readYesNo } from './prompt.js';
import { common, withDatabase, type CommonOptions } from './common.js';

export function registerAbandon(migrate: Command, context: CommandContext): void {
  common(migrate.command('abandon'))
    .argument('[revision]', 'the stopped run to forget (needed when more than one is stopped)')
    .description(
      'forget a migration run that stopped halfway, once what it applied is undone by hand (asks first)',
    )
    .option('--yes', 'do not ask (needed where there is no terminal to ask on)')
    .action(async (revision: string | undefined, options: CommonOptions & { yes?: boolean }) => {
      await withDatabase(options, context, async (connection, migrations) => {
        if (!options.yes) {
          // Checked before asking, so that a mistyped revision is an error, not a question.
          const runs = pickStoppedRun(await listStoppedRuns(connection), revision, migrations);
          const what =
            `migrate abandon forgets ${runs.map((r) => describeStoppedRun(r, migrations)).join('; ')}; ` +
            'its next run starts from its first statement, so what it applied must be undone first';
          if (!interactive()) {
            throw new CliError(`${what}; re-run with --yes to do it (no terminal to ask on)`);
          }
          const answer = await askUntilClear(
            `${what} (else the rerun applies it twice). Is it undone? Forget the run? [y/N]`,
            (text) => readYesNo(text, 'forget it', 'keep it'),
          );
          if (answer.kind !== 'yes') {
            context.output.info('not abandoned: nothing was changed');
            return;
          }
        }
        await abandon(
          { connection, migrations, log: (line) => context.output.info(line) },
          revision,
        );
      });
    });
}
