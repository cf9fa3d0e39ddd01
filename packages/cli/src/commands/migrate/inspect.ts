/** `dbgen migrate status|history|current|stamp|check`: where the database and schema stand. */
import type { Command } from 'commander';
import {
  appliedHeads,
  describeStoppedRun,
  listStoppedRuns,
  introspect,
  migratedSchema,
  migrationLabel,
  migrationStatus,
  operationSource,
  schemaDrift,
  schemaOf,
  stamp,
  unmigratedChanges,
  type MigrationConnection,
  type MigrationFile,
  type MigrationStatus,
} from '@dbgen/runtime';
import { asCliErrors } from '../../database.js';
import type { CommandContext } from '../../command-context.js';
import { loadSchemaIR, schemaPath } from '../../schema-input.js';
import { common, settings, withDatabase, type CommonOptions } from './common.js';
import { currentLine, graphNote, headsNote } from './graph-lines.js';

export function registerInspect(migrate: Command, context: CommandContext): void {
  /** A subcommand that reads where the database stands and changes nothing (not even creating it). */
  const inspect = (
    name: string,
    description: string,
    show: (
      status: MigrationStatus,
      migrations: MigrationFile[],
      connection: MigrationConnection,
    ) => Promise<void> | void,
  ): void => {
    common(migrate.command(name))
      .description(description)
      .action(async (options: CommonOptions) => {
        await withDatabase(
          options,
          context,
          async (connection, migrations) =>
            show(await migrationStatus(connection, migrations), migrations, connection),
          { readOnly: true },
        );
      });
  };

  inspect(
    'status',
    'applied and pending migrations, and drift between the database and them',
    async (status, migrations, connection) => {
      context.output.info(currentLine(status.heads));
      context.output.info(`applied: ${status.applied.length}, pending: ${status.pending.length}`);
      for (const m of status.pending) context.output.info(`  pending ${migrationLabel(m)}`);
      // A run stopped halfway refuses every other step until it is finished or abandoned.
      for (const run of await listStoppedRuns(connection)) {
        const finish = run.direction === 'up' ? `up ${run.revision}` : 'down';
        context.output.info(
          `  stopped: ${describeStoppedRun(run, migrations)}; finish it with \`dbgen migrate ${finish}\`, ` +
            `or undo it by hand and \`dbgen migrate abandon ${run.revision}\``,
        );
      }
      const note = headsNote(migrations);
      if (note !== null) context.output.info(note);
      const expected =
        status.pending.length === 0
          ? migratedSchema(migrations)
          : schemaOf(migrations, new Set(status.applied.map((m) => m.revision)));
      const drift = schemaDrift(expected, await introspect(connection), connection.dialect);
      if (drift.length === 0) context.output.info('drift: none');
      else {
        context.output.info(
          `drift: the database differs from the applied migrations in ${drift.length} place(s):`,
        );
        for (const line of drift) context.output.info(`  ${line}`);
        context.setExitCode(1);
      }
    },
  );

  inspect(
    'history',
    'every migration, oldest first, with when it was applied',
    (status, migrations) => {
      for (const m of migrations) {
        const row = status.history.find((h) => h.revision === m.revision);
        context.output.info(
          `${migrationLabel(m)}  ${m.name}  ${row ? `applied ${row.appliedAt}` : 'pending'}${graphNote(migrations, m)}`,
        );
      }
    },
  );

  inspect('current', 'the revision the database is at', (status) => {
    // One line per applied head: two when the database holds two unmerged branches.
    const heads = status.heads.map((m) => `${m.revision} ${m.name}`);
    context.output.info(heads.length > 0 ? heads.join('\n') : 'base');
  });

  common(migrate.command('stamp <revisions...>'))
    .description(
      'record the database as being at <revisions> (head, base; one per branch for unmerged branches) without running any migration; accepts changed or missing applied files, and forgets a stopped run it settles',
    )
    .action(async (revisions: string[], options: CommonOptions) => {
      await withDatabase(options, context, async (connection, migrations) => {
        const log = (line: string): void => context.output.info(line);
        const stamped = await stamp({ connection, migrations, log }, revisions);
        // Where the database now is: one label per branch head.
        const heads = appliedHeads(migrations, stamped).map(migrationLabel);
        context.output.info(`stamped: ${heads.length > 0 ? heads.join(', ') : 'base'}`);
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
