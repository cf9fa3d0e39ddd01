/**
 * The persister: turns scheduled work into UPDATE / DELETE statements (Core nodes; the
 * INSERTs are insert-states.ts), batched, and checks row counts. It decides nothing about
 * order: the unit of work hands it one table's rows at a time.
 */
import { node, type ExpressionNode, type SetNode } from '../../core/nodes.js';
import { invalidValue, valueCheck, type ValueCheck } from '../../core/value-check.js';
import type { ColumnIR, TableIR } from '../../schema/ir.js';
import { OrmError, StaleDataError } from '../errors.js';
import type { OrmExecutor } from '../session/executor.js';
import type { InstanceState, UpdateTarget } from '../state/instance-state.js';
import { MAX_PARAMETERS, MAX_ROWS } from './batch-limits.js';
import { preparedUpdate, updateRowWidth } from './update-batch.js';
import { updateByValues } from './update-values.js';
import { refreshGenerated, refuseGenerated, refuseView } from './read-only.js';
import type { Mapper } from '../mapping/mapper.js';
import {
  columnNode,
  deleteNode,
  insertNode,
  matchAny,
  matchRow,
  orNode,
  setNode,
  updateNode,
  valueNode,
} from '../sql.js';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Obj = Record<string, unknown>;

export interface UpdateEntry {
  readonly state: UpdateTarget;
  /** Changed property names (not the version column). */
  readonly changed: readonly string[];
}

/**
 * Updates rows, SETting only the changed columns. Rows that changed the same columns are
 * batched into one statement: `UPDATE ... FROM (VALUES ...)` where the dialect has it
 * (update-values.ts), else `SET c = CASE WHEN key = ? THEN ? ... ELSE c END WHERE key
 * IN (...)`. With a version column, each row also matches its loaded version and bumps
 * it; fewer matched rows than expected is a {@link StaleDataError}.
 */
export async function updateStates(
  ex: OrmExecutor,
  mapper: Mapper,
  entries: readonly UpdateEntry[],
): Promise<void> {
  refuseView(mapper, 'UPDATE');
  const groups = groupByChanged(entries);
  const version =
    mapper.versionProp === null ? null : mapper.column(mapper.ir.orm.versionColumn as string);
  for (const group of groups.values()) {
    const changedCols = keyColumnsLast(
      (group[0] as UpdateEntry).changed.map((p) => columnByProp(mapper, p)),
    );
    refuseGenerated(mapper, changedCols);
    // Two changed key columns: each `CASE` would see the other's new value on MySQL (above).
    const perStatement =
      changedCols.filter((c) => c.primaryKey).length > 1
        ? 1
        : Math.max(1, Math.floor(MAX_ROWS / Math.max(1, changedCols.length)));
    for (const chunk of chunks(group, perStatement)) {
      // One row: `SET c = ? WHERE key = ?` (below) is simpler for the database and to read.
      if (ex.updateFromValues === true && chunk.length > 1) {
        const states = chunk.map((e) => e.state);
        await updateByValues(ex, mapper, changedCols, version, states);
        if (version !== null)
          for (const st of states)
            (st.obj as Obj)[version.propertyName] = (committedVersion(mapper, st) as number) + 1;
        await refreshGenerated(ex, mapper, states);
        continue;
      }
      if (version === null) {
        await updatePrepared(ex, mapper, changedCols, chunk);
        await refreshGenerated(
          ex,
          mapper,
          chunk.map((e) => e.state),
        );
        continue;
      }
      // A version column: each row matches its loaded version, and the version is bumped.
      const keys = chunk.map((e) => keyValues(mapper, e.state));
      const set: SetNode[] = changedCols.map((c) => setNode(c, setValue(mapper, c, chunk, keys)));
      set.push(
        setNode(
          version,
          node({
            kind: 'binary',
            op: '+',
            left: columnNode(version, null),
            right: valueNode(1, version),
          }),
        ),
      );
      const where = orNode(
        chunk.map((e, i) =>
          matchRow(
            [...mapper.pkColumns, version],
            [...(keys[i] as unknown[]), committedVersion(mapper, e.state)],
            null,
          ),
        ),
      );
      const result = await ex.run(updateNode(mapper.ir, set, where));
      if (result.rowCount !== chunk.length)
        throw new StaleDataError(
          `UPDATE of "${mapper.ir.name}" expected to match ${chunk.length} row(s); ${result.rowCount} matched` +
            ` (version check on "${version.name}": another transaction changed or deleted the row)`,
        );
      for (const e of chunk)
        (e.state.obj as Obj)[version.propertyName] =
          (committedVersion(mapper, e.state) as number) + 1;
      // Generated columns follow their inputs: read them back before the new snapshot.
      await refreshGenerated(
        ex,
        mapper,
        chunk.map((e) => e.state),
      );
    }
  }
}

