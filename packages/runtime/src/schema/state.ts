/**
 * The schema a sequence of operations leaves behind. Renderers need it (SQLite rebuilds a
 * whole table for one changed column; PostgreSQL rewrites every column of an enum when a
 * value goes), so each operation is applied to a {@link SchemaIR} as it is rendered.
 */
import type { CheckIR, ColumnIR, ColumnTypeIR, EnumIR, SchemaIR, TableIR, TableKey } from './ir.js';
import { renameColumnInSql } from './rename-sql.js';
import { qualifiedKey } from './ir.js';
import type { EnumRef, Operation, OperationKind, OperationOf } from './operations.js';

/** An operation that does not fit the schema it is applied to. */
export class MigrationStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationStateError';
  }
}

/** The empty schema: where the first migration starts. */
export function emptySchema(): SchemaIR {
  return {
    irVersion: 1,
    project: null,
    enums: [],
    tables: [],
    refs: [],
    tableGroups: [],
    records: [],
    notes: [],
  };
}

export function findTable(state: SchemaIR, key: TableKey, what: string): TableIR {
  const table = state.tables.find((t) => t.key === key);
  if (!table) throw new MigrationStateError(`${what}: table ${key} does not exist`);
  return table;
}

export function findEnum(state: SchemaIR, ref: EnumRef, what: string): EnumIR {
  const found = state.enums.find((e) => e.schema === ref.schema && e.name === ref.name);
  if (!found)
    throw new MigrationStateError(`${what}: enum ${ref.schema}.${ref.name} does not exist`);
  return found;
}

/** The enum a column of `type` uses, if it is an enum type and `state` has the enum. */
export function typeEnum(state: SchemaIR, type: ColumnTypeIR): EnumIR | undefined {
  const ref = type.enum;
  return ref && state.enums.find((e) => e.schema === ref.schema && e.name === ref.name);
}

export function findColumn(table: TableIR, name: string, what: string): ColumnIR {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new MigrationStateError(`${what}: column ${table.key}.${name} does not exist`);
  return column;
}

function replaceTable(state: SchemaIR, key: TableKey, change: (t: TableIR) => TableIR): SchemaIR {
  return { ...state, tables: state.tables.map((t) => (t.key === key ? change(t) : t)) };
}

function onTable<K extends OperationKind>(
  change: (table: TableIR, op: OperationOf<K>, state: SchemaIR) => TableIR,
): (state: SchemaIR, op: OperationOf<K>) => SchemaIR {
  return (state, op) => {
    const key = (op as { table: TableKey }).table;
    const table = findTable(state, key, op.kind);
    return replaceTable(state, key, () => change(table, op, state));
  };
}

function renameIn(list: readonly string[], from: string, to: string): string[] {
  return list.map((name) => (name === from ? to : name));
}

function without<T extends { name: string | null }>(
  list: readonly T[],
  name: string,
  what: string,
): T[] {
  if (!list.some((item) => item.name === name))
    throw new MigrationStateError(`${what}: ${name} does not exist`);
  return list.filter((item) => item.name !== name);
}

/** `column` as `op` leaves it: only the fields `op` holds change. */
function alteredColumn(column: ColumnIR, op: OperationOf<'alterColumn'>): ColumnIR {
  const changed: ColumnIR = {
    ...column,
    ...(op.type !== undefined ? { type: op.type } : {}),
    ...(op.nullable !== undefined ? { nullable: op.nullable } : {}),
    ...(op.default !== undefined ? { default: op.default } : {}),
    ...(op.autoIncrement !== undefined ? { autoIncrement: op.autoIncrement } : {}),
  };
  if (op.generated === undefined) return changed;
  // Absent, not null, on a plain column (ir.ts): snapshots compare equal.
  const { generated: _was, ...plain } = changed;
  return op.generated === null ? plain : { ...plain, generated: op.generated };
}

