/**
 * Which side of a one-to-one ref (`-`) holds the foreign key. DBML puts it on the second
 * endpoint (the inline ref's column for `[ref: - ...]`), as @dbml/core does; but
 * prisma-dbml-generator and drizzle-dbml-generator write `child.fk - parent.id`, which
 * would put the key on the parent. The written side is kept unless the columns tell
 * otherwise:
 *
 * 1. the referenced columns are not unique but the holder's are: a foreign key must
 *    reference unique columns, so the key belongs on the other side;
 * 2. both are unique, the holder's columns are its table's primary key and the referenced
 *    ones are not theirs: a key column pointing at a non-key column is the child/parent
 *    order read backwards (Prisma's `Profile.userId - User.id`).
 */
import type { TableDraft } from './context.js';

export interface Endpoint {
  readonly table: TableDraft;
  readonly columns: readonly string[];
}

/** The endpoints of a one-to-one ref as `[holder, referenced]`, swapped when they must be. */
export function oneToOneSides(holder: Endpoint, referenced: Endpoint): [Endpoint, Endpoint] {
  const holderUnique = isUnique(holder);
  const referencedUnique = isUnique(referenced);
  if (!referencedUnique && holderUnique) return [referenced, holder];
  if (referencedUnique && holderUnique && isPrimaryKey(holder) && !isPrimaryKey(referenced)) {
    return [referenced, holder];
  }
  return [holder, referenced];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name));
}

function isPrimaryKey(side: Endpoint): boolean {
  const pk = side.table.primaryKey;
  return pk !== null && sameSet(pk.columns, side.columns);
}

/** True when a primary key, a unique column or a unique index covers exactly these columns. */
function isUnique(side: Endpoint): boolean {
  if (isPrimaryKey(side)) return true;
  if (side.columns.length === 1) {
    const column = side.table.columns.find((c) => c.name === side.columns[0]);
    if (column !== undefined && (column.unique || column.primaryKey)) return true;
  }
  return side.table.indexes.some(
    (index) =>
      index.unique &&
      index.parts.every((p) => p.kind === 'column') &&
      sameSet(
        index.parts.map((p) => (p.kind === 'column' ? p.name : '')),
        side.columns,
      ),
  );
}
