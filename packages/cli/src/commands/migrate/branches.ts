/**
 * `dbgen migrate heads` and `dbgen migrate merge [-m message]`: the team workflow for
 * branched migrations (two developers each adding one on their own branch), as Alembic's
 * `heads` and `merge`. Both read only the migration files; neither needs a database.
 */
import type { Command } from 'commander';
import { headsOf, loadMigrations, mergeHeads, migrationLabel } from '@dbgen/runtime';
import { asCliErrors } from '../../database.js';
import type { CommandContext } from '../../command-context.js';
import { common, loadMigrationFolder, settings, type CommonOptions } from './common.js';
import { formatMigration } from './new.js';

export function registerBranches(migrate: Command, context: CommandContext): void {
  common(migrate.command('heads'))
    .description('the newest migration of each branch (more than one: join them with merge)')
    .action(async (options: CommonOptions) => {
      const { dir } = settings(options, context);
      const heads = headsOf(await loadMigrationFolder(dir));
      if (heads.length === 0) context.output.info('no migrations');
      for (const m of heads) context.output.info(`${migrationLabel(m)}  ${m.name}`);
      if (heads.length > 1) {
        context.output.info(`${heads.length} heads: join them with \`dbgen migrate merge\``);
      }
    });

  common(migrate.command('merge'))
    .description('write a merge migration joining every head (no operations; one head again)')
    .option('-m, --message <text>', 'the merge migration\'s name (default: "merge <revs>")')
    .action(async (options: CommonOptions & { message?: string }) => {
      const { dir } = settings(options, context);
      await loadMigrationFolder(dir); // a missing folder is an error, not "nothing to merge"
      const result = await asCliErrors(() =>
        mergeHeads(dir, options.message, { format: formatMigration }),
      );
      if (!result.written) {
        context.output.info(
          `nothing to merge: ${result.heads.length === 0 ? 'no migrations' : `one head, ${result.heads.map(migrationLabel).join('')}`}`,
        );
        return;
      }
      const merged = await asCliErrors(() => loadMigrations(dir));
      const written = merged.find((m) => m.path === result.path);
      context.output.info(
        `wrote ${result.path} (${written ? `revision ${written.revision}, ` : ''}merges ${result.heads.map(migrationLabel).join(' and ')})`,
      );
    });
}
