/**
 * Data migrations in migration files: `op.data(...)` runs code once, `op.batch(...)` walks
 * a table in primary-key order, batch by batch, each batch committed with its progress so
 * that a failed or killed run resumes after the last committed batch (data-run.ts). Both
 * are operations like the DDL ones, placed in `up` or `down` between them:
 *
 * ```js
 * export const up = (op) => [
 *   op.addColumn('users', { name: 'first_name', type: 'text' }),
 *   op.batch({
 *     table: 'users',
 *     update: (rows) => rows.map((r) => ({ id: r.id, first_name: r.name.split(' ')[0] })),
 *   }),
 * ];
 * ```
 */
import type { Executor } from '../core/connection.js';
import { and, or } from '../core/expression.js';
import { caseWhen, count, value } from '../core/functions.js';
import { deleteFrom, insertInto, update } from '../core/mutation.js';
import { sql } from '../core/raw.js';
import { select, selectFrom } from '../core/select.js';
import type { Column, Table } from '../core/table.js';
// Imported though unused here: the emitted declaration of dataBuilders (sql.value's
// parameter) then names schema/ir.js instead of the package index, which made an import
// cycle in dist/*.d.ts (index → migrate → data-batch → data-op → index).
import type { ColumnTypeIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import { tableKey } from './op-spec.js';

/** Rows as a data step reads them: values keyed by column name. */
export type DataRow = Record<string, unknown>;

/** The Core builders a data step may use without importing anything (files are plain JS). */
export const dataBuilders = Object.freeze({
  sql,
  select,
  selectFrom,
  insertInto,
  update,
  deleteFrom,
  and,
  or,
  caseWhen,
  count,
  value,
});

/** What a data step is given. */
export interface DataContext {
  /**
   * Runs Core statements (or raw `sql`) inside the step's transaction: a batch's writes
   * commit with its progress. Do not open transactions of your own on it.
   */
  readonly db: Pick<Executor, 'execute' | 'dialect'>;
  /** The dialect's name: 'postgres', 'sqlite', 'mysql'. */
  readonly dialect: string;
  /**
   * A table as it is at this point of the migration, for Core statements; its columns
   * are keyed by their SQL names (`users.first_name`).
   */
  table(name: string): Table<Record<string, Column<unknown>>>;
  /** Core builders: `sql`, `select`, `selectFrom`, `insertInto`, `update`, `deleteFrom`, ... */
  readonly q: typeof dataBuilders;
}

/** What `op.data`'s function gets: the context and a progress reporter. */
export interface DataStepContext extends DataContext {
  /** Reports progress (`done` of `total` units) to the runner's progress listener. */
  progress(done: number, total?: number): void;
}

/**
 * What `op.batch`'s `update` returns for a batch: the changed rows, each with its primary
 * key and the columns to set (columns left out keep their values; rows left out are not
 * written). Return nothing when the function wrote the rows itself through `ctx.db`.
 */
export type BatchChanges = readonly DataRow[] | void;

export interface BatchSpec {
  /** What the step does, for progress lines and errors (default: `batch <table>`). */
  readonly name?: string;
  /** The table walked, in primary-key order (`'users'` or `'auth.users'`). */
  readonly table: string;
  /** Rows per batch; each batch commits with its progress (default 1000). */
  readonly batchSize?: number;
  /**
   * Called once per batch with its rows (every column, keyed by SQL name) in primary-key
   * order; returns the changes to write (see {@link BatchChanges}).
   */
  readonly update: (
    rows: readonly DataRow[],
    ctx: DataContext,
  ) => BatchChanges | Promise<BatchChanges>;
}

/** The default rows per batch: small enough for every dialect's parameter limit. */
export const DEFAULT_BATCH_SIZE = 1000;

export type DataFunction = (ctx: DataStepContext) => unknown;

/** Builds the data operations (`op.data`, `op.batch`). */
export const dataOps = {
  /**
   * Runs `run` once, in a transaction of its own, between the operations around it (for
   * small data changes: lookup rows, a backfill one UPDATE does). Use `op.batch` for
   * large tables.
   */
  data: (name: string, run: DataFunction): Operation => {
    if (typeof name !== 'string' || name === '')
      throw new TypeError('op.data(name, run): the first argument names the step');
    if (typeof run !== 'function')
      throw new TypeError(`op.data("${name}", run): run must be a function`);
    return { kind: 'data', name, source: run.toString(), run };
  },
  /**
   * Walks `table` in primary-key order, `batchSize` rows at a time, and writes what
   * `update` returns for each batch. Each batch commits with the primary key it reached,
   * so a failed or killed run resumes after the last committed batch.
   */
  batch: (spec: BatchSpec): Operation => {
    if (typeof spec?.table !== 'string' || spec.table === '')
      throw new TypeError('op.batch({ table, update }): `table` names the table to walk');
    if (typeof spec.update !== 'function')
      throw new TypeError(`op.batch({ table: '${spec.table}' }): \`update\` must be a function`);
    const batchSize = spec.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new TypeError(
        `op.batch({ table: '${spec.table}' }): batchSize must be a positive integer, found ${String(spec.batchSize)}`,
      );
    return {
      kind: 'data',
      name: spec.name ?? `batch ${spec.table}`,
      table: tableKey(spec.table),
      batchSize,
      source: spec.update.toString(),
      run: spec.update,
    };
  },
};
