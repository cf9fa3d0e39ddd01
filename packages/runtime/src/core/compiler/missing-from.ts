/**
 * A top-level SELECT without FROM that names table columns: the database would only say
 * "missing FROM-clause entry" (or "no such column"); this says which column and the fix.
 * The FROM is the caller's to give (`select(...).from(table)`, or `selectFrom(table)`):
 * it is not guessed from the columns, since an aliased or joined source cannot be told
 * from a column's qualifier alone.
 */
import { CompileError } from '../errors.js';
import type { ColumnNode, SelectNode } from '../nodes.js';

/** Throws when a top-level `n` has no FROM but refers to a qualified column outside subqueries. */
export function checkFromGiven(n: SelectNode): void {
  if (n.from.length > 0) return;
  const column =
    firstQualifiedColumn(n.selections) ??
    firstQualifiedColumn(n.where) ??
    firstQualifiedColumn(n.groupBy) ??
    firstQualifiedColumn(n.having) ??
    firstQualifiedColumn(n.orderBy);
  if (column === null) return;
  const table = column.table as string;
  throw new CompileError(
    `the select has no FROM but uses column "${table}"."${column.name}"; add .from(${table}) ` +
      `(or start with selectFrom(${table}))`,
  );
}

const STOP_AT = new Set<unknown>(['select', 'compound', 'raw', 'rawStatement', 'value', 'param']);

/**
 * The first column with a table qualifier in a node tree, not looking inside subqueries,
 * raw SQL fragments or bound values.
 */
function firstQualifiedColumn(tree: unknown): ColumnNode | null {
  if (tree === null || typeof tree !== 'object') return null;
  if (Array.isArray(tree)) {
    for (const item of tree) {
      const found = firstQualifiedColumn(item);
      if (found !== null) return found;
    }
    return null;
  }
  const kind = (tree as { kind?: unknown }).kind;
  // A subquery has a FROM of its own (or may correlate to ours: then ours is the error);
  // a raw fragment may bring one in its text; a bound value is data, not SQL.
  if (STOP_AT.has(kind)) return null;
  if (kind === 'column') {
    const column = tree as ColumnNode;
    return column.table === null ? null : column;
  }
  for (const value of Object.values(tree)) {
    const found = firstQualifiedColumn(value);
    if (found !== null) return found;
  }
  return null;
}
