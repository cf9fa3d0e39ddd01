/**
 * `dbgen migrate reset`: for development databases. Drops everything dbgen manages in the
 * database (every table, view and enum type its introspection sees, which is what
 * `dbgen pull` prints, and dbgen's own history tables), then applies every migration from
 * base. The CLI asks first on a terminal and wants `--yes` otherwise.
 */
import type { SchemaIR } from '../schema/ir.js';
import { quoteIdent, renderOperations } from '../schema/render.js';
import { emptySchema } from '../schema/state.js';
import type { MigrationConnection } from './connection.js';
import { introspect, ownTables } from './dialects.js';
import { diffSchemas } from './diff.js';
import type { MigrationFile } from './files.js';
import { upgrade, type RunnerOptions } from './runner.js';
import { runStatements } from './run-statements.js';
import { serverDdl } from './server-ddl.js';

export interface ResetPlan {
  /** `table public.users`, `view public.top_users`, `enum public.status`, one each. */
  readonly drops: readonly string[];
  /** The migrations that run afterwards. */
  readonly migrations: readonly MigrationFile[];
}

export type ResetOptions = RunnerOptions;

/** What a reset would drop and re-apply (reads only). */
export async function planReset(
  connection: MigrationConnection,
  migrations: readonly MigrationFile[],
): Promise<ResetPlan & { readonly live: SchemaIR }> {
  const live = await introspect(connection);
  return {
    drops: [
      ...live.tables.map((t) => `${t.view ? 'view' : 'table'} ${t.key}`),
      ...live.enums.map((e) => `enum ${e.schema}.${e.name}`),
    ],
    migrations,
    live,
  };
}

/**
 * Drops every table, view and enum of the database (and the history), then applies every
 * migration. Returns what was dropped and the migrations applied.
 */
export async function resetDatabase(options: ResetOptions): Promise<ResetPlan> {
  const { connection } = options;
  const { live, drops } = await planReset(connection, options.migrations);
  const ddl = await serverDdl(connection);
  // Every migration rendered for this server first: what it lacks stops the reset before
  // anything is dropped, not after, with the database emptied.
  options.migrations.reduce((state, m) => renderOperations(m.up, ddl, state).state, emptySchema());
  const { up } = diffSchemas(live, emptySchema(), { renamesDecided: true });
  const { steps } = renderOperations(up, ddl, live);
  // dbgen's own tables, which introspection leaves out: the history, and the progress of
  // stopped runs (a kept row would refuse the re-applied migrations, or resume one by a
  // cursor into rows that no longer exist).
  const dropOwn = ownTables(connection.dialect).map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)}`);
  await runStatements(connection, [...steps.flatMap((s) => s.statements), ...dropOwn], 'reset');
  options.log?.(
    `dropped ${drops.length === 0 ? 'nothing (the database was empty)' : drops.join(', ')}`,
  );
  const applied = await upgrade({ ...options, force: true });
  return { drops, migrations: applied };
}
