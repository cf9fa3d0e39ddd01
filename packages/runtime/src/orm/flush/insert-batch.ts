/**
 * Prepared multi-row INSERTs: the statement for one batch shape (table, column set, row
 * count, RETURNING list) is built once with `param()` placeholders named by position, so
 * the Core compiles its text once (it keeps the SQL of statements with placeholders for as
 * long as the statement object lives) and each batch only fills a flat array of values.
 * Building a value node per cell and compiling 3,000 placeholders per batch was most of a
 * large flush's CPU time. The SQL and parameters are exactly those of the per-value form.
 */
import { node, type InsertNode, type ParamNode } from '../../core/nodes.js';
import type { ColumnIR, TableIR } from '../../schema/ir.js';
import { columnNode, selection, tableNode } from '../sql.js';

/** Shapes kept per table; more (unusual column sets) evict the oldest. */
const MAX_SHAPES_PER_TABLE = 32;

const shapes = new WeakMap<TableIR, Map<string, InsertNode>>();

/**
 * The INSERT for `rowCount` rows of `columns` returning `returning`; run it with a flat
 * array of `rowCount × columns.length` values in row order as its parameters
 * (parameter `i` is named `String(i)`, so the array itself is the parameter record).
 */
export function preparedInsert(
  table: TableIR,
  columns: readonly ColumnIR[],
  rowCount: number,
  returning: readonly ColumnIR[],
): InsertNode {
  let byShape = shapes.get(table);
  if (byShape === undefined) shapes.set(table, (byShape = new Map()));
  let sig = `${rowCount}|`;
  for (const c of columns) sig += `${c.name}\u0000`;
  sig += '|';
  for (const c of returning) sig += `${c.name}\u0000`;
  const known = byShape.get(sig);
  if (known !== undefined) return known;
  const width = columns.length;
  const values: (readonly ParamNode[])[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const row: ParamNode[] = new Array(width);
    for (let i = 0; i < width; i++) {
      const index = r * width + i;
      row[i] = { kind: 'param', name: String(index), type: (columns[i] as ColumnIR).type, index };
    }
    values[r] = row;
  }
  const stmt: InsertNode = node({
    kind: 'insert',
    with: [],
    table: tableNode(table),
    columns: columns.map((c) => c.name),
    values,
    onConflict: null,
    returning: returning.map((c) => selection(columnNode(c, null))),
  });
  if (byShape.size >= MAX_SHAPES_PER_TABLE) byShape.delete(byShape.keys().next().value as string);
  byShape.set(sig, stmt);
  return stmt;
}
