/**
 * MySQL's key names and prefix keys, as introspection reads them back. MySQL names keys
 * per table; the IR, DBML and PostgreSQL per schema (SQLite per database), and there an
 * index name meets table names. Two tables that each have a unique made without a name on
 * a column `email` both have a key `email`, two tables may each have a `KEY idx_created`,
 * and a key may be named as a table: pulled as they are, `dbgen check` refuses the DBML
 * (or PostgreSQL and SQLite the DDL).
 */
import type { IndexIR, TableIR, UniqueIR } from '../../schema/ir.js';
import { indexNameBase, NameAllocator } from '../../schema/default-names.js';

type Key = UniqueIR | IndexIR;

/** One column of a key, as information_schema.STATISTICS lists it. */
export interface KeyColumn {
  readonly name: string;
  /** SUB_PART: the length of the prefix keyed, null when the whole value is. */
  readonly prefix: number | null;
}

/**
 * The note that says a key is a prefix key (`KEY (title(20))`), or null when no column of
 * it is keyed by a prefix. DBML has none, so a prefix key pulls as a key over whole
 * values; the note keeps what changed in sight, in the DBML and in the index comment a
 * push writes. (Pull's warnings are the CLI's; a note is what the IR can carry.)
 */
export function prefixKeyNote(columns: readonly KeyColumn[], unique: boolean): string | null {
  if (columns.every((c) => c.prefix === null)) return null;
  const keyed = columns.map((c) => (c.prefix === null ? c.name : `${c.name}(${c.prefix})`));
  const head = `MySQL keys a prefix: ${keyed.length === 1 ? keyed[0] : `(${keyed.join(', ')})`}.`;
  return unique
    ? `${head} DBML has no prefix keys: pushed, this unique covers whole values, so values that share the prefix no longer collide.`
    : `${head} DBML has no prefix keys: pushed, this index covers whole values, which may be too long to key.`;
}

/** A key's note: its comment, then prefixKeyNote's, unless the comment has it already. */
export function keyNote(comment: string | null, prefix: string | null): string | null {
  if (prefix === null || comment?.includes(prefix)) return comment;
  return comment === null ? prefix : `${comment}\n${prefix}`;
}

/**
 * The tables with each key whose name PostgreSQL or SQLite could not take renamed to the
 * name dbgen and PostgreSQL give an unnamed key: `users_email_key` (a unique),
 * `posts_title_idx` (an index), as migrate/names.ts gives them (schema/default-names.ts).
 * Such a name is one that more than one table of the schema has (MySQL names keys per
 * table: a default name, `email` or `email_2`, or one given, `KEY idx_created`), or that of a
 * table or view of the schema (PostgreSQL's index names and SQLite's share their
 * namespace). Every holder of a clashing name is renamed, not all but one, so that which
 * keeps it depends on no order. A name the database holds once and no table has stays as
 * it is, since the DDL drops and compares keys by the name the database has (a key named
 * after its column in DBML, pushed here, pulls back under that name, and earlier pulls
 * stay free of drift).
 */
export function qualifyClashingKeys(tables: readonly TableIR[]): TableIR[] {
  const slot = (table: TableIR, name: string): string => `${table.schema}\0${name}`;
  const holders = new Map<string, number>();
  const tableNames = new Set(tables.map((table) => slot(table, table.name)));
  for (const table of tables) {
    for (const key of [...table.uniques, ...table.indexes]) {
      if (key.name !== null)
        holders.set(slot(table, key.name), (holders.get(slot(table, key.name)) ?? 0) + 1);
    }
  }
  const clashes = (table: TableIR, key: Key): boolean =>
    key.name !== null &&
    ((holders.get(slot(table, key.name)) ?? 0) > 1 || tableNames.has(slot(table, key.name)));
  // Key names are per schema, and meet table names. Every name that stays is taken; a new
  // one that would meet one gets a number, as migrate/names.ts numbers its own
  // (`users_email_key1`).
  const namesBySchema = new Map<string, NameAllocator>();
  const names = (table: TableIR): NameAllocator => {
    let allocator = namesBySchema.get(table.schema);
    if (!allocator) namesBySchema.set(table.schema, (allocator = new NameAllocator()));
    return allocator;
  };
  for (const table of tables) {
    names(table).reserve(table.name);
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
