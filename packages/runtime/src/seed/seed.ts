/**
 * `dbgen seed`'s engine: loads a schema's DBML `Records` into a database, in one
 * transaction, parents before children. Rows are upserted by their key, so a second run
 * changes nothing; `reset` first empties the seeded tables (and the tables whose rows
 * point at them), children first.
 */
import type { Executor } from '../core/connection.js';
import { and, type Expression } from '../core/expression.js';
import { deleteFrom, update } from '../core/mutation.js';
import { sql } from '../core/raw.js';
import { defineTable, type Table } from '../core/table.js';
import type { SchemaIR, TableIR, TableKey } from '../schema/ir.js';
import { planSeed, tablesToEmpty, type SeedStep } from './plan.js';
import { columnValue } from './record-values.js';
import { columnNamed, named, upsert, type Row } from './write.js';

/** Options of {@link seedRecords}. */
export interface SeedOptions {
  /** Empty the tables first (children before parents), then load the records. */
  readonly reset?: boolean;
}

/** What {@link seedRecords} wrote, for the command's summary line. */
export interface SeedReport {
  /** Each seeded table with the number of records written, in the order written. */
  readonly tables: readonly { readonly table: TableKey; readonly rows: number }[];
  /** The tables `reset` emptied, in the order emptied. */
  readonly emptied: readonly TableKey[];
}

type AnyTable = Table<Record<string, Expression<unknown>>>;

/**
 * Loads the `Records` blocks of `ir` through `executor` (an engine, a connection), all in
 * one transaction: on any error nothing is written. Throws {@link SeedError} for records
 * that cannot be loaded as written (a value of the wrong type, no key to upsert by, a
 * cycle of NOT NULL foreign keys, a record the database refuses, named).
 */
export async function seedRecords(
  executor: Executor,
  ir: SchemaIR,
  options: SeedOptions = {},
): Promise<SeedReport> {
  const plan = planSeed(ir);
  const emptying = options.reset ? tablesToEmpty(ir) : [];
  // Values are converted before anything runs: a bad record fails before any write.
  const prepared = plan.steps.map((step) => ({ step, rows: rowsOf(step) }));
  return executor.transaction(async (tx) => {
    const emptied = new Set(emptying.map((t) => t.key));
    for (const table of emptying) await breakReferences(tx, table, emptied);
    for (const table of emptying) await tx.execute(deleteFrom(defineTable(table)));
    for (const { step, rows } of prepared) await upsert(tx, step, rows);
    for (const { step, rows } of prepared) await setDeferred(tx, step, rows);
    await syncAutoIncrement(tx, plan.steps);
    return {
      tables: prepared.map(({ step, rows }) => ({ table: step.table.key, rows: rows.length })),
      emptied: emptying.map((t) => t.key),
    };
  });
}

/** The records of `step` as rows keyed by property name. */
function rowsOf(step: SeedStep): Row[] {
  const columns = step.records.columns.map((name) => columnNamed(step.table, name));
  return step.records.rows.map((values, index) => {
    const row: Row = {};
    columns.forEach((column, i) => {
      const where = `"${step.table.key}" record ${index + 1}`;
      row[column.propertyName] = columnValue(column, values[i] ?? null, where);
    });
    return row;
  });
}

/** Writes the foreign keys left out of the inserts, now that every row exists. */
async function setDeferred(tx: Executor, step: SeedStep, rows: readonly Row[]): Promise<void> {
  if (step.deferred.length === 0) return;
  const table = defineTable(step.table) as AnyTable;
  const property = (name: string) => columnNamed(step.table, name).propertyName;
  for (const [index, row] of rows.entries()) {
    const values = Object.fromEntries(step.deferred.map((c) => [property(c), row[property(c)]]));
    const match = step.key.map((c) =>
      (table[property(c)] as Expression<unknown>).eq(row[property(c)]),
    );
    await named(step, index, rows, () =>
      tx.execute(
        update(table)
          .set(values)
          .where(and(...match)),
      ),
    );
  }
}

/**
 * Before emptying: nulls the nullable keys that point into the tables being emptied, so
 * that a table referencing itself (or a cycle) can be emptied on databases that check
 * each row as it is deleted (MySQL).
 */
async function breakReferences(
  tx: Executor,
  table: TableIR,
  emptied: ReadonlySet<TableKey>,
): Promise<void> {
  const columns = table.foreignKeys
    .filter((fk) => emptied.has(fk.target))
    .flatMap((fk) => fk.columns)
    .filter((c) => columnNamed(table, c).nullable);
  if (columns.length === 0) return;
  const values = Object.fromEntries(columns.map((c) => [columnNamed(table, c).propertyName, null]));
  await tx.execute(update(defineTable(table) as AnyTable).set(values));
}

/** Moves identity counters past the seeded keys where the database does not do it itself. */
async function syncAutoIncrement(tx: Executor, steps: readonly SeedStep[]): Promise<void> {
  const dialect = tx.dialect;
  if (!dialect.syncAutoIncrement) return;
  for (const step of steps) {
    for (const column of step.table.columns) {
      if (!column.autoIncrement || !step.records.columns.includes(column.name)) continue;
      await tx.execute(sql.raw(dialect.syncAutoIncrement(step.table, column.name)));
    }
  }
}