/**
 * `entries` grouped by the columns they change. A plain function, not a loop inside
 * {@link updateStates}: V8 does not compile an async function on stack replacement, and
 * one whose loop ran 1,000 times is compiled whole at its next call (lazy-updates.ts
 * `lazyUpdatesOf` says more).
 */
function groupByChanged(entries: readonly UpdateEntry[]): Map<string, UpdateEntry[]> {
  const groups = new Map<string, UpdateEntry[]>();
  // Objects changing the same columns mostly share one list (changedProps): a run of them
  // joins the previous entry's group without a key string per object.
  let lastChanged: readonly string[] | null = null;
  let lastGroup: UpdateEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as UpdateEntry;
    if (e.changed === lastChanged) {
      lastGroup.push(e);
      continue;
    }
    const sig = e.changed.join('\u0000');
    let g = groups.get(sig);
    if (g) g.push(e);
    else groups.set(sig, (g = [e]));
    lastChanged = e.changed;
    lastGroup = g;
  }
  return groups;
}

/** One batch without a version column, through {@link preparedUpdate}. */
async function updatePrepared(
  ex: OrmExecutor,
  mapper: Mapper,
  changed: readonly ColumnIR[],
  chunk: readonly UpdateEntry[],
): Promise<void> {
  const params = preparedParams(mapper, changed, chunk);
  const stmt = preparedUpdate(mapper.ir, mapper.pkColumns, changed, chunk.length);
  const result = await ex.run(stmt, params as unknown as Readonly<Record<string, unknown>>);
  if (result.rowCount !== chunk.length)
    throw new StaleDataError(
      `UPDATE of "${mapper.ir.name}" expected to match ${chunk.length} row(s); ${result.rowCount} matched` +
        ' (a row was deleted by someone else)',
    );
}

/** {@link updatePrepared}'s parameters (a plain loop: see {@link groupByChanged}). */
function preparedParams(
  mapper: Mapper,
  changed: readonly ColumnIR[],
  chunk: readonly UpdateEntry[],
): unknown[] {
  const keyProps = mapper.pkProps;
  const checks = changed.map((c) => valueCheck(c.type, 'write'));
  const width = updateRowWidth(mapper.pkColumns, changed);
  const params: unknown[] = new Array(chunk.length * width);
  let k = 0;
  for (let r = 0; r < chunk.length; r++) {
    const st = (chunk[r] as UpdateEntry).state;
    // The key the row has in the database (from the snapshot: a changed key is an UPDATE of it).
    const committed = (st.committed ?? st.obj) as Obj;
    for (let i = 0; i < keyProps.length; i++) params[k++] = committed[keyProps[i] as string];
    const o = st.obj as Obj;
    for (let j = 0; j < changed.length; j++) {
      const c = changed[j] as ColumnIR;
      const value = o[c.propertyName];
      if (value !== null && value !== undefined) {
        const misfit = (checks[j] as ValueCheck)(value);
        if (misfit !== null) throw invalidValue(value, misfit, mapper.ir.name, c.name);
      }
      params[k++] = value;
    }
  }
  return params;
}

/**
 * Deletes rows by key (`WHERE key IN (...)`); with a version column each row must also
 * match its loaded version, else a {@link StaleDataError}.
 */
