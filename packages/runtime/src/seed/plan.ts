/**
 * The order a seed writes in: tables parents first by their foreign keys (the ORM's
 * commit order), and the foreign keys that must wait for a later UPDATE because they
 * close a cycle (between tables, or a table referencing itself) and are nullable. The
 * key each table's rows are upserted by: the primary key, else a unique constraint whose
 * columns the Records block gives.
 */
import { computeCommitOrder } from '../orm/flush/commit-order.js';
import { MappingError } from '../orm/errors.js';
import type { ForeignKeyIR, RecordsIR, SchemaIR, TableIR, TableKey } from '../schema/ir.js';
import { SeedError } from './errors.js';

export interface SeedStep {
  readonly table: TableIR;
  readonly records: RecordsIR;
  /** The columns rows are matched by: a second run updates, never duplicates. */
  readonly key: readonly string[];
  /** Columns inserted as given now; the deferred ones are set by an UPDATE afterwards. */
  readonly deferred: readonly string[];
}

export interface SeedPlan {
  readonly steps: readonly SeedStep[];
}

export function planSeed(ir: SchemaIR): SeedPlan {
  const tableByKey = new Map(ir.tables.map((t) => [t.key, t]));
  const recordsByKey = new Map(ir.records.map((r) => [r.table, r]));
  const tables = ir.tables.filter((t) => recordsByKey.has(t.key));
  const order = commitOrder(tables);
  const steps = order.tables.map((key): SeedStep => {
    const table = tableByKey.get(key) as TableIR;
    const records = recordsByKey.get(key) as RecordsIR;
    const deferred = table.foreignKeys
      .filter((fk) => order.brokenEdges.has(fk) || (fk.target === key && nullable(table, fk)))
      .flatMap((fk) => fk.columns)
      .filter((c) => records.columns.includes(c));
    const upsertBy = upsertKey(table, records);
    checkKeys(table, records, upsertBy);
    return { table, records, key: upsertBy, deferred: [...new Set(deferred)] };
  });
  return { steps };
}

/**
 * Each record's key is a value, and its own: two records with one key made the second
 * overwrite the first (SQLite, MySQL) or failed without a name (PostgreSQL), and a key
 * computed by the database (`gen_random_uuid()`) wrote a new row on every run and could
 * not be found again to set a deferred foreign key (which stayed NULL).
 */
function checkKeys(table: TableIR, records: RecordsIR, key: readonly string[]): void {
  const at = key.map((c) => records.columns.indexOf(c));
  const seen = new Map<string, number>();
  records.rows.forEach((row, index) => {
    const values = at.map((i) => row[i] ?? null);
    const shown = key.map((c, k) => `${c} ${JSON.stringify(values[k])}`).join(', ');
    const computed = values.find((v) => typeof v === 'object' && v !== null);
    if (computed !== undefined) {
      throw new SeedError(
        `"${table.key}" record ${index + 1}: its key (${key.join(', ')}) is an expression, ` +
          'which a second run could not find again (it would write the row anew); give the key as a value',
        table.key,
      );
    }
    const text = JSON.stringify(values.map((v) => (v === null ? null : String(v))));
    const first = seen.get(text);
    if (first !== undefined) {
      throw new SeedError(
        `"${table.key}" records ${first + 1} and ${index + 1} have the same key (${shown}): ` +
          'the second would overwrite the first; keep one',
        table.key,
      );
    }
    seen.set(text, index);
  });
}

/** The tables to empty for `--reset`: the seeded ones and those whose rows point at them. */
export function tablesToEmpty(ir: SchemaIR): readonly TableIR[] {
  const chosen = new Set<TableKey>(ir.records.map((r) => r.table));
  for (let grew = true; grew;) {
    grew = false;
    for (const table of ir.tables) {
      if (chosen.has(table.key)) continue;
      if (table.foreignKeys.some((fk) => chosen.has(fk.target))) {
        chosen.add(table.key);
        grew = true;
      }
    }
  }
  const tables = ir.tables.filter((t) => chosen.has(t.key));
  const order = commitOrder(tables);
  const byKey = new Map(tables.map((t) => [t.key, t]));
  return [...order.tables].reverse().map((k) => byKey.get(k) as TableIR);
}

function commitOrder(tables: readonly TableIR[]): ReturnType<typeof computeCommitOrder> {
  try {
    return computeCommitOrder(tables);
  } catch (error) {
    if (error instanceof MappingError) throw new SeedError(`cannot seed: ${error.message}`);
    throw error;
  }
}

function nullable(table: TableIR, fk: ForeignKeyIR): boolean {
  return fk.columns.every((c) => table.columns.find((col) => col.name === c)?.nullable ?? false);
}

function upsertKey(table: TableIR, records: RecordsIR): readonly string[] {
  const candidates = [
    ...(table.primaryKey ? [table.primaryKey.columns] : []),
    ...table.uniques.map((u) => u.columns),
    ...table.columns.filter((c) => c.unique).map((c) => [c.name]),
  ];
  const key = candidates.find((columns) => columns.every((c) => records.columns.includes(c)));
  if (key === undefined) {
    throw new SeedError(
      `cannot seed "${table.key}" without duplicating rows on a second run: its Records give ` +
        `no primary key or unique columns (give ${candidates[0]?.join(', ') ?? 'a primary key'} in the Records, or add a primary key)`,
      table.key,
    );
  }
  return key;
}
