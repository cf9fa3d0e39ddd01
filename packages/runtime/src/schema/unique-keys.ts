/**
 * A table's unique keys as its IR declares them: the primary key, unique constraints,
 * single-column `unique` flags and unique indexes. What an upsert's conflict target is
 * checked against where the database cannot be told which key to watch (MySQL/MariaDB's
 * ON DUPLICATE KEY UPDATE fires on any of them).
 */
import type { TableIR } from './ir.js';

/** One unique key: its name when the IR gives one, and its columns (or index parts). */
export interface UniqueKey {
  readonly name: string | null;
  readonly columns: readonly string[];
}

/** Every unique key of the table, each set of columns once, primary key first. */
export function uniqueKeys(table: TableIR): UniqueKey[] {
  const all: UniqueKey[] = [
    ...(table.primaryKey ? [table.primaryKey] : []),
    ...table.columns.filter((c) => c.unique).map((c) => ({ name: null, columns: [c.name] })),
    ...table.uniques,
    ...table.indexes
      .filter((i) => i.unique)
      .map((i) => ({
        name: i.name,
        // An expression part is named by its SQL: it is a key the target cannot name.
        columns: i.parts.map((p) => (p.kind === 'column' ? p.name : `(${p.sql})`)),
      })),
  ];
  const keys: UniqueKey[] = [];
  for (const key of all) {
    if (!keys.some((k) => sameColumns(k.columns, key.columns))) keys.push(key);
  }
  return keys;
}

/** The table's unique keys other than `target` (the same columns in any order). */
export function otherUniqueKeys(table: TableIR, target: readonly string[]): UniqueKey[] {
  return uniqueKeys(table).filter((k) => !sameColumns(k.columns, target));
}

/** Whether two column lists name the same set of columns. */
export function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}
