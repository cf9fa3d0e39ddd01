/**
 * Running a migration's data steps (`op.data`, `op.batch`: data-op.ts) inside the
 * runner's migration transaction (runner.ts).
 *
 * A batched step must survive a failure or a kill without redoing or losing rows, so it
 * cannot live in the migration's one transaction. When the runner reaches a data step:
 * 1. the transaction so far (the DDL before the step) commits, with a progress row saying
 *    the step started (data-progress.ts);
 * 2. each batch runs in a transaction of its own (the dialect's lock taken first) that
 *    reads the cursor, changes the rows after it and moves the cursor, so a batch is
 *    either wholly done and recorded, or not at all;
 * 3. the step is marked finished and a new migration transaction opens for what follows;
 *    the migration's last transaction records it as applied and forgets its progress.
 * A later run of the same command skips what committed (the DDL before the last started
 * step, and finished steps) and resumes the step after its cursor.
 */
import type { Executor } from '../core/connection.js';
import type { MigrationRules } from '../core/dialect-contract.js';
import type { SchemaIR } from '../schema/ir.js';
import type { OperationOf } from '../schema/operations.js';
import type { MigrationConnection } from './connection.js';
import {
  countAfter,
  DataMigrationError,
  decodeCursor,
  encodeCursor,
  keyColumns,
  readBatch,
  stateTable,
  writeChanges,
} from './data-batch.js';
import { dataBuilders, type BatchSpec, type DataContext, type DataFunction } from './data-op.js';
import { readDataProgress, recordDataProgress, type DataStepProgress } from './data-progress.js';
import { tableKey } from './op-spec.js';

/** One progress report of a data step (after each batch, and when it starts and ends). */
export interface DataProgressReport {
  /** The migration's file name and revision. */
  readonly migration: string;
  readonly direction: 'up' | 'down';
  /** The step's name (`op.data(name)`, `op.batch({ name })`). */
  readonly step: string;
  /** Rows (or the units `progress()` counts) done, over every run. */
  readonly done: number;
  /** Rows the table held when this run started the step; undefined when unknown. */
  readonly total: number | undefined;
  /** Rows done by an earlier, interrupted run (0 on a fresh start). */
  readonly resumedAt: number;
  readonly finished: boolean;
}

/** What the runner hands a data step. */
export interface DataRunContext {
  readonly connection: MigrationConnection;
  readonly rules: MigrationRules;
  readonly revision: string;
  readonly label: string;
  readonly direction: 'up' | 'down';
  /** The step's index in the migration's operation list. */
  readonly index: number;
  readonly operation: OperationOf<'data'>;
  /** The schema the database holds at this point of the migration. */
  readonly state: SchemaIR;
  /** This step's progress from an earlier run, if any. */
  readonly earlier: DataStepProgress | undefined;
  readonly report?: ((report: DataProgressReport) => void) | undefined;
}

/**
 * The operation index a run of `revision` resumes at: that of the last data step an
 * earlier run started (everything before it committed), or 0 for a fresh start.
 */
export async function dataResumePoint(
  connection: MigrationConnection,
  revision: string,
  direction: 'up' | 'down',
): Promise<{ from: number; steps: Map<number, DataStepProgress> }> {
  const rows = await readDataProgress(connection, connection.dialect, revision, direction);
  return {
    from: rows.reduce((max, r) => Math.max(max, r.step), 0),
    steps: new Map(rows.map((r) => [r.step, r])),
  };
}

function executorOf(connection: MigrationConnection, where: string): Executor {
  if (!connection.executor)
    throw new DataMigrationError(
      `${where}: this migration connection cannot run Core statements (open it with connectForMigrations)`,
    );
  return connection.executor;
}

async function begin(connection: MigrationConnection, rules: MigrationRules): Promise<void> {
  await connection.query(rules.begin);
  if (rules.transactionLock) await connection.query(rules.transactionLock);
}

/** Ends the open migration transaction (checks first), leaving the connection outside one. */
async function commitMigrationPart(ctx: DataRunContext): Promise<void> {
  const { connection, rules } = ctx;
  const problem = await rules.checkBeforeCommit(connection);
  if (problem !== null)
    throw new DataMigrationError(
      `${ctx.label}: before data step "${ctx.operation.name}": ${problem}`,
    );
  await connection.query('COMMIT');
  for (const statement of rules.afterTransaction) await connection.query(statement);
}

/** Re-opens a migration transaction for the operations after the step. */
async function reopenMigration(ctx: DataRunContext): Promise<void> {
  for (const statement of ctx.rules.beforeTransaction) await ctx.connection.query(statement);
  await begin(ctx.connection, ctx.rules);
}

function record(ctx: DataRunContext, progress: Omit<DataStepProgress, 'step'>): Promise<void> {
  return recordDataProgress(ctx.connection, ctx.connection.dialect, ctx.revision, ctx.direction, {
    step: ctx.index,
    ...progress,
  });
}

async function current(ctx: DataRunContext): Promise<DataStepProgress | undefined> {
  const rows = await readDataProgress(
    ctx.connection,
    ctx.connection.dialect,
    ctx.revision,
    ctx.direction,
  );
  return rows.find((r) => r.step === ctx.index);
}

function context(ctx: DataRunContext, db: Executor): DataContext {
  return {
    db: { dialect: db.dialect, execute: db.execute.bind(db) as Executor['execute'] },
    dialect: ctx.connection.dialect,
    table: (name) => stateTable(ctx.state, tableKey(name), `${ctx.label}: ${ctx.operation.name}`),
    q: dataBuilders,
  };
}

