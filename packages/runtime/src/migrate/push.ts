/**
 * `dbgen push`: the schema applied to a (development) database without writing a
 * migration, as `prisma db push` and `drizzle-kit push` do. The live database is
 * introspected, diffed against the schema, and the difference runs at once. A change that
 * loses data (dropping a table with rows or a column with values, narrowing a column's
 * type under values it cannot hold) is refused unless forced or confirmed, listing what
 * would be lost, before anything changes. An added NOT NULL column without a default on a
 * table with rows is refused outright on MySQL/MariaDB, which would fill it with made-up
 * values (not-null-add.ts), as PostgreSQL and SQLite refuse it. The history table is not
 * touched.
 */
import type { SchemaIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import { renderOperations } from '../schema/render.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import { introspect } from './dialects.js';
import { diffSchemas } from './diff.js';
import type { Renames } from './renames.js';
import { normalizeSchema } from './names.js';
import { alignLiveSchema } from './push-align.js';
import { columnName, narrowingRisk } from './misfit.js';
import { madePlain } from './run-loss.js';
import { madeUpFill, madeUpFillWhat, NOT_NULL_ADVICE } from './not-null-add.js';
import { LiveNames } from './push-live-names.js';
import { changedViewQueries } from './view-probe.js';
import { DataLossError } from './run-errors.js';
import { runStatements } from './run-statements.js';
import { serverDdl } from './server-ddl.js';

export interface PushPlan {
  /** The operations that bring the database to the schema (none: it is there). */
  readonly operations: readonly Operation[];
  /** What they would lose, one line each (`table public.posts: 3 rows`). */
  readonly losses: readonly string[];
  /** What no --force agrees to (`adds column public.users.age NOT NULL ...`), one line each. */
  readonly refused: readonly string[];
  /** The live schema the operations start from. */
  readonly live: SchemaIR;
}

export interface PushOptions {
  readonly connection: MigrationConnection;
  readonly schema: SchemaIR;
  readonly renames?: Renames;
  /** Run changes that lose data without asking. */
  readonly force?: boolean;
  /** Asked (once, listing every loss) when not forced; absent → refuse. */
  readonly confirmLoss?: (losses: readonly string[]) => Promise<boolean>;
  readonly log?: (line: string) => void;
}

/** Whether the live table `key` (null: one the push creates) holds a row. */
async function holdsRows(connection: MigrationConnection, key: string | null): Promise<boolean> {
  if (key === null) return false;
  const from = dialectNamed(connection.dialect).migrations.tableReference(key);
  return (await connection.query(`SELECT 1 FROM ${from} LIMIT 1`)).length > 0;
}

async function count(connection: MigrationConnection, sql: string): Promise<number> {
  const [row] = await connection.query(sql);
  return Number(Object.values(row ?? {})[0] ?? 0);
}

/**
 * What `op` loses on the live database (`live`, as it is before anything runs), or null.
 * `names` says where a table or column renamed by an earlier operation is in it.
 */
async function lossOf(
  connection: MigrationConnection,
  op: Operation,
  live: SchemaIR,
  names: LiveNames,
): Promise<string | null> {
  const table = (key: string): string =>
    dialectNamed(connection.dialect).migrations.tableReference(key);
  if (op.kind !== 'dropTable' && op.kind !== 'dropColumn' && op.kind !== 'alterColumn') return null;
  const liveKey = names.table(op.table);
  const liveTable = live.tables.find((t) => t.key === liveKey);
  if (op.kind === 'dropTable') {
    if (!liveTable || liveTable.view) return null;
    const rows = await count(connection, `SELECT COUNT(*) AS n FROM ${table(liveTable.key)}`);
    return rows > 0 ? `table ${op.table} is dropped: ${rows} row(s)` : null;
  }
  const name = names.column(op.table, op.column);
  const column = liveTable?.columns.find((c) => c.name === name);
  // A generated column's values are computed again, unless the change makes it plain.
  if (!liveTable || !column || (column.generated && !madePlain(op))) return null;
  if (op.kind === 'dropColumn') {
    const values = await count(
      connection,
      `SELECT COUNT(*) AS n FROM ${table(liveTable.key)} WHERE ${columnName(connection.dialect, column.name)} IS NOT NULL`,
    );
    return values > 0 ? `column ${op.table}.${op.column} is dropped: ${values} value(s)` : null;
  }
  const risk = op.type
    ? narrowingRisk(connection.dialect, column.name, column.type, op.type)
    : null;
  if (risk === null) return null;
  // Only the values the new type cannot hold count, as `migrate up` counts them: a
  // narrowing every value fits loses nothing and is not asked about.
  const values = await count(
    connection,
    `SELECT COUNT(*) AS n FROM ${table(liveTable.key)} WHERE ${risk.where}`,
  );
  if (values === 0) return null;
  return `column ${op.table}.${op.column} narrows (${risk.narrowing}): ${values} value(s) ${risk.exact ? 'do' : 'may'} not fit`;
}

/** What pushing `schema` would do to the connected database, and what it would lose. */
export async function planPush(
  connection: MigrationConnection,
  schema: SchemaIR,
  renames?: Renames,
): Promise<PushPlan> {
  const wanted = normalizeSchema(schema);
  const introspected = await introspect(connection);
  const changedViews = await changedViewQueries(connection, introspected, wanted);
  const live = alignLiveSchema(introspected, wanted, connection.dialect, changedViews);
  const { up } = diffSchemas(live, wanted, {
    renamesDecided: true,
    ...(renames ? { renames } : {}),
  });
  const losses: string[] = [];
  // Rendered for the connected server: what it lacks is refused here, before anything runs.
  const { steps } = renderOperations(up, await serverDdl(connection), live);
  const names = new LiveNames(live);
  const refused: string[] = [];
  for (const step of steps) {
    const added = madeUpFill(connection, step.operation);
    if (added !== null && step.operation.kind === 'addColumn') {
      const liveKey = names.table(step.operation.table);
      const exists = live.tables.some((t) => t.key === liveKey && !t.view);
      if (exists && (await holdsRows(connection, liveKey)))
        refused.push(madeUpFillWhat(step.operation.table, added));
    }
    const loss = await lossOf(connection, step.operation, live, names);
    if (loss !== null) losses.push(loss);
    names.see(step.operation);
  }
  return { operations: up, losses, refused, live };
}

/**
 * Pushes `schema` to the database: plans, refuses a loss of data nobody agreed to (a
 * {@link DataLossError} listing every loss; nothing changed), then runs every statement in
 * one transaction (statement by statement where DDL is not transactional: MySQL).
 * Returns the plan it ran.
 */
export async function pushSchema(options: PushOptions): Promise<PushPlan> {
  const { connection } = options;
  const plan = await planPush(connection, options.schema, options.renames);
  if (plan.operations.length === 0) return plan;
  if (plan.refused.length > 0) {
    throw new DataLossError(
      `push refused; nothing was changed:\n${plan.refused.map((l) => `  ${l}`).join('\n')}\n${NOT_NULL_ADVICE}`,
    );
  }
  if (plan.losses.length > 0 && !options.force) {
    const agreed = options.confirmLoss ? await options.confirmLoss(plan.losses) : false;
    if (!agreed) {
      throw new DataLossError(
        `push would lose data; nothing was changed:\n${plan.losses.map((l) => `  ${l}`).join('\n')}\n` +
          `Re-run with --force to push anyway${options.confirmLoss ? '' : ' (no terminal to ask on)'}, or write a migration that keeps the data.`,
      );
    }
  }
  const { steps } = renderOperations(plan.operations, await serverDdl(connection), plan.live);
  await runStatements(
    connection,
    steps.flatMap((s) => s.statements),
    'push',
  );
  options.log?.(`pushed ${plan.operations.length} change(s)`);
  return plan;
}
