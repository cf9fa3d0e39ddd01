/** What the `migrate` subcommands share: their options, the database, and prompting. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  loadMigrations,
  type MigrationConnection,
  type MigrationFile,
  type RunnerOptions,
} from '@dbgen/runtime';
import { loadConfig, type UrlSource } from '../../config.js';
import { CliError } from '../../errors.js';
import { asCliErrors, openConnection } from '../../database.js';
import type { CommandContext } from '../../command-context.js';
import { askUntilClear, interactive, readDropAnswer } from './prompt.js';
import { dataProgressPrinter } from './data-progress.js';

export interface CommonOptions {
  url?: string;
  migrations?: string;
  schema?: string;
}

export function settings(
  options: CommonOptions,
  context: CommandContext,
): { url: string; urlSource: UrlSource; dir: string } {
  const config = loadConfig(
    {
      ...(options.url ? { url: options.url } : {}),
      ...(options.migrations ? { migrations: options.migrations } : {}),
    },
    context.cwd,
  );
  return {
    url: config.url,
    urlSource: config.urlSource,
    dir: resolve(context.cwd, config.migrations),
  };
}

export function common(command: Command): Command {
  return command
    .option('--url <url>', 'database URL (default: DATABASE_URL, then the configuration)')
    .option('--migrations <dir>', 'migrations folder (default: migrations)');
}

/**
 * The migrations of `dir`, which must exist: a mistyped `--migrations` folder would
 * otherwise read as "no migrations" and `up` would report nothing to do.
 */
export async function loadMigrationFolder(dir: string): Promise<MigrationFile[]> {
  if (!existsSync(dir)) {
    throw new CliError(
      `migrations folder not found: ${dir} (write the first migration with \`dbgen migrate new <name>\`)`,
    );
  }
  return asCliErrors(() => loadMigrations(dir));
}

/**
 * Runs `body` on the configured database and the migrations. `readOnly` commands never
 * create anything: not a missing SQLite file, not the history table.
 */
export async function withDatabase<T>(
  options: CommonOptions,
  context: CommandContext,
  body: (connection: MigrationConnection, migrations: MigrationFile[]) => Promise<T>,
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<T> {
  const { dir, ...target } = settings(options, context);
  const migrations = await loadMigrationFolder(dir);
  const connection = await openConnection(target, context, { readOnly });
  try {
    return await asCliErrors(() => body(connection, migrations));
  } finally {
    await connection.close();
  }
}

export function runnerOptions(
  connection: MigrationConnection,
  migrations: MigrationFile[],
  force: boolean | undefined,
  context: CommandContext,
): RunnerOptions {
  return {
    connection,
    migrations,
    force: force ?? false,
    log: (line) => context.output.info(line),
    onDataProgress: dataProgressPrinter(context),
    ...(interactive()
      ? {
          confirmDrop: async (q: string) =>
            (await askUntilClear(`${q} [y/N]`, readDropAnswer)).kind === 'drop',
        }
      : {}),
  };
}
