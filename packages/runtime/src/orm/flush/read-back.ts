/**
 * Reading values the database made back into flushed objects, by key: generated columns
 * after an UPDATE (read-only.ts), server defaults after an INSERT on a dialect without
 * RETURNING (insert-ids.ts).
 */
import type { ColumnIR } from '../../schema/ir.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import { columnNode, matchAny, selection, selectNode, tableNode } from '../sql.js';

type Obj = Record<string, unknown>;

/** Keys per SELECT. */
const MAX_ROWS = 1_000;

const keyOf = (values: readonly unknown[]): string => values.map(String).join('\u0000');

/**
 * Reads `columns` of the rows of `states` (whose objects hold their keys) into the
 * objects: one `SELECT key, columns ... WHERE key IN (...)` per 1,000 rows. Returns how
 * many of the rows were found (a row that is missing leaves its object unchanged).
 */
export async function readBackByKey(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly InstanceState[],
  columns: readonly ColumnIR[],
): Promise<number> {
  let found = 0;
  for (let start = 0; start < states.length; start += MAX_ROWS) {
    const chunk = states.slice(start, start + MAX_ROWS);
    const keys = chunk.map((st) => mapper.pkProps.map((p) => (st.obj as Obj)[p]));
    const stmt = selectNode({
      selections: [...mapper.pkColumns, ...columns].map((c) => selection(columnNode(c, null))),
      from: [tableNode(mapper.ir)],
      where: matchAny(mapper.pkColumns, keys, null),
    });
    const rows = (await ex.run(stmt)).rows as readonly Obj[];
    const byKey = new Map(rows.map((row) => [keyOf(mapper.pkProps.map((p) => row[p])), row]));
    chunk.forEach((st, i) => {
      const row = byKey.get(keyOf(keys[i] as unknown[]));
      if (row === undefined) return;
      found++;
      for (const c of columns) (st.obj as Obj)[c.propertyName] = row[c.propertyName];
    });
  }
  return found;
}
