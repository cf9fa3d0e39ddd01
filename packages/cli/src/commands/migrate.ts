/**
 * `dbgen migrate new|up|down|status|history|current|stamp|check`: Alembic's commands.
 * See docs/migrations.md for the file format and the rules on renames, drops and
 * changed migrations.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Command } from 'commander';
import {
  comparableSchema,
  downgrade,
  introspect,
  loadMigrations,
  migratedSchema,
  migrationLabel,
  migrationStatus,
  newMigration,
  offlineSql,
  operationSource,
  renameQuestions,
  resolveTarget,
  stamp,
  stateAfter,
  tableKey,
  unmigratedChanges,
  upgrade,
  normalizeSchema,
  type MigrationConnection,
  type MigrationFile,
  type RenameQuestion,
  type Renames,
  type RunnerOptions,
  type SchemaIR,
} from '@dbgen/runtime';
import { loadConfig } from '../config.js';
import { CliError } from '../errors.js';
import type { CommandContext } from '../main.js';
import { asCliErrors, loadSchemaIR, openConnection, parseDialect, schemaPath } from './sql.js';

interface CommonOptions {
  url?: string;
  migrations?: string;
  schema?: string;
}

/**
 * Formats a new migration with prettier and the project's prettier settings, when
 * prettier is installed (it comes with @dbgen/generator); as written otherwise.
 */
async function formatMigration(source: string, path: string): Promise<string> {
  try {
    const prettier = (await import('prettier')) as typeof import('prettier');
    const config = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(source, { ...config, filepath: path });
  } catch {
    return source;
  }
}

