/**
 * Prepared multi-row INSERTs: the statement for one batch shape (table, column set, row
 * count, RETURNING list) is built once with `param()` placeholders named by position, so
 * the Core compiles its text once (it keeps the SQL of statements with placeholders for as
 * long as the statement object lives) and each batch only fills a flat array of values.
 * Building a value node per cell and compiling 3,000 placeholders per batch was most of a
 * large flush's CPU time. The SQL and parameters are exactly those of the per-value form.
 *
 * The per-row loops of an INSERT (grouping rows by column set, filling the parameters,
 * copying RETURNING values back) are here as plain functions, out of the persister's
 * async one: V8 does not optimize an async function in the middle of a loop (no
 * on-stack replacement), and a flush runs once, so 10,000 rows went through those loops
 * in the interpreter until the persister itself had been called often enough.
 */
import { node, type InsertNode, type ParamNode } from '../../core/nodes.js';
import { invalidValue, valueCheck, type ValueCheck } from '../../core/value-check.js';
import type { ColumnIR, TableIR } from '../../schema/ir.js';
import type { Mapper } from '../mapping/mapper.js';
import type { InstanceState } from '../state/instance-state.js';
import { columnNode, selection, tableNode } from '../sql.js';

type Obj = Record<string, unknown>;

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

/**
 * `states` grouped by the set of columns they give values for; unset nullable columns
 * without a default are set to null first (sent as NULL: rows then share one column list,
 * and nothing is fetched back for them). Rows usually all set the same columns: then
 * `states` itself is the one group, uncopied.
 */
export function groupByColumnSet(
  mapper: Mapper,
  states: readonly InstanceState[],
): Iterable<readonly InstanceState[]> {
  const props = mapper.props;
  const plainNullable = plainNullableProps(mapper);
  let groups: Map<number | string, InstanceState[]> | null = null;
  let firstSig: number | string | null = null;
  for (let s = 0; s < states.length; s++) {
    const st = states[s] as InstanceState;
    const o = st.obj as Obj;
    for (let i = 0; i < plainNullable.length; i++) {
      const p = plainNullable[i] as string;
      if (o[p] === undefined) o[p] = null;
    }
    const sig = signature(o, props);
    if (groups === null) {
      if (s === 0) firstSig = sig;
      if (sig === firstSig) continue;
      // A second shape: group the rows seen so far, then go on grouping.
      groups = new Map([[firstSig as number | string, states.slice(0, s) as InstanceState[]]]);
    }
    const g = groups.get(sig);
    if (g) g.push(st);
    else groups.set(sig, [st]);
  }
  return groups === null ? [states] : groups.values();
}

/** Which of `props` have values, as a bit mask (a bit string past 30 columns). */
function signature(o: Obj, props: readonly string[]): number | string {
  const n = props.length;
  if (n <= 30) {
    let sig = 0;
    for (let i = 0; i < n; i++) if (o[props[i] as string] !== undefined) sig |= 1 << i;
    return sig;
  }
  let sig = '';
  for (let i = 0; i < n; i++) sig += o[props[i] as string] === undefined ? '0' : '1';
  return sig;
}

const plainNullableCache = new WeakMap<Mapper, readonly string[]>();

/** Properties of nullable columns without a default or generator (sent as NULL when unset). */
function plainNullableProps(mapper: Mapper): readonly string[] {
  let props = plainNullableCache.get(mapper);
  if (props === undefined) {
    props = mapper.columns
      .filter(
        (c) =>
          c.nullable && c.default === null && !c.autoIncrement && !c.primaryKey && !c.generated,
      )
      .map((c) => c.propertyName);
    plainNullableCache.set(mapper, props);
  }
  return props;
}

/**
 * The parameters of one batch, `count` rows of `group` from `start`: their values of
 * `columns`, row after row. Each value is checked against its column here, before the
 * statement is sent: one that does not fit fails the flush (which rolls back) with the
 * column named.
 */
export function insertParams(
  mapper: Mapper,
  columns: readonly ColumnIR[],
  group: readonly InstanceState[],
  start: number,
  count: number,
): unknown[] {
  const width = columns.length;
  const props = columns.map((c) => c.propertyName);
  const checks = columns.map((c) => valueCheck(c.type, 'write'));
  const params: unknown[] = new Array(count * width);
  let k = 0;
  for (let r = 0; r < count; r++) {
    const o = (group[start + r] as InstanceState).obj as Obj;
    for (let i = 0; i < width; i++) {
      const value = o[props[i] as string];
      if (value !== null) {
        const misfit = (checks[i] as ValueCheck)(value);
        if (misfit !== null)
          throw invalidValue(value, misfit, mapper.ir.name, (columns[i] as ColumnIR).name);
      }
      params[k++] = value;
    }
  }
  return params;
}

/** Copies the RETURNING values of `rows` onto the objects of `group` from `start`, in order. */
export function assignReturned(
  rows: readonly Obj[],
  group: readonly InstanceState[],
  start: number,
  props: readonly string[],
): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Obj;
    const o = (group[start + r] as InstanceState).obj as Obj;
    for (let i = 0; i < props.length; i++) {
      const p = props[i] as string;
      o[p] = row[p];
    }
  }
}
