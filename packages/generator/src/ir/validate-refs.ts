/**
 * A foreign key must point at columns the target keeps unique: its primary key, a unique
 * column, or a (non-partial) unique index of exactly those columns. PostgreSQL refuses
 * the CREATE TABLE otherwise ("there is no unique constraint matching given keys"),
 * SQLite every insert ("foreign key mismatch"), and MySQL takes it but a row may then
 * match several parents. `Ref: a.x > b.y` with `b.y` not unique, and `a.id <> b.id` where
 * `a`'s key is `(id, region)` (its join table points at `a.id` alone), both pass the
 * reference parser (its fixtures have such refs: a warning, not an error), but `push`
 * cannot load them into PostgreSQL or SQLite: the ref is named for the fix.
 */
import type { ForeignKeyIR } from '@dbgen/runtime';
import { CODES } from './codes.js';
import type { Reporter, TableDraft } from './context.js';

/** Reports each foreign key of `tables` whose target columns are not a key of the target. */
export function validateReferencedKeys(tables: readonly TableDraft[], reporter: Reporter): void {
  const byKey = new Map(tables.map((t) => [t.key, t]));
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const target = byKey.get(fk.target);
      // An unknown target or column was reported where the ref was resolved.
      if (target === undefined || isKey(target, fk.targetColumns)) continue;
      const columns = fk.targetColumns.map((c) => `'${c}'`).join(', ');
      const what = fk.targetColumns.length === 1 ? 'column' : 'columns';
      reporter.warning(
        CODES.refToNonKey,
        `the ref ${describe(table, fk)} points at ${what} ${columns} of '${target.name}', which ${fk.targetColumns.length === 1 ? 'is' : 'are'} not its primary key or unique; PostgreSQL and SQLite refuse such a foreign key (make ${what} ${columns} [pk] or [unique], or point the ref at the key)`,
        fk.span ?? table.span,
      );
    }
  }
}

/** The ref as written: `books.(a_id, a_region) > authors.(id, region)`, or `a.id <> b.id`. */
function describe(table: TableDraft, fk: ForeignKeyIR): string {
  const list = (columns: readonly string[]) =>
    columns.length === 1 ? (columns[0] ?? '') : `(${columns.join(', ')})`;
  const end = (key: string, columns: readonly string[]) =>
    `${key.slice(key.indexOf('.') + 1)}.${list(columns)}`;
  if (!table.synthesized)
    return `${table.name}.${list(fk.columns)} > ${end(fk.target, fk.targetColumns)}`;
  // A many-to-many's join table (made by dbgen): its two keys are the ref's two ends.
  const ends = table.foreignKeys.map((key) => end(key.target, key.targetColumns));
  return `${ends.join(' <> ')} (its join table '${table.name}' points at both ends)`;
}

/** True when `columns` (in any order) are the table's primary key or one of its unique keys. */
function isKey(table: TableDraft, columns: readonly string[]): boolean {
  const wanted = new Set(columns);
  const same = (key: readonly string[]) =>
    key.length === wanted.size && key.every((c) => wanted.has(c));
  if (table.primaryKey !== null && same(table.primaryKey.columns)) return true;
  if (columns.length === 1 && table.columns.some((c) => c.name === columns[0] && c.unique))
    return true;
  return table.indexes.some(
    (index) =>
      index.unique &&
      index.where === undefined &&
      index.parts.every((p) => p.kind === 'column') &&
      same(index.parts.map((p) => (p.kind === 'column' ? p.name : ''))),
  );
}
