/**
 * Reading values the database made back into flushed objects, by key: generated columns
 * after an UPDATE (read-only.ts), server defaults after an INSERT on a dialect without
 * RETURNING (insert-ids.ts).
 */
import {
  node,
  type InNode,
  type ParamNode,
  type SelectNode,
  type StatementNode,
} from '../../core/nodes.js';
import type { ColumnIR } from '../../schema/ir.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../session/executor.js';
import type { UpdateTarget } from '../state/instance-state.js';
import { columnNode, matchAny, selection, selectNode, tableNode } from '../sql.js';

type Obj = Record<string, unknown>;

/** Runs a read of rows the flush wrote, without the session's filters (executor.ts says why). */
export function runUnfiltered(
  ex: OrmExecutor,
  statement: StatementNode,
  params?: Readonly<Record<string, unknown>>,
): Promise<RunResult> {
  return ex.runUnfiltered !== undefined
    ? ex.runUnfiltered(statement, params)
    : ex.run(statement, params);
}

/** Keys per SELECT. */
const MAX_ROWS = 1_000;

const keyOf = (values: readonly unknown[]): string => values.map(String).join('\u0000');
const mapKey = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? String(value) : value;

/** Read-back statements kept per mapper (shapes: column set × key count). */
const MAX_SHAPES = 16;
const prepared = new WeakMap<Mapper, Map<string, SelectNode>>();

/**
 * `SELECT key, columns ... WHERE key IN (?, ...)` for `count` keys of a one-column key,
 * with placeholders named by position, built and compiled once per shape (as prepared
 * INSERTs are, insert-batch.ts): a value node per key and compiling 1,000 placeholders per
 * batch was most of reading the defaults of 10,000 new rows back.
 */
function preparedSelect(mapper: Mapper, columns: readonly ColumnIR[], count: number): SelectNode {
  let byShape = prepared.get(mapper);
  if (byShape === undefined) prepared.set(mapper, (byShape = new Map()));
  let sig = `${count}|`;
  for (const c of columns) sig += `${c.name}\u0000`;
  const known = byShape.get(sig);
  if (known !== undefined) return known;
  const key = mapper.pkColumns[0] as ColumnIR;
  const list: ParamNode[] = new Array(count);
  for (let i = 0; i < count; i++)
    list[i] = { kind: 'param', name: String(i), type: key.type, index: i };
  const stmt = selectNode({
    selections: [key, ...columns].map((c) => selection(columnNode(c, null))),
    from: [tableNode(mapper.ir)],
    where: node<InNode>({
      kind: 'in',
      negated: false,
      operand: columnNode(key, null),
      list: Object.freeze(list),
    }),
  });
  if (byShape.size >= MAX_SHAPES) byShape.delete(byShape.keys().next().value as string);
  byShape.set(sig, stmt);
  return stmt;
}

/**
 * Reads `columns` of the rows of `states` (whose objects hold their keys) into the
 * objects: one `SELECT key, columns ... WHERE key IN (...)` per 1,000 rows. Returns how
 * many of the rows were found (a row that is missing leaves its object unchanged).
 */
export async function readBackByKey(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly UpdateTarget[],
  columns: readonly ColumnIR[],
): Promise<number> {
  if (mapper.pkProps.length === 1) return readBackBySingleKey(ex, mapper, states, columns);
  let found = 0;
  for (let start = 0; start < states.length; start += MAX_ROWS) {
    const chunk = states.slice(start, start + MAX_ROWS);
    const keys = chunk.map((st) => mapper.pkProps.map((p) => (st.obj as Obj)[p]));
    const stmt = selectNode({
      selections: [...mapper.pkColumns, ...columns].map((c) => selection(columnNode(c, null))),
      from: [tableNode(mapper.ir)],
      where: matchAny(mapper.pkColumns, keys, null),
    });
    const rows = (await runUnfiltered(ex, stmt)).rows as readonly Obj[];
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

/** {@link readBackByKey} for a one-column key, through {@link preparedSelect}. */
async function readBackBySingleKey(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly UpdateTarget[],
  columns: readonly ColumnIR[],
): Promise<number> {
  const keyProp = mapper.pkProps[0] as string;
  let found = 0;
  for (let start = 0; start < states.length; start += MAX_ROWS) {
    const count = Math.min(MAX_ROWS, states.length - start);
    const keys: unknown[] = new Array(count);
    for (let i = 0; i < count; i++)
      keys[i] = ((states[start + i] as UpdateTarget).obj as Obj)[keyProp];
    const stmt = preparedSelect(mapper, columns, count);
    const rows = (
      await runUnfiltered(ex, stmt, keys as unknown as Readonly<Record<string, unknown>>)
    ).rows as readonly Obj[];
    // Keys as the objects hold them and as rows give them back are the same type (both
    // converted by the column's type), so a Map by value finds them; a Date or bytes key
    // is an object, compared by its text.
    const byKey = new Map<unknown, Obj>();
    for (const row of rows) byKey.set(mapKey(row[keyProp]), row);
    for (let i = 0; i < count; i++) {
      const row = byKey.get(mapKey(keys[i]));
      if (row === undefined) continue;
      found++;
      const o = (states[start + i] as UpdateTarget).obj as Obj;
      for (const c of columns) o[c.propertyName] = row[c.propertyName];
    }
  }
  return found;
}