const APPLY: { [K in OperationKind]: (state: SchemaIR, op: OperationOf<K>) => SchemaIR } = {
  createTable: (state, op) => {
    if (state.tables.some((t) => t.key === op.table.key)) {
      throw new MigrationStateError(`createTable: table ${op.table.key} already exists`);
    }
    return { ...state, tables: [...state.tables, op.table] };
  },
  dropTable: (state, op) => {
    findTable(state, op.table, 'dropTable');
    return { ...state, tables: state.tables.filter((t) => t.key !== op.table) };
  },
  renameTable: (state, op) => {
    const table = findTable(state, op.table, 'renameTable');
    const key = qualifiedKey(table.schema, op.to);
    const tables = state.tables.map((t) => {
      const renamed = t.key === op.table ? { ...t, key, name: op.to } : t;
      return {
        ...renamed,
        foreignKeys: renamed.foreignKeys.map((fk) =>
          fk.target === op.table ? { ...fk, target: key } : fk,
        ),
      };
    });
    return { ...state, tables };
  },
  addColumn: onTable<'addColumn'>((table, op) => {
    if (table.columns.some((c) => c.name === op.column.name)) {
      throw new MigrationStateError(
        `addColumn: column ${table.key}.${op.column.name} already exists`,
      );
    }
    return { ...table, columns: [...table.columns, op.column] };
  }),
  dropColumn: onTable<'dropColumn'>((table, op) => {
    findColumn(table, op.column, 'dropColumn');
    const uses = (columns: readonly string[]): boolean => columns.includes(op.column);
    return {
      ...table,
      columns: table.columns.filter((c) => c.name !== op.column),
      // The database drops what depended on the column; so does the state.
      uniques: table.uniques.filter((u) => !uses(u.columns)),
      indexes: table.indexes.filter(
        (i) => !i.parts.some((p) => p.kind === 'column' && p.name === op.column),
      ),
      foreignKeys: table.foreignKeys.filter((fk) => !uses(fk.columns)),
    };
  }),
  alterColumn: onTable<'alterColumn'>((table, op) => {
    findColumn(table, op.column, 'alterColumn');
    return {
      ...table,
      columns: table.columns.map((c) => (c.name !== op.column ? c : alteredColumn(c, op))),
    };
  }),
  renameColumn: (state, op) => {
    const table = findTable(state, op.table, 'renameColumn');
    findColumn(table, op.column, 'renameColumn');
    const [from, to] = [op.column, op.to];
    const tables = state.tables.map((t) => {
      const foreignKeys = t.foreignKeys.map((fk) => ({
        ...fk,
        ...(t.key === op.table ? { columns: renameIn(fk.columns, from, to) } : {}),
        ...(fk.target === op.table ? { targetColumns: renameIn(fk.targetColumns, from, to) } : {}),
      }));
      if (t.key !== op.table) return { ...t, foreignKeys };
      // The database rewrites the column's name in the table's SQL too (RENAME COLUMN).
      const sql = (text: string): string => renameColumnInSql(text, from, to, t.name);
      const checks = (list: readonly CheckIR[]): CheckIR[] =>
        list.map((c) => ({ ...c, expression: sql(c.expression) }));
      return {
        ...t,
        foreignKeys,
        checks: checks(t.checks),
        columns: t.columns.map((c) => ({
          ...c,
          ...(c.name === from ? { name: to } : {}),
          checks: checks(c.checks),
          ...(c.generated
            ? { generated: { ...c.generated, expression: sql(c.generated.expression) } }
            : {}),
        })),
        primaryKey: t.primaryKey && {
          ...t.primaryKey,
          columns: renameIn(t.primaryKey.columns, from, to),
        },
        uniques: t.uniques.map((u) => ({ ...u, columns: renameIn(u.columns, from, to) })),
        indexes: t.indexes.map((i) => ({
          ...i,
          parts: i.parts.map((p) =>
            p.kind === 'column'
              ? p.name === from
                ? { ...p, name: to }
                : p
              : { ...p, sql: sql(p.sql) },
          ),
          ...(i.where !== undefined ? { where: sql(i.where) } : {}),
          ...(i.include !== undefined ? { include: renameIn(i.include, from, to) } : {}),
        })),
      };
    });
    return { ...state, tables };
  },
  createIndex: onTable<'createIndex'>((t, op) => ({ ...t, indexes: [...t.indexes, op.index] })),
  dropIndex: onTable<'dropIndex'>((t, op) => ({
    ...t,
    indexes: without(t.indexes, op.name, 'dropIndex'),
  })),
  addUnique: onTable<'addUnique'>((t, op) => ({ ...t, uniques: [...t.uniques, op.unique] })),
  dropUnique: onTable<'dropUnique'>((t, op) => ({
    ...t,
    uniques: without(t.uniques, op.name, 'dropUnique'),
  })),
  addForeignKey: onTable<'addForeignKey'>((t, op) => ({
    ...t,
    foreignKeys: [...t.foreignKeys, op.foreignKey],
  })),
  dropForeignKey: onTable<'dropForeignKey'>((t, op) => ({
    ...t,
    foreignKeys: without(t.foreignKeys, op.name, 'dropForeignKey'),
  })),
  addCheck: onTable<'addCheck'>((t, op) => ({ ...t, checks: [...t.checks, op.check] })),
  dropCheck: onTable<'dropCheck'>((t, op) => ({
    ...t,
    checks: without(t.checks, op.name, 'dropCheck'),
  })),
  createSearch: onTable<'createSearch'>((t, op) => ({ ...t, search: op.search })),
  dropSearch: onTable<'dropSearch'>((t) => {
    const { search: _dropped, ...rest } = t;
    return rest;
  }),
  createEnum: (state, op) => ({ ...state, enums: [...state.enums, op.enum] }),
  dropEnum: (state, op) => {
    findEnum(state, op.enum, 'dropEnum');
    return {
      ...state,
      enums: state.enums.filter((e) => !(e.schema === op.enum.schema && e.name === op.enum.name)),
    };
  },
  addEnumValue: (state, op) => {
    const found = findEnum(state, op.enum, 'addEnumValue');
    const values = [...found.values];
    const at =
      op.after === undefined ? values.length : values.findIndex((v) => v.name === op.after) + 1;
    values.splice(at === 0 ? values.length : at, 0, { name: op.value, note: null });
    return { ...state, enums: state.enums.map((e) => (e === found ? { ...e, values } : e)) };
  },
  dropEnumValue: (state, op) => {
    const found = findEnum(state, op.enum, 'dropEnumValue');
    const values = found.values.filter((v) => v.name !== op.value);
    return { ...state, enums: state.enums.map((e) => (e === found ? { ...e, values } : e)) };
  },
  reorderEnum: (state, op) => {
    const found = findEnum(state, op.enum, 'reorderEnum');
    const names = found.values.map((v) => v.name);
    if (names.length !== op.values.length || !names.every((n) => op.values.includes(n)))
      throw new MigrationStateError(
        `reorderEnum: ${op.enum.schema}.${op.enum.name} has the values ${names.join(', ')}, not ${op.values.join(', ')}`,
      );
    const values = op.values.map(
      (n) => found.values.find((v) => v.name === n) ?? { name: n, note: null },
    );
    return { ...state, enums: state.enums.map((e) => (e === found ? { ...e, values } : e)) };
  },
  setComment: onTable<'setComment'>((t, op) =>
    op.column === undefined
      ? { ...t, note: op.comment }
      : {
          ...t,
          columns: t.columns.map((c) => (c.name === op.column ? { ...c, note: op.comment } : c)),
        },
  ),
  raw: (state) => state,
  data: (state) => state,
};

/** The schema after `op`; throws {@link MigrationStateError} when `op` does not fit. */
export function applyOperation(state: SchemaIR, op: Operation): SchemaIR {
  return (APPLY[op.kind] as (state: SchemaIR, op: Operation) => SchemaIR)(state, op);
}

export function applyOperations(state: SchemaIR, ops: readonly Operation[]): SchemaIR {
  return ops.reduce(applyOperation, state);
}

/** Tables whose columns use the enum `ref`. */
export function enumUsers(state: SchemaIR, ref: EnumRef): { table: TableIR; column: ColumnIR }[] {
  return state.tables.flatMap((table) =>
    table.columns
      .filter((c) => c.type.enum?.schema === ref.schema && c.type.enum.name === ref.name)
      .map((column) => ({ table, column })),
  );
}
