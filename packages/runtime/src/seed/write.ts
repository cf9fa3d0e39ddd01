/**
 * How a seed writes one table's records: upserted by the step's key, in batches, each
 * batch in a savepoint so that a record the database refuses (a foreign key, a unique
 * key, a CHECK) can be found and named: the batch is rolled back and run again record by
 * record, and the first record refused is reported as a {@link SeedError}.
 *
 * MySQL's upsert, `ON DUPLICATE KEY UPDATE`, has no conflict target: it fires on ANY
 * unique key, so a record whose other unique column (an email) is an existing row's
 * would overwrite that row, and the record itself would be dropped. On such a table the
 * records are written one by one instead: UPDATE by the record's own key, INSERT when no
 * row matched, so that only the key decides which row is the record's and any other
 * unique key refuses it.
 */
import type { Executor } from '../core/connection.js';
import { IntegrityError, QueryError } from '../core/errors.js';
import { and, type Expression } from '../core/expression.js';
import { insertInto, update } from '../core/mutation.js';
import { selectFrom } from '../core/select.js';
import { defineTable, type Table } from '../core/table.js';
import type { ColumnIR, TableIR } from '../schema/ir.js';
import { SeedError } from './errors.js';
import type { SeedStep } from './plan.js';

/** Rows per INSERT: well under every dialect's parameter limit for ordinary tables. */
const BATCH = 200;

type AnyTable = Table<Record<string, Expression<unknown>>>;
export type Row = Record<string, unknown>;

export function columnNamed(table: TableIR, name: string): ColumnIR {
  return table.columns.find((c) => c.name === name) as ColumnIR;
}

/** Inserts `rows` (the step's records, in order), or updates the rows with their keys. */
export async function upsert(tx: Executor, step: SeedStep, rows: readonly Row[]): Promise<void> {
  const table = defineTable(step.table) as AnyTable;
  const property = (name: string) => columnNamed(step.table, name).propertyName;
  const deferred = new Set(step.deferred.map(property));
  const key = step.key.map((name) => table[property(name)] as Expression<unknown>);
  const updated = step.records.columns
    .filter((c) => !step.key.includes(c) && !step.deferred.includes(c))
    .map(property);
  const inserted = rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([p]) => !deferred.has(p))),
  );
  if (tx.dialect.capabilities.upsert === 'onDuplicateKey' && hasOtherUniqueKey(step)) {
    // The records whose key no row has are inserted together, batch by batch.
    const insert = (batch: Row[]) => tx.execute(insertInto(table).values(batch));
    for (let start = 0; start < inserted.length; start += BATCH) {
      const missing: number[] = [];
      for (let i = start; i < Math.min(start + BATCH, inserted.length); i++) {
        await named(step, i, rows, async () => {
          if (!(await updateByKey(tx, table, step, inserted[i] as Row, updated))) missing.push(i);
        });
      }
      await inBatch(tx, step, missing, inserted, rows, insert);
    }
    return;
  }
  const write = (batch: Row[]) => {
    const insert = insertInto(table).values(batch);
    return tx.execute(
      updated.length === 0
        ? insert.onConflictDoNothing(key as never)
        : insert.onConflictDoUpdate(key as never, (excluded) =>
            Object.fromEntries(updated.map((p) => [p, excluded[p]])),
          ),
    );
  };
  for (let start = 0; start < inserted.length; start += BATCH) {
    const batch = inserted.slice(start, start + BATCH).map((_, i) => start + i);
    await inBatch(tx, step, batch, inserted, rows, write);
  }
}

/** Whether the table has a unique key (primary or not) other than the step's upsert key. */
function hasOtherUniqueKey(step: SeedStep): boolean {
  const same = (columns: readonly string[]) =>
    columns.length === step.key.length && columns.every((c) => step.key.includes(c));
  const keys = [
    ...(step.table.primaryKey ? [step.table.primaryKey.columns] : []),
    ...step.table.uniques.map((u) => u.columns),
    ...step.table.columns.filter((c) => c.unique).map((c) => [c.name]),
  ];
  return keys.some((columns) => !same(columns));
}

/**
 * One record where only its key may match a row: UPDATE by the key (mysql2 reports the
 * rows matched, changed or not). Without columns to update, a SELECT tells whether the
 * row is there. False when no row has the key: the record is to be inserted.
 */
async function updateByKey(
  tx: Executor,
  table: AnyTable,
  step: SeedStep,
  row: Row,
  updated: readonly string[],
): Promise<boolean> {
  const match = and(
    ...step.key.map((name) => {
      const p = columnNamed(step.table, name).propertyName;
      return (table[p] as Expression<unknown>).eq(row[p]);
    }),
  );
  if (updated.length > 0) {
    const values = Object.fromEntries(updated.map((p) => [p, row[p]]));
    const result = await tx.execute(update(table).set(values).where(match));
    return result.rowCount > 0;
  }
  const found = await tx.execute(selectFrom(table).where(match).limit(1));
  return found.rows.length > 0;
}

/**
 * Runs `write` of the records numbered `batch` (of `inserted`) in a savepoint; when the
 * database refuses it, the batch is rolled back and written again record by record, to
 * name the record it refuses.
 */
async function inBatch(
  tx: Executor,
  step: SeedStep,
  batch: readonly number[],
  inserted: readonly Row[],
  rows: readonly Row[],
  write: (batch: Row[]) => Promise<unknown>,
): Promise<void> {
  if (batch.length === 0) return;
  try {
    await tx.transaction(() => write(batch.map((i) => inserted[i] as Row)));
  } catch (error) {
    if (!refused(error)) throw error;
    for (const i of batch) await named(step, i, rows, () => write([inserted[i] as Row]));
    // Each record alone was taken (they are now written): the batch's error was not theirs.
  }
}

/** Runs `work` for record `index` of `step`; a database refusal becomes a SeedError naming it. */
export async function named(
  step: SeedStep,
  index: number,
  rows: readonly Row[],
  work: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!refused(error)) throw error;
    const row = rows[index] as Row;
    const key = step.key
      .map((name) => {
        const value = row[columnNamed(step.table, name).propertyName];
        return `${name} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
      })
      .join(', ');
    const reason = ((error as Error).message.split('\n')[0] ?? '').replace(/\.$/, '');
    throw new SeedError(
      `"${step.table.key}" record ${index + 1} (${key}) was refused by the database: ${reason}`,
      step.table.key,
    );
  }
}

/**
 * A value the database refused as data: PostgreSQL's class 22 (`invalid input syntax for
 * type integer` from an expression, a number out of a type's range, a time out of range),
 * MySQL's wrong, truncated or out-of-range values, SQLite's datatype mismatch.
 */
const DATA_ERROR =
  /^(?:22[0-9A-Z]{3}$|ER_(?:TRUNCATED_WRONG_VALUE|WARN_DATA_OUT_OF_RANGE|DATA_TOO_LONG|WARN_DATA_TRUNCATED|WRONG_VALUE|INVALID_JSON_TEXT|DIVISION_BY_ZERO)|SQLITE_MISMATCH)/;

/**
 * A record the database refused: a foreign key, unique key, NOT NULL or CHECK, or a value
 * it cannot take (DATA_ERROR). Other errors (a missing table, a lost connection) are not
 * the record's and pass unchanged.
 */
function refused(error: unknown): boolean {
  if (error instanceof IntegrityError) return true;
  return error instanceof QueryError && DATA_ERROR.test(error.driverCode ?? '');
}
