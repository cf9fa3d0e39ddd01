/** `dbgen migrate up|down`: run migrations, or print their SQL (`--sql`, offline). */
import type { Command } from 'commander';
import {
  dialectForUrl,
  downgrade,
  offlineSql,
  resolveTarget,
  revisionsAt,
  upgrade,
  type MigrationFile,
  type TargetPoint,
} from '@dbgen/runtime';
import { asCliErrors } from '../../database.js';
import { CliError } from '../../errors.js';
import type { CommandContext } from '../../command-context.js';
import { parseDialect } from '../../schema-input.js';
import {
  common,
  loadMigrationFolder,
  runnerOptions,
  settings,
  withDatabase,
  type CommonOptions,
} from './common.js';

export function registerUpDown(migrate: Command, context: CommandContext): void {
  const offline = (command: Command): Command =>
    command
      .option('--sql', 'print the SQL instead of running it (touches no database)')
      .option('--dialect <dialect>', 'the dialect for --sql (default: from the URL)')
      .option('--from <revision>', 'with --sql: the revision the database is at')
      .option('--force', 'drop tables and columns that hold data without asking');
  type UpDownOptions = CommonOptions & {
    sql?: boolean;
    dialect?: string;
    from?: string;
    force?: boolean;
  };

  const printSql = async (
    options: UpDownOptions,
    direction: 'up' | 'down',
    target: string | undefined,
  ): Promise<void> => {
    const { url, dir } = settings(options, context);
    const migrations = await loadMigrationFolder(dir);
    const dialect = options.dialect
      ? parseDialect(options.dialect)
      : await asCliErrors(async () => dialectForUrl(url).name);
    const sql = await asCliErrors(async () => {
      const at = (fallback: TargetPoint): TargetPoint =>
        options.from ? resolveTarget(migrations, options.from) : fallback;
      if (direction === 'up') {
        const from = at(-1);
        return offlineSql(
          migrations,
          dialect,
          'up',
          from,
          resolveTarget(migrations, target ?? 'head'),
        );
      }
      const from = revisionsAt(migrations, at('heads'));
      const to = downTarget(target);
      const kept =
        'target' in to
          ? resolveTarget(migrations, to.target)
          : keptAfterSteps(migrations, from, to.steps);
      return offlineSql(migrations, dialect, 'down', from, kept);
    });
    context.output.info(sql);
  };

  offline(common(migrate.command('up [target]')))
    .description('apply pending migrations up to target (default: head)')
    .action(async (target: string | undefined, options: UpDownOptions) => {
      if (options.sql) return printSql(options, 'up', target);
      await withDatabase(options, context, async (connection, migrations) => {
        const applied = await upgrade(
          runnerOptions(connection, migrations, options.force, context),
          target ?? 'head',
        );
        if (applied.length === 0) context.output.info('already at head: nothing to apply');
      });
    });

  offline(common(migrate.command('down [target]')))
    .allowUnknownOption() // `-2` is a step count, not an option
    .description('revert migrations: one step, -N steps, or down to a revision (base: all)')
    .action(async (target: string | undefined, options: UpDownOptions) => {
      if (target !== undefined && target.startsWith('-') && !STEPS.test(target)) {
        throw new CliError(`unknown option ${target} for migrate down`, 2);
      }
      if (options.sql) return printSql(options, 'down', target);
      await withDatabase(options, context, async (connection, migrations) => {
        const reverted = await downgrade(
          runnerOptions(connection, migrations, options.force, context),
          downTarget(target),
        );
        if (reverted.length === 0) context.output.info('nothing to revert');
      });
    });
}

/** `migrate down -N`: a step count, not an option. */
const STEPS = /^-\d+$/;

/** What `migrate down [target]` reverts to: one step (no target), N steps (`-N`), or a revision. */
function downTarget(target: string | undefined): { steps: number } | { target: string } {
  if (target === undefined) return { steps: 1 };
  return STEPS.test(target) ? { steps: -Number(target) } : { target };
}

/** The applied revisions kept when the last `steps` of them in graph order are reverted (as `downgrade` does). */
function keptAfterSteps(
  migrations: readonly MigrationFile[],
  applied: ReadonlySet<string>,
  steps: number,
): Set<string> {
  const inOrder = migrations.filter((m) => applied.has(m.revision));
  return new Set(inOrder.slice(0, Math.max(0, inOrder.length - steps)).map((m) => m.revision));
}