export async function deleteStates(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly InstanceState[],
): Promise<void> {
  refuseView(mapper, 'DELETE');
  const version =
    mapper.versionProp === null ? null : mapper.column(mapper.ir.orm.versionColumn as string);
  for (const chunk of chunks(states, MAX_ROWS)) {
    const keys = chunk.map((st) => committedKey(mapper, st));
    const where =
      version === null
        ? matchAny(mapper.pkColumns, keys, null, ex.arrayParameters === true)
        : orNode(
            chunk.map((st, i) =>
              matchRow(
                [...mapper.pkColumns, version],
                [...(keys[i] as unknown[]), committedVersion(mapper, st)],
                null,
              ),
            ),
          );
    const result = await ex.run(deleteNode(mapper.ir, where));
    if (version !== null && result.rowCount !== chunk.length)
      throw new StaleDataError(
        `DELETE from "${mapper.ir.name}" expected to match ${chunk.length} row(s); ${result.rowCount} matched ` +
          `(version check on "${version.name}": another transaction changed or deleted the row)`,
      );
  }
}

/** A many-to-many link row: join-table columns and their values. */
export interface LinkRow {
  readonly values: readonly unknown[];
}

export async function insertLinks(
  ex: OrmExecutor,
  table: TableIR,
  columns: readonly ColumnIR[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  for (const chunk of chunks(rows, Math.floor(MAX_PARAMETERS / columns.length))) {
    await ex.run(insertNode(table, columns, chunk, []));
  }
}

export async function deleteLinks(
  ex: OrmExecutor,
  table: TableIR,
  columns: readonly ColumnIR[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  for (const chunk of chunks(rows, MAX_ROWS)) {
    await ex.run(deleteNode(table, matchAny(columns, chunk, null, ex.arrayParameters === true)));
  }
}

/** Deletes every link row whose `columns` match one of `keys` (owners being deleted). */
export async function deleteLinksOf(
  ex: OrmExecutor,
  table: TableIR,
  columns: readonly ColumnIR[],
  keys: readonly (readonly unknown[])[],
): Promise<void> {
  for (const chunk of chunks(keys, MAX_ROWS)) {
    await ex.run(deleteNode(table, matchAny(columns, chunk, null, ex.arrayParameters === true)));
  }
}

function columnByProp(mapper: Mapper, prop: string): ColumnIR {
  const c = mapper.columns.find((col) => col.propertyName === prop);
  if (c === undefined) throw new OrmError(`${mapper.name} has no column property "${prop}"`);
  return c;
}

function setValue(
  mapper: Mapper,
  c: ColumnIR,
  chunk: readonly UpdateEntry[],
  keys: readonly (readonly unknown[])[],
): ExpressionNode {
  const check = valueCheck(c.type, 'write');
  for (const e of chunk) {
    const value = (e.state.obj as Obj)[c.propertyName];
    if (value === null || value === undefined) continue;
    const misfit = check(value);
    if (misfit !== null) throw invalidValue(value, misfit, mapper.ir.name, c.name);
  }
  if (chunk.length === 1)
    return valueNode(((chunk[0] as UpdateEntry).state.obj as Obj)[c.propertyName], c);
  // ELSE the column itself: never taken, but it gives PostgreSQL the CASE's type.
  return node({
    kind: 'case',
    whens: Object.freeze(
      chunk.map((e, i) => ({
        when: matchRow(mapper.pkColumns, keys[i] as unknown[], null),
        then: valueNode((e.state.obj as Obj)[c.propertyName], c),
      })),
    ),
    otherwise: columnNode(c, null),
  });
}

/**
 * `columns` with the key columns last. MySQL and MariaDB apply SET assignments left to
 * right, each later one seeing the new values of those before it; a key set first would
 * make every later `CASE key WHEN <old key>` of a batch miss, leaving those columns
 * unwritten (PostgreSQL and SQLite read the old row throughout, so the order is theirs
 * to ignore). With two or more changed key columns even that is not enough: those
 * batches are written one row per statement, whose SET values are plain values.
 */
function keyColumnsLast(columns: readonly ColumnIR[]): ColumnIR[] {
  return [...columns.filter((c) => !c.primaryKey), ...columns.filter((c) => c.primaryKey)];
}

/** The key the row has in the database (from the snapshot: a changed key is an UPDATE of it). */
function keyValues(mapper: Mapper, st: UpdateTarget): unknown[] {
  return committedKey(mapper, st);
}

function committedKey(mapper: Mapper, st: UpdateTarget): unknown[] {
  const c = st.committed ?? (st.obj as Obj);
  return mapper.pkProps.map((p) => c[p]);
}

function committedVersion(mapper: Mapper, st: UpdateTarget): unknown {
  const p = mapper.versionProp as string;
  return (st.committed ?? (st.obj as Obj))[p];
}
