/** What the `migrate` subcommands share: their options, the database, and prompting. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import {
  loadMigrations,
  type MigrationConnection,
  type MigrationFile,
  type RunnerOptions,
} from '@dbgen/runtime';
import { loadConfig } from '../../config.js';
import { CliError } from '../../errors.js';
import { asCliErrors, openConnection } from '../../database.js';
import type { CommandContext } from '../../command-context.js';

export interface CommonOptions {
  url?: string;
  migrations?: string;
  schema?: string;
}

export const interactive = (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY);

export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} `)).trim();
  } finally {
    rl.close();
  }
}

export function settings(
  options: CommonOptions,
  context: CommandContext,
): { url: string; dir: string } {
  const config = loadConfig(
    {
      ...(options.url ? { url: options.url } : {}),
      ...(options.migrations ? { migrations: options.migrations } : {}),
    },
    context.cwd,
  );
  return { url: config.url, dir: resolve(context.cwd, config.migrations) };
}

export function common(command: Command): Command {
  return command
    .option('--url <url>', 'database URL (default: configuration, then DATABASE_URL)')
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

export async function withDatabase<T>(
  options: CommonOptions,
  context: CommandContext,
  body: (connection: MigrationConnection, migrations: MigrationFile[]) => Promise<T>,
): Promise<T> {
  const { url, dir } = settings(options, context);
  const migrations = await loadMigrationFolder(dir);
  const connection = await openConnection(url, context.cwd);
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
    ...(interactive()
      ? { confirmDrop: async (q: string) => /^y(es)?$/i.test(await ask(`${q} [y/N]`)) }
      : {}),
  };
}