/** The step's progress was deleted while it ran (abandon.ts): it stops, changing no more rows. */
class RunForgottenError extends DataMigrationError {}

function forgottenMidway(ctx: DataRunContext, done: number): RunForgottenError {
  return new RunForgottenError(
    `${ctx.label}: data step "${ctx.operation.name}" (${ctx.direction}) stopped after ${done} rows: ` +
      'its progress was forgotten while it ran (`dbgen migrate abandon` in another process, or ' +
      'another runner that finished the migration), so it changed no more rows. The rows done ' +
      'stay committed; `dbgen migrate status` says where the migration stands.',
  );
}

/** A failure inside a committed-batch step: what is kept and how to go on. */
function failure(ctx: DataRunContext, done: number, cause: unknown): DataMigrationError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new DataMigrationError(
    `${ctx.label} failed in data step "${ctx.operation.name}" (${ctx.direction}) after ${done} rows: ${message}\n` +
      `The ${done} rows done stay committed (their progress is in dbgen_data_progress) and so does ` +
      'the DDL before the step; the migration is not recorded as applied. Fix the cause and run ' +
      'the same command again: it resumes after the last committed batch. To abandon the run ' +
      'instead, undo by hand what it committed (those rows, and the operations before the step), ' +
      `then run \`dbgen migrate abandon ${ctx.revision}\`.`,
  );
}

/**
 * Runs one data step. Called inside the runner's migration transaction; returns inside a
 * new one (the step's work committed in between).
 */
export async function runDataStep(ctx: DataRunContext): Promise<void> {
  if (ctx.earlier?.finished) return; // an earlier run finished it; its rows are committed
  const db = executorOf(ctx.connection, ctx.label);
  // What ran before the step commits with the mark that the step started.
  await record(ctx, {
    cursor: ctx.earlier?.cursor ?? null,
    rows: ctx.earlier?.rows ?? 0,
    finished: false,
  });
  await commitMigrationPart(ctx);
  const resumedAt = ctx.earlier?.rows ?? 0;
  const report = (done: number, total: number | undefined, finished: boolean): void =>
    ctx.report?.({
      migration: ctx.label,
      direction: ctx.direction,
      step: ctx.operation.name,
      done,
      total,
      resumedAt,
      finished,
    });
  if (ctx.operation.table === undefined) await runOnce(ctx, db, report);
  else await runBatches(ctx, db, report, ctx.operation.table);
  await reopenMigration(ctx);
}

type Report = (done: number, total: number | undefined, finished: boolean) => void;

async function inTransaction<T>(ctx: DataRunContext, work: () => Promise<T>): Promise<T> {
  await begin(ctx.connection, ctx.rules);
  try {
    const result = await work();
    await ctx.connection.query('COMMIT');
    return result;
  } catch (error) {
    await ctx.connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function runOnce(ctx: DataRunContext, db: Executor, report: Report): Promise<void> {
  const run = ctx.operation.run as DataFunction;
  let done = 0;
  let total: number | undefined;
  try {
    await inTransaction(ctx, async () => {
      await run({
        ...context(ctx, db),
        progress: (d, t) => {
          done = d;
          total = t;
          report(d, t, false);
        },
      });
      await record(ctx, { cursor: null, rows: done, finished: true });
    });
  } catch (error) {
    throw failure(ctx, 0, error);
  }
  report(done, total, true);
}

async function runBatches(
  ctx: DataRunContext,
  db: Executor,
  report: Report,
  key: string,
): Promise<void> {
  const where = `${ctx.label}: ${ctx.operation.name}`;
  const table = stateTable(ctx.state, key, where);
  const keys = keyColumns(table, where);
  const update = ctx.operation.run as BatchSpec['update'];
  const size = ctx.operation.batchSize ?? 1000;
  const start = ctx.earlier?.cursor ? decodeCursor(ctx.earlier.cursor) : null;
  let done = ctx.earlier?.rows ?? 0;
  const total = done + (await countAfter(db, table, keys, start));
  report(done, total, false);
  for (;;) {
    let finished = false;
    try {
      await inTransaction(ctx, async () => {
        // Read under the lock: a runner that waited sees where the other one stopped.
        const progress = await current(ctx);
        // The step's start recorded its row: gone, the run was abandoned (or another runner
        // finished the migration) meanwhile. Going on would start again from the first row.
        if (progress === undefined) throw forgottenMidway(ctx, done);
        if (progress.finished) {
          finished = true;
          return 0;
        }
        done = progress.rows;
        const cursor = progress.cursor ? decodeCursor(progress.cursor) : null;
        const rows = await readBatch(db, table, keys, cursor, size);
        if (rows.length === 0) {
          finished = true;
          await record(ctx, { cursor: progress.cursor, rows: done, finished: true });
          return 0;
        }
        const changes = await update(rows, context(ctx, db));
        if (Array.isArray(changes)) await writeChanges(db, table, keys, changes, where);
        const last = rows[rows.length - 1] as Record<string, unknown>;
        await record(ctx, {
          cursor: encodeCursor(
            keys.map((k) => last[k.name]),
            where,
          ),
          rows: done + rows.length,
          finished: false,
        });
        return rows.length;
      }).then((count) => {
        done += count ?? 0;
      });
    } catch (error) {
      throw error instanceof RunForgottenError ? error : failure(ctx, done, error);
    }
    report(done, total, finished);
    if (finished) return;
  }
}
