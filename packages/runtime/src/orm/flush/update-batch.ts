/**
 * Prepared batched UPDATEs: the statement for one batch shape (table, key columns, changed
 * columns, row count) is built once with placeholders read by position, as
 * insert-batch.ts does for INSERTs, so the Core compiles its text once and each batch only
 * fills a flat array. Built per batch with a value node per cell, the `CASE` of 1,000 rows
 * was a tree of some 6,000 nodes to make and then walk for its shape on every flush (W5 of
 * the peer benchmark). The SQL and the parameters are exactly those of the per-value form
 * (`persister.ts`): a placeholder reads the same array cell wherever the key repeats.
 *
 * Parameters: row `r`'s key values, then its changed values, at `r × (keys + changed)`.
 */
import {
  node,
  type ExpressionNode,
  type ParamNode,
  type RawNode,
  type UpdateNode,
} from '../../core/nodes.js';
import type { ColumnIR, TableIR } from '../../schema/ir.js';
import { andNode, columnNode, eqNode, orNode, setNode, updateNode } from '../sql.js';

/** Shapes kept per table; more (unusual column sets) evict the oldest. */
const MAX_SHAPES_PER_TABLE = 32;

const shapes = new WeakMap<TableIR, Map<string, UpdateNode>>();

/** The width of one row's cells in the parameter array of {@link preparedUpdate}. */
export const updateRowWidth = (keys: readonly ColumnIR[], changed: readonly ColumnIR[]): number =>
  keys.length + changed.length;

/**
 * `UPDATE table SET c = CASE key WHEN ? THEN ? ... ELSE c END, ... WHERE key IN (...)` (a
 * composite key: `CASE WHEN k1 = ? AND k2 = ? THEN ?`, `WHERE (...) OR (...)`)
 * for `rowCount` rows (`SET c = ? WHERE key = ?` for one row); no version column.
 */
export function preparedUpdate(
  table: TableIR,
  keys: readonly ColumnIR[],
  changed: readonly ColumnIR[],
  rowCount: number,
): UpdateNode {
  let byShape = shapes.get(table);
  if (byShape === undefined) shapes.set(table, (byShape = new Map()));
  let sig = `${rowCount}|`;
  for (const c of keys) sig += `${c.name}\u0000`;
  sig += '|';
  for (const c of changed) sig += `${c.name}\u0000`;
  const known = byShape.get(sig);
  if (known !== undefined) return known;

  const width = updateRowWidth(keys, changed);
  const param = (c: ColumnIR, index: number): ParamNode =>
    node({ kind: 'param', name: String(index), type: c.type, index });
  const keyAt = (r: number): ParamNode => param(keys[0] as ColumnIR, r * width);
  const keyMatch = (r: number): ExpressionNode =>
    andNode(keys.map((c, k) => eqNode(columnNode(c, null), param(c, r * width + k))));
  const rows = Array.from({ length: rowCount }, (_, r) => r);
  const set = changed.map((c, j) => {
    const valueAt = (r: number) => param(c, r * width + keys.length + j);
    if (rowCount === 1) return setNode(c, valueAt(0));
    if (keys.length === 1)
      return setNode(c, simpleCase(keys[0] as ColumnIR, c, rows, keyAt, valueAt));
    // ELSE the column itself: never taken, but it gives PostgreSQL the CASE's type.
    return setNode(
      c,
      node({
        kind: 'case',
        whens: Object.freeze(rows.map((r) => ({ when: keyMatch(r), then: valueAt(r) }))),
        otherwise: columnNode(c, null),
      }),
    );
  });
  let where: ExpressionNode;
  if (rowCount === 1) where = keyMatch(0);
  else if (keys.length === 1) {
    where = node({
      kind: 'in',
      negated: false,
      operand: columnNode(keys[0] as ColumnIR, null),
      list: Object.freeze(rows.map(keyAt)),
    });
  } else where = orNode(rows.map(keyMatch));
  const stmt = updateNode(table, set, where);
  if (byShape.size >= MAX_SHAPES_PER_TABLE) byShape.delete(byShape.keys().next().value as string);
  byShape.set(sig, stmt);
  return stmt;
}

/**
 * `CASE key WHEN ? THEN ? ... ELSE c END`: the simple form of the CASE for a one-column key
 * (the same comparisons as `key = ?`, so the same rows match). MariaDB evaluates it in about
 * two thirds of the time of `CASE WHEN key = ? THEN ?` (1,000 of 10,000 rows renamed, 60
 * alternating runs, 2026-12-05: 13.3–13.9 ms against 8.4–10.1 ms at best, 39 against 25 ms
 * median), as it reads the key once per row instead of evaluating one `=` per branch. The
 * Core's CASE node has no operand, so this one is a raw fragment over the same nodes.
 */
function simpleCase(
  key: ColumnIR,
  c: ColumnIR,
  rows: readonly number[],
  keyAt: (r: number) => ParamNode,
  valueAt: (r: number) => ParamNode,
): RawNode {
  const parts: string[] = ['case '];
  const args: ExpressionNode[] = [columnNode(key, null)];
  for (const r of rows) {
    parts.push(' when ', ' then ');
    args.push(keyAt(r), valueAt(r));
  }
  parts.push(' else ', ' end');
  args.push(columnNode(c, null));
  return node({ kind: 'raw', parts: Object.freeze(parts), args: Object.freeze(args) });
}