const interactive = (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY);

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} `)).trim();
  } finally {
    rl.close();
  }
}

function settings(options: CommonOptions, context: CommandContext): { url: string; dir: string } {
  const config = loadConfig(
    {
      ...(options.url ? { url: options.url } : {}),
      ...(options.migrations ? { migrations: options.migrations } : {}),
    },
    context.cwd,
  );
  return { url: config.url, dir: resolve(context.cwd, config.migrations) };
}

function common(command: Command): Command {
  return command
    .option('--url <url>', 'database URL (default: configuration, then DATABASE_URL)')
    .option('--migrations <dir>', 'migrations folder (default: migrations)');
}

async function withDatabase<T>(
  options: CommonOptions,
  context: CommandContext,
  body: (connection: MigrationConnection, migrations: MigrationFile[]) => Promise<T>,
): Promise<T> {
  const { url, dir } = settings(options, context);
  const migrations = await asCliErrors(() => loadMigrations(dir));
  const connection = await openConnection(url, context.cwd);
  try {
    return await asCliErrors(() => body(connection, migrations));
  } finally {
    await connection.close();
  }
}

/** `--rename users.name=full_name` (a column) or `--rename users=people` (a table). */
export function parseRenames(specs: readonly string[], from: SchemaIR): Renames {
  const tables: Record<string, string> = {};
  const columns: Record<string, Record<string, string>> = {};
  for (const spec of specs) {
    const match = /^([^=]+)=([^=.]+)$/.exec(spec.trim());
    if (!match)
      throw new CliError(
        `--rename ${spec}: expected table.old_column=new_column or old_table=new_table`,
        2,
      );
    const [, left = '', to = ''] = match;
    const asTable = from.tables.find((t) => t.key === tableKey(left));
    if (asTable) {
      tables[asTable.key] = to;
      continue;
    }
    const dot = left.lastIndexOf('.');
    const table = from.tables.find((t) => dot > 0 && t.key === tableKey(left.slice(0, dot)));
    const column = left.slice(dot + 1);
    if (!table || !table.columns.some((c) => c.name === column)) {
      throw new CliError(`--rename ${spec}: the last migration has no table or column "${left}"`);
    }
    columns[table.key] = { ...columns[table.key], [column]: to };
  }
  return { tables, columns };
}

function describeQuestion(q: RenameQuestion): string {
  return q.kind === 'table'
    ? `tables removed: ${q.removed.join(', ')}; tables added: ${q.added.join(', ')}`
    : `in ${q.table}: columns removed: ${q.removed.join(', ')}; columns added: ${q.added.join(', ')}`;
}

/** Settles every possible rename: from flags, then a prompt, else refuses. */
async function settleRenames(
  from: SchemaIR,
  to: SchemaIR,
  specs: readonly string[],
  dropAndAdd: boolean,
): Promise<{ renames: Renames; renamesDecided: boolean }> {
  let renames = parseRenames(specs, from);
  const open = renameQuestions(normalizeSchema(from), normalizeSchema(to), renames);
  if (open.length === 0 || dropAndAdd) return { renames, renamesDecided: true };
  if (!interactive()) {
    throw new CliError(
      `the schema removes and adds names that may be renames (${open.map(describeQuestion).join('; ')}). ` +
        `Say which are renames with --rename table.old_column=new_column or --rename old_table=new_table, ` +
        `or pass --drop-and-add if they really are drops and adds.`,
    );
  }
  const answers: string[] = [...specs];
  for (const q of open) {
    for (const removed of q.removed) {
      const label = q.kind === 'table' ? `table ${removed}` : `column ${q.table}.${removed}`;
      const answer = await ask(
        `Was ${label} renamed to one of [${q.added.join(', ')}]? Type the new name, or press Enter if it was dropped:`,
      );
      if (answer === '') continue;
      const name = answer.includes('.') ? answer.slice(answer.lastIndexOf('.') + 1) : answer;
      if (!q.added.some((a) => a === name || a.endsWith(`.${name}`)))
        throw new CliError(`"${answer}" is not one of ${q.added.join(', ')}`);
      answers.push(q.kind === 'table' ? `${removed}=${name}` : `${q.table}.${removed}=${name}`);
    }
  }
  renames = parseRenames(answers, from);
  return { renames, renamesDecided: true };
}

function runnerOptions(
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

function registerNew(migrate: Command, context: CommandContext): void {
  common(migrate.command('new <name>'))
    .description('write the next migration: the schema diffed against the last migration')
    .option('--schema <file>', 'the DBML schema (default: from the configuration)')
    .option('--empty', 'write a migration with empty up and down, to fill in by hand')
    .option(
      '--rename <spec>',
      'a rename: table.old=new (column) or old_table=new_table; repeatable',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--drop-and-add', 'removed and added names are drops and adds, not renames')
    .action(
      async (
        name: string,
        options: CommonOptions & { empty?: boolean; rename: string[]; dropAndAdd?: boolean },
      ) => {
        const { dir } = settings(options, context);
        const result = await asCliErrors(async () => {
          if (options.empty)
            return newMigration(dir, name, { irVersion: 1 } as SchemaIR, {
              empty: true,
              format: formatMigration,
            });
          const schema = loadSchemaIR(schemaPath(options.schema, context));
          const previous = migratedSchema(await loadMigrations(dir));
          const decided = await settleRenames(
            previous,
            schema,
            options.rename,
            options.dropAndAdd ?? false,
          );
          return newMigration(dir, name, schema, { ...decided, format: formatMigration });
        });
        if (!result.written) {
          context.output.info('no changes: the schema matches the last migration; nothing written');
          return;
        }
        context.output.info(
          `wrote ${result.path} (${result.up.length} operation(s) up, ${result.down.length} down)`,
        );
      },
    );
}

function registerUpDown(migrate: Command, context: CommandContext): void {
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
    const migrations = await asCliErrors(() => loadMigrations(dir));
    const dialect = options.dialect
      ? parseDialect(options.dialect)
      : url.startsWith('postgres')
        ? 'postgres'
        : 'sqlite';
    const sql = await asCliErrors(async () => {
      if (direction === 'up') {
        const from = options.from ? resolveTarget(migrations, options.from) : -1;
        return offlineSql(
          migrations,
          dialect,
          'up',
          from,
          resolveTarget(migrations, target ?? 'head'),
        );
      }
      const from = options.from ? resolveTarget(migrations, options.from) : migrations.length - 1;
      const to =
        target && /^-\d+$/.test(target)
          ? from + Number(target)
          : target
            ? resolveTarget(migrations, target)
            : from - 1;
      return offlineSql(migrations, dialect, 'down', from, Math.max(-1, to));
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
      if (target !== undefined && target.startsWith('-') && !/^-\d+$/.test(target)) {
        throw new CliError(`unknown option ${target} for migrate down`, 2);
      }
      if (options.sql) return printSql(options, 'down', target);
      await withDatabase(options, context, async (connection, migrations) => {
        const to =
          target === undefined
            ? { steps: 1 }
            : /^-\d+$/.test(target)
              ? { steps: -Number(target) }
              : { target };
        const reverted = await downgrade(
          runnerOptions(connection, migrations, options.force, context),
          to,
        );
        if (reverted.length === 0) context.output.info('nothing to revert');
      });
    });
}

function registerInspect(migrate: Command, context: CommandContext): void {
  common(migrate.command('status'))
    .description('applied and pending migrations, and drift between the database and them')
    .action(async (options: CommonOptions) => {
      await withDatabase(options, context, async (connection, migrations) => {
        const status = await migrationStatus(connection, migrations);
        const current = migrations[status.current];
        context.output.info(
          `current: ${current ? migrationLabel(current) : 'base (nothing applied)'}`,
        );
        context.output.info(`applied: ${status.applied.length}, pending: ${status.pending.length}`);
        for (const m of status.pending) context.output.info(`  pending ${migrationLabel(m)}`);
        const expected = comparableSchema(
          status.current === migrations.length - 1
            ? migratedSchema(migrations)
            : stateAfter(migrations, status.current + 1),
          connection.dialect,
        );
        const live = comparableSchema(await introspect(connection), connection.dialect) as {
          tables: { key: string }[];
        };
        const want = expected as { tables: { key: string }[] };
        const keys = [...new Set([...live.tables, ...want.tables].map((t) => t.key))].sort();
        const drifted = keys.filter(
          (key) =>
            !isDeepStrictEqual(
              live.tables.find((t) => t.key === key),
              want.tables.find((t) => t.key === key),
            ),
        );
        const enumsDrift = !isDeepStrictEqual(
          (live as { enums?: unknown }).enums,
          (expected as { enums?: unknown }).enums,
        );
        if (drifted.length === 0 && !enumsDrift) context.output.info('drift: none');
        else {
          context.output.info(
            `drift: the database differs from the applied migrations in ${[...drifted, ...(enumsDrift ? ['enums'] : [])].join(', ')}`,
          );
          context.setExitCode(1);
        }
      });
    });

  common(migrate.command('history'))
    .description('every migration, oldest first, with when it was applied')
    .action(async (options: CommonOptions) => {
      await withDatabase(options, context, async (connection, migrations) => {
        const status = await migrationStatus(connection, migrations);
        for (const m of migrations) {
          const row = status.history.find((h) => h.revision === m.revision);
          context.output.info(
            `${migrationLabel(m)}  ${m.name}  ${row ? `applied ${row.appliedAt}` : 'pending'}`,
          );
        }
      });
    });

  common(migrate.command('current'))
    .description('the revision the database is at')
    .action(async (options: CommonOptions) => {
      await withDatabase(options, context, async (connection, migrations) => {
        const status = await migrationStatus(connection, migrations);
        const current = migrations[status.current];
        context.output.info(current ? `${current.revision} ${current.name}` : 'base');
      });
    });

  common(migrate.command('stamp <revision>'))
    .description(
      'record the database as being at <revision> (head, base) without running SQL; accepts changed or missing applied files',
    )
    .action(async (revision: string, options: CommonOptions) => {
      await withDatabase(options, context, async (connection, migrations) => {
        await stamp({ connection, migrations }, revision);
        const index = resolveTarget(migrations, revision);
        context.output.info(
          `stamped: ${migrations[index] ? migrationLabel(migrations[index]) : 'base'}`,
        );
      });
    });

  common(migrate.command('check'))
    .description(
      'exit 1 when the schema has changes no migration holds (for CI); needs no database',
    )
    .option('--schema <file>', 'the DBML schema (default: from the configuration)')
    .action(async (options: CommonOptions) => {
      const { dir } = settings(options, context);
      const path = schemaPath(options.schema, context);
      const changes = await asCliErrors(() => unmigratedChanges(dir, loadSchemaIR(path)));
      if (changes.length === 0) {
        context.output.info(`ok: the migrations in ${dir} hold every change of ${path}`);
        return;
      }
      context.output.error(
        `${path} has ${changes.length} change(s) no migration holds; run \`dbgen migrate new <name>\`:`,
      );
      for (const change of changes) context.output.error(`  ${operationSource(change, '  ')}`);
      context.setExitCode(1);
    });
}

export function register(program: Command, context: CommandContext): void {
  const migrate = program
    .command('migrate')
    .description('versioned migrations with upgrade and downgrade (Alembic-style)');
  registerNew(migrate, context);
  registerUpDown(migrate, context);
  registerInspect(migrate, context);
  // main() makes its direct subcommands throw instead of exiting; do the same one level down.
  for (const command of migrate.commands) command.exitOverride();
}
