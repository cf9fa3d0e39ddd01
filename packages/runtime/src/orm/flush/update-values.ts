/**
 * Batched UPDATE through a VALUES table, where the dialect has `UPDATE ... FROM` and VALUES
 * tables (PostgreSQL, SQLite ≥ 3.33):
 *
 *   update "users" set "name" = "v"."c1", "version" = "users"."version" + 1
 *   from (values (?, ?, ?), ...) as "v"("k1", "ver", "c1")
 *   where "users"."id" = "v"."k1" and "users"."version" = "v"."ver"
 *
 * The database joins each row to its new values once. The `CASE` form it replaces
 * (`update-batch.ts`, kept for MySQL/MariaDB) tries its branches in order for every row:
 * 1,000 rows cost some 500,000 key compares (W5 of the peer benchmark: on SQLite 10.9 ms
 * against 1.1 ms for the same change).
 *
 * Rows matched are counted per object as before: a batch's keys are distinct (one object
 * per key in a session), so each target row joins at most one VALUES row, and with a
 * version column a row whose version moved on matches none. The VALUES columns have
 * positional names (`k1`, `ver`, `c1`) so that no column of the table can be confused
 * with them, and the table's own columns are qualified.
 *
 * Prepared per shape (table, key columns, version column, changed columns, row count) like
 * the INSERTs: each batch fills a flat array, row `r` at `r × width`: its key values, its
 * loaded version, then its changed values.
 */
import {
  node,
  type ExpressionNode,
  type ParamNode,
  type SetNode,
  type UpdateNode,
  type ValuesTableNode,
} from '../../core/nodes.js';
import { invalidValue, valueCheck } from '../../core/value-check.js';
import type { ColumnIR, TableIR } from '../../schema/ir.js';
import { StaleDataError } from '../errors.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor } from '../session/executor.js';
import type { UpdateTarget } from '../state/instance-state.js';
import { andNode, columnNode, eqNode, tableNode } from '../sql.js';

type Obj = Record<string, unknown>;

/** Shapes kept per table; more (unusual column sets) evict the oldest. */
const MAX_SHAPES_PER_TABLE = 32;

const shapes = new WeakMap<TableIR, Map<string, UpdateNode>>();

/**
 * Runs one batch: SETs `changed` (and bumps `version`, if any) on the rows of `states`;
 * fewer rows matched than objects is a {@link StaleDataError}. Values are checked against
 * their column types first, as every write is.
 */
export async function updateByValues(
  ex: OrmExecutor,
  mapper: Mapper,
  changed: readonly ColumnIR[],
  version: ColumnIR | null,
  states: readonly UpdateTarget[],
): Promise<void> {
  const params = valuesParams(mapper, changed, version, states);
  const stmt = valuesUpdate(mapper.ir, mapper.pkColumns, version, changed, states.length);
  const result = await ex.run(stmt, params as unknown as Readonly<Record<string, unknown>>);
  if (result.rowCount !== states.length)
    throw new StaleDataError(
      `UPDATE of "${mapper.ir.name}" expected to match ${states.length} row(s); ${result.rowCount} matched` +
        (version === null
          ? ' (a row was deleted by someone else)'
          : ` (version check on "${version.name}": another transaction changed or deleted the row)`),
    );
}

/**
 * The batch's flat parameter array (see the file's comment). A plain function, not a loop
 * inside {@link updateByValues}: V8 does not compile an async function on stack
 * replacement, and one whose loop ran 1,000 times is compiled whole at its next call
 * (lazy-updates.ts `lazyUpdatesOf` says more).
 */
function valuesParams(
  mapper: Mapper,
  changed: readonly ColumnIR[],
  version: ColumnIR | null,
  states: readonly UpdateTarget[],
): unknown[] {
  const keyProps = mapper.pkProps;
  const checks = changed.map((c) => valueCheck(c.type, 'write'));
  const width = keyProps.length + (version === null ? 0 : 1) + changed.length;
  const params: unknown[] = new Array(states.length * width);
  let k = 0;
  for (let r = 0; r < states.length; r++) {
    const st = states[r] as UpdateTarget;
    // The row as the database has it (the snapshot): a changed key is an UPDATE of the key.
    const committed = (st.committed ?? st.obj) as Obj;
    for (let i = 0; i < keyProps.length; i++) params[k++] = committed[keyProps[i] as string];
    if (version !== null) params[k++] = committed[version.propertyName];
    const o = st.obj as Obj;
    for (let j = 0; j < changed.length; j++) {
      const c = changed[j] as ColumnIR;
      const value = o[c.propertyName];
      if (value !== null && value !== undefined) {
        const misfit = checks[j]!(value);
        if (misfit !== null) throw invalidValue(value, misfit, mapper.ir.name, c.name);
      }
      params[k++] = value;
    }
  }
  return params;
}

/** The prepared statement for one batch shape (see the file's comment). */
export function valuesUpdate(
  table: TableIR,
  keys: readonly ColumnIR[],
  version: ColumnIR | null,
  changed: readonly ColumnIR[],
  rowCount: number,
): UpdateNode {
  let byShape = shapes.get(table);
  if (byShape === undefined) shapes.set(table, (byShape = new Map()));
  let sig = `${rowCount}|${version?.name ?? ''}|`;
  for (const c of keys) sig += `${c.name}\u0000`;
  sig += '|';
  for (const c of changed) sig += `${c.name}\u0000`;
  const known = byShape.get(sig);
  if (known !== undefined) return known;

  // The VALUES columns, in the order of a row's cells.
  const cells: { name: string; column: ColumnIR }[] = [
    ...keys.map((column, i) => ({ name: `k${i + 1}`, column })),
    ...(version === null ? [] : [{ name: 'ver', column: version }]),
    ...changed.map((column, i) => ({ name: `c${i + 1}`, column })),
  ];
  const width = cells.length;
  const alias = table.name === 'v' ? 'v_' : 'v';
  const rows = Array.from({ length: rowCount }, (_, r) =>
    Object.freeze(
      cells.map(({ column }, i): ParamNode =>
        node({
          kind: 'param',
          name: String(r * width + i),
          type: column.type,
          index: r * width + i,
        }),
      ),
    ),
  );
  const own = (c: ColumnIR) => columnNode(c, table.name);
  const theirs = (name: string, c: ColumnIR) => columnNode({ ...c, name }, alias);
  const matches: ExpressionNode[] = cells
    .slice(0, keys.length + (version === null ? 0 : 1))
    .map(({ name, column }) => eqNode(own(column), theirs(name, column)));
  const set: SetNode[] = changed.map((c, i) => ({ column: c.name, value: theirs(`c${i + 1}`, c) }));
  if (version !== null)
    set.push({
      column: version.name,
      value: node<ExpressionNode>({
        kind: 'binary',
        op: '+',
        left: own(version),
        right: node({ kind: 'value', value: 1, type: version.type }),
      }),
    });
  const stmt: UpdateNode = node({
    kind: 'update',
    with: [],
    table: tableNode(table),
    set: Object.freeze(set),
    from: Object.freeze([
      node<ValuesTableNode>({
        kind: 'values',
        columns: Object.freeze(cells.map(({ name, column }) => ({ name, type: column.type }))),
        rows: Object.freeze(rows),
        alias,
      }),
    ]),
    where: andNode(matches),
    returning: [],
  });
  if (byShape.size >= MAX_SHAPES_PER_TABLE) byShape.delete(byShape.keys().next().value as string);
  byShape.set(sig, stmt);
  return stmt;
}
