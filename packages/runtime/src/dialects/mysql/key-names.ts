/**
 * The names of keys MySQL made without one, as introspection reads them back. MySQL names
 * keys per table; the IR, DBML and PostgreSQL per schema (SQLite per database). Two
 * tables that each have a unique made without a name on a column `email` both have a key
 * `email`: pulled as they are, `dbgen check` refuses the DBML and PostgreSQL the DDL.
 */
import type { IndexIR, TableIR, UniqueIR } from '../../schema/ir.js';
import { indexNameBase, NameAllocator } from '../../schema/default-names.js';

type Key = UniqueIR | IndexIR;

/** The name MySQL gives a key made without one: its first column, then `col_2`, `col_3`... */
function isDefaultKeyName(name: string, firstColumn: string | undefined): boolean {
  if (firstColumn === undefined) return false;
  if (name === firstColumn) return true;
  const tail = name.startsWith(`${firstColumn}_`) ? name.slice(firstColumn.length + 1) : '';
  return /^[1-9]\d*$/.test(tail) && Number(tail) >= 2;
}

function firstColumn(key: Key): string | undefined {
  if ('columns' in key) return key.columns[0];
  const part = key.parts[0];
  return part?.kind === 'column' ? part.name : undefined;
}

/**
 * The tables with every default name (isDefaultKeyName) that more than one table of the
 * schema has replaced by the name dbgen and PostgreSQL give an unnamed key:
 * `users_email_key` (a unique), `posts_title_idx` (an index), as migrate/names.ts gives
 * them (schema/default-names.ts). Only clashing names are replaced: a name the database
 * holds once stays as it is, since the DDL drops and compares keys by the name the
 * database has (a key named after its column in DBML, pushed here, pulls back under that
 * name, and earlier pulls stay free of drift).
 */
export function qualifyClashingKeys(tables: readonly TableIR[]): TableIR[] {
  const slot = (table: TableIR, name: string): string => `${table.schema}\0${name}`;
  const holders = new Map<string, number>();
  for (const table of tables) {
    for (const key of [...table.uniques, ...table.indexes]) {
      if (key.name !== null)
        holders.set(slot(table, key.name), (holders.get(slot(table, key.name)) ?? 0) + 1);
    }
  }
  const clashes = (table: TableIR, key: Key): boolean =>
    key.name !== null &&
    (holders.get(slot(table, key.name)) ?? 0) > 1 &&
    isDefaultKeyName(key.name, firstColumn(key));
  // Key names are per schema. Every name that stays is taken; a new one that would meet
  // one gets a number, as migrate/names.ts numbers its own (`users_email_key1`).
  const namesBySchema = new Map<string, NameAllocator>();
  const names = (table: TableIR): NameAllocator => {
    let allocator = namesBySchema.get(table.schema);
    if (!allocator) namesBySchema.set(table.schema, (allocator = new NameAllocator()));
    return allocator;
  };
  for (const table of tables) {
    for (const key of [...table.uniques, ...table.indexes]) {
      if (key.name !== null && !clashes(table, key)) names(table).reserve(key.name);
    }
  }
  return tables.map((table) => ({
    ...table,
    uniques: table.uniques.map((u) =>
      clashes(table, u)
        ? { ...u, name: names(table).allocate([table.name, ...u.columns].join('_'), 'key') }
        : u,
    ),
    indexes: table.indexes.map((i) =>
      clashes(table, i)
        ? { ...i, name: names(table).allocate(indexNameBase(table.name, i), 'idx') }
        : i,
    ),
  }));
}
