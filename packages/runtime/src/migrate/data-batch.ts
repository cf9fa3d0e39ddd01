/**
 * One batch of `op.batch`: the next rows after a primary-key cursor (keyset pagination:
 * `WHERE key > cursor ORDER BY key LIMIT n`, which stays as fast on the last batch as on
 * the first, unlike OFFSET), and the changes written back in one UPDATE
 * (`SET col = CASE WHEN key = ... THEN ... ELSE col END WHERE key IN (...)`), all as Core
 * statements compiled for the connection's dialect.
 */
import type { Executor } from '../core/connection.js';
import { and, or, type Expression } from '../core/expression.js';
import { caseWhen, count, value } from '../core/functions.js';
import { update } from '../core/mutation.js';
import { select, selectFrom } from '../core/select.js';
import { defineTable, type Column, type Table } from '../core/table.js';
import type { SchemaIR, TableIR, TableKey } from '../schema/ir.js';
import type { DataRow } from './data-op.js';

/** A data step that cannot run as written (a bad table, key or change). */
export class DataMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataMigrationError';
  }
}

type AnyTable = Table<Record<string, Column<unknown>>>;

/**
 * The Core table for `key` as `state` has it, its columns keyed by SQL name (data steps
 * speak the database's names, not a client's property names).
 */
export function stateTable(state: SchemaIR, key: TableKey, where: string): AnyTable {
  const ir = state.tables.find((t) => t.key === key);
  if (!ir) throw new DataMigrationError(`${where}: table ${key} does not exist at this point`);
  const plain: TableIR = {
    ...ir,
    columns: ir.columns.map((c) => ({ ...c, propertyName: c.name })),
  };
  return defineTable<Record<string, Column<unknown>>>(plain);
}

/** The key columns of a walked table; a table without a primary key cannot be walked. */
export function keyColumns(table: AnyTable, where: string): Column<unknown>[] {
  const names = table.$ir.primaryKey?.columns ?? [];
  if (names.length === 0)
    throw new DataMigrationError(
      `${where}: table ${table.$key} has no primary key to walk it by; use op.data for it`,
    );
  return names.map((n) => column(table, n));
}

function column(table: AnyTable, name: string): Column<unknown> {
  const found = table.$columns.find((c) => c.name === name);
  if (!found) throw new DataMigrationError(`table ${table.$key} has no column "${name}"`);
  return found;
}

/** `(k1, k2) > (v1, v2)` spelled with AND/OR, which every dialect plans as a range. */
function after(key: readonly Column<unknown>[], cursor: readonly unknown[]): Expression<boolean> {
  const terms = key.map((_, i) =>
    and(
      ...key.slice(0, i).map((c, j) => c.eq(value(cursor[j], c.ir.type))),
      (key[i] as Column<unknown>).gt(value(cursor[i], (key[i] as Column<unknown>).ir.type)),
    ),
  );
  return terms.length === 1 ? (terms[0] as Expression<boolean>) : or(...terms);
}

function keyEquals(key: readonly Column<unknown>[], row: DataRow): Expression<boolean> {
  const terms = key.map((c) => c.eq(value(row[c.name], c.ir.type)));
  return terms.length === 1 ? (terms[0] as Expression<boolean>) : and(...terms);
}

/** The rows after `cursor` (null: from the first), at most `size`, in key order. */
export async function readBatch(
  db: Executor,
  table: AnyTable,
  key: readonly Column<unknown>[],
  cursor: readonly unknown[] | null,
  size: number,
): Promise<DataRow[]> {
  let query = selectFrom(table);
  if (cursor !== null) query = query.where(after(key, cursor));
  const { rows } = await db.execute(query.orderBy(...key.map((c) => c.asc())).limit(size) as never);
  return rows as DataRow[];
}

/** How many rows lie after `cursor` (null: all of them). */
export async function countAfter(
  db: Executor,
  table: AnyTable,
  key: readonly Column<unknown>[],
  cursor: readonly unknown[] | null,
): Promise<number> {
  let query = select(count()).from(table);
  if (cursor !== null) query = query.where(after(key, cursor));
  const { rows } = await db.execute(query as never);
  const first = (rows as Record<string, unknown>[])[0] ?? {};
  return Number(Object.values(first)[0] ?? 0);
}

/**
 * Writes `changes` (rows with their key and the columns to set) in one UPDATE per set of
 * changed columns. Returns the rows written.
 */
export async function writeChanges(
  db: Executor,
  table: AnyTable,
  key: readonly Column<unknown>[],
  changes: readonly DataRow[],
  where: string,
): Promise<number> {
  const keyNames = new Set(key.map((c) => c.name));
  const groups = new Map<string, DataRow[]>();
  changes.forEach((change, i) => {
    if (change === null || typeof change !== 'object')
      throw new DataMigrationError(`${where}: change ${i + 1} is not a row object`);
    for (const k of keyNames) {
      if (change[k] === undefined || change[k] === null)
        throw new DataMigrationError(
          `${where}: change ${i + 1} has no value for key column "${k}" (each change names its row by primary key)`,
        );
    }
    const set = Object.keys(change).filter((c) => !keyNames.has(c));
    for (const c of set) column(table, c); // unknown columns fail before anything is written
    if (set.length === 0) return;
    const shape = set.sort().join('\u0000');
    groups.set(shape, [...(groups.get(shape) ?? []), change]);
  });
  let written = 0;
  for (const [shape, rows] of groups) {
    const values: Record<string, Expression<unknown>> = {};
    for (const name of shape.split('\u0000')) {
      const target = column(table, name);
      values[name] = caseWhen(
        rows.map((row) => [keyEquals(key, row), value(row[name], target.ir.type)] as const),
        target,
      );
    }
    const only =
      key.length === 1
        ? (key[0] as Column<unknown>).in(
            rows.map((row) => value(row[key[0]!.name], key[0]!.ir.type)),
          )
        : or(...rows.map((row) => keyEquals(key, row)));
    await db.execute(
      update(table)
        .set(values as never)
        .where(only) as never,
    );
    written += rows.length;
  }
  return written;
}

/** A cursor (the last row's key values) as JSON; bigints are tagged so they survive. */
export function encodeCursor(values: readonly unknown[], where: string): string {
  return JSON.stringify(
    values.map((v) => {
      if (typeof v === 'bigint') return { bigint: v.toString() };
      if (v instanceof Date) return { date: v.toISOString() };
      if (typeof v === 'number' || typeof v === 'string') return v;
      throw new DataMigrationError(
        `${where}: a primary key value of type ${typeof v} cannot be kept as a resume point`,
      );
    }),
  );
}

export function decodeCursor(text: string): unknown[] {
  return (JSON.parse(text) as unknown[]).map((v) => {
    if (v !== null && typeof v === 'object' && 'bigint' in v) return BigInt(String(v.bigint));
    if (v !== null && typeof v === 'object' && 'date' in v) return new Date(String(v.date));
    return v;
  });
}
