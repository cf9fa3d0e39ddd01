/**
 * Multi-row inserts whose rows set different columns, on a dialect without DEFAULT in
 * VALUES (SQLite): each run of consecutive rows that set the same columns becomes its own
 * statement, run in input order inside one transaction (or savepoint); RETURNING rows are
 * put back in input order. Runs, not one group per column set: rows go in in the order
 * given, as one multi-row INSERT with DEFAULT inserts them (PostgreSQL, MySQL), so
 * autoincrement keys follow input order and, with ON CONFLICT DO NOTHING, the first of two
 * rows with the same key is the one kept. Rows that alternate column sets cost one
 * statement each.
 */
import type { SqlDialect } from './dialect.js';
import type { ExpressionNode, InsertNode, StatementNode } from './nodes.js';
import type { ExecuteResult } from './run.js';

/** One statement of a split insert and the input positions of its rows. */
export interface InsertPart {
  readonly node: InsertNode;
  readonly positions: readonly number[];
}

type Rows = readonly (readonly ExpressionNode[])[];

/**
 * Row lists of many rows already scanned and found to set every column: the ORM runs the
 * same prepared 1,000-row INSERT for every batch of a flush, and scanning its 3,000 cells
 * again each time cost more than binding them.
 */
const setEveryColumn = new WeakSet<Rows>();

/** The statements to run instead of `node`, or null when it needs no splitting. */
export function splitInsert(node: StatementNode, dialect: SqlDialect): InsertPart[] | null {
  if (node.kind !== 'insert' || dialect.capabilities.defaultInValues) return null;
  if (!Array.isArray(node.values)) return null;
  const rows = node.values as Rows;
  if (setEveryColumn.has(rows)) return null;
  if (!rows.some((row) => row.some((cell) => cell.kind === 'default'))) {
    if (rows.length > 16) setEveryColumn.add(rows);
    return null;
  }
  const runs: { key: string; columns: string[]; rows: ExpressionNode[][]; positions: number[] }[] =
    [];
  rows.forEach((row, position) => {
    const set = row.map((cell) => cell.kind !== 'default');
    // A row that sets nothing is `default values`, one row per statement.
    const key = set.includes(true) ? set.map((s) => (s ? '1' : '0')).join('') : `none:${position}`;
    let run = runs[runs.length - 1];
    if (run === undefined || run.key !== key) {
      run = { key, columns: node.columns.filter((_, i) => set[i]), rows: [], positions: [] };
      runs.push(run);
    }
    run.rows.push(row.filter((cell) => cell.kind !== 'default'));
    run.positions.push(position);
  });
  return runs.map((g) => ({
    node: Object.freeze({
      ...node,
      columns: Object.freeze(g.columns),
      values: Object.freeze(g.rows.map((r) => (r.length > 0 ? Object.freeze(r) : r))),
    }),
    positions: g.positions,
  }));
}

/** Runs the parts in order and merges their results (RETURNING rows in input order). */
export async function runInsertParts<Row>(
  parts: readonly InsertPart[],
  run: (node: InsertNode) => Promise<ExecuteResult<Row>>,
): Promise<ExecuteResult<Row>> {
  const results: ExecuteResult<Row>[] = [];
  for (const part of parts) results.push(await run(part.node));
  const rowCount = results.reduce((n, r) => n + r.rowCount, 0);
  // Each part returns one row per input row (RETURNING), and those go back to their input
  // positions. When ON CONFLICT DO NOTHING skipped some, which ones is unknown: the rows
  // then come part by part, which is still input order (parts are consecutive runs).
  const exact = results.every((r, i) => r.rows.length === parts[i]?.positions.length);
  if (!exact) return { rows: results.flatMap((r) => r.rows), rowCount };
  const rows: Row[] = [];
  results.forEach((result, i) => {
    const positions = parts[i]?.positions ?? [];
    result.rows.forEach((row, j) => {
      rows[positions[j] as number] = row;
    });
  });
  return { rows, rowCount };
}
