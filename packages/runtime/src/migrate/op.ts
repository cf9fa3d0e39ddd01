/**
 * The `op` helper migration files build their operations with (Alembic's `op`), and its
 * inverse, which writes operations back as `op.*(...)` calls for generated files.
 *
 * Tables are named `'users'` (schema `public`) or `'auth.users'`; enums likewise. A
 * column is `{ name, type: 'varchar(255)', nullable: false, default: 'x' }`, or
 * `{ name, enum: 'order_status' }`; every field but the name and the type is optional.
 * Defaults are plain values (`0`, `'new'`, `true`, `null`) or `{ sql: 'now()' }`.
 */
import type {
  CheckIR,
  ColumnIR,
  DefaultIR,
  EnumIR,
  ForeignKeyIR,
  IndexIR,
  IndexPartIR,
  ReferentialAction,
  TableIR,
  TableKey,
} from '../schema/ir.js';
import { qualifiedKey } from '../schema/ir.js';
import { defaultName } from './names.js';
import type { EnumRef, Operation } from './operations.js';
import { splitKey } from './render.js';
import { enumType, parseType } from './types.js';

export type DefaultSpec = string | number | boolean | null | { sql: string } | { number: string };

export interface ColumnSpec {
  name: string;
  /** The type as written, e.g. `'varchar(255)'`; omit it for an enum column. */
  type?: string;
  /** An enum column: the enum's name (`'status'` or `'auth.status'`). */
  enum?: string;
  /** Array dimensions of an enum column (`status[]` → 1). */
  arrayDims?: number;
  nullable?: boolean;
  primaryKey?: boolean;
  unique?: boolean;
  autoIncrement?: boolean;
  default?: DefaultSpec;
  note?: string | null;
  checks?: { name?: string | null; expression: string }[];
}

export interface ForeignKeySpec {
  name?: string;
  columns: string[];
  target: string;
  targetColumns: string[];
  onDelete?: ReferentialAction | null;
  onUpdate?: ReferentialAction | null;
}

export interface IndexSpec {
  name?: string;
  /** Columns; use `parts` for expressions (`{ sql: 'lower(email)' }`). */
  columns?: string[];
  parts?: (string | { sql: string })[];
  unique?: boolean;
  type?: string | null;
  note?: string | null;
}

export interface TableSpec {
  columns: ColumnSpec[];
  primaryKey?: { name?: string | null; columns: string[] } | null;
  uniques?: { name?: string | null; columns: string[] }[];
  indexes?: IndexSpec[];
  checks?: { name?: string | null; expression: string }[];
  foreignKeys?: ForeignKeySpec[];
  note?: string | null;
}

/** `'users'` → `'public.users'`; `'auth.users'` stays. */
export function tableKey(name: string): TableKey {
  return name.includes('.') ? name : qualifiedKey('public', name);
}

function enumRef(name: string): EnumRef {
  const [schema, enumName] = splitKey(tableKey(name));
  return { schema, name: enumName };
}

function toDefault(spec: DefaultSpec | undefined): DefaultIR | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec === 'number') return { kind: 'number', value: spec };
  if (typeof spec === 'string') return { kind: 'string', value: spec };
  if (typeof spec === 'boolean') return { kind: 'boolean', value: spec };
  if ('sql' in spec) return { kind: 'expression', sql: spec.sql };
  return { kind: 'number', value: spec.number };
}

function toColumn(spec: ColumnSpec, where: string): ColumnIR {
  if (typeof spec?.name !== 'string') throw new TypeError(`${where}: a column needs a name`);
  if (spec.type === undefined && spec.enum === undefined) {
    throw new TypeError(`${where}: column "${spec.name}" needs a type (or an enum)`);
  }
  const ref = spec.enum !== undefined ? enumRef(spec.enum) : null;
  return {
    name: spec.name,
    type: ref ? enumType(ref.schema, ref.name, spec.arrayDims ?? 0) : parseType(spec.type ?? ''),
    nullable: spec.nullable ?? true,
    primaryKey: spec.primaryKey ?? false,
    unique: spec.unique ?? false,
    autoIncrement: spec.autoIncrement ?? false,
    default: toDefault(spec.default),
    checks: (spec.checks ?? []).map((c) => ({ name: c.name ?? null, expression: c.expression })),
    note: spec.note ?? null,
    propertyName: spec.name,
  };
}

function toForeignKey(table: string, spec: ForeignKeySpec): ForeignKeyIR & { name: string } {
  return {
    name: spec.name ?? defaultName(table, spec.columns, 'fkey'),
    columns: spec.columns,
    target: tableKey(spec.target),
    targetColumns: spec.targetColumns,
    onDelete: spec.onDelete ?? null,
    onUpdate: spec.onUpdate ?? null,
    oneToOne: false,
  };
}

function toIndex(table: string, spec: IndexSpec): IndexIR & { name: string } {
  const parts: IndexPartIR[] = (spec.parts ?? spec.columns ?? []).map((p) =>
    typeof p === 'string' ? { kind: 'column', name: p } : { kind: 'expression', sql: p.sql },
  );
  const columns = parts.map((p) => (p.kind === 'column' ? p.name : 'expr'));
  return {
    name: spec.name ?? defaultName(table, columns, 'idx'),
    parts,
    unique: spec.unique ?? false,
    type: spec.type ?? null,
    note: spec.note ?? null,
  };
}

function named(
  table: string,
  c: { name?: string | null; expression: string },
): CheckIR & { name: string } {
  return { name: c.name ?? defaultName(table, [], 'check'), expression: c.expression };
}

function toTable(name: string, spec: TableSpec): TableIR {
  const key = tableKey(name);
  const [schema, tableName] = splitKey(key);
  const columns = (spec.columns ?? []).map((c) => toColumn(c, `createTable ${name}`));
  const pkColumns =
    spec.primaryKey?.columns ?? columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    key,
    schema,
    name: tableName,
    alias: null,
    note: spec.note ?? null,
    columns: columns.map((c) =>
      pkColumns.includes(c.name) ? { ...c, primaryKey: true, nullable: false } : c,
    ),
    primaryKey:
      pkColumns.length === 0
        ? null
        : { name: spec.primaryKey?.name ?? defaultName(tableName, [], 'pkey'), columns: pkColumns },
    uniques: (spec.uniques ?? []).map((u) => ({
      name: u.name ?? defaultName(tableName, u.columns, 'key'),
      columns: u.columns,
    })),
    indexes: (spec.indexes ?? []).map((i) => toIndex(tableName, i)),
    checks: (spec.checks ?? []).map((c) => named(tableName, c)),
    foreignKeys: (spec.foreignKeys ?? []).map((f) => toForeignKey(tableName, f)),
    orm: { className: tableName, versionColumn: null, relations: [], isJoinTable: false },
    synthesized: false,
  };
}

const nameOf = (table: string): string => splitKey(tableKey(table))[1];

/** Builds operations; passed to a migration file's `up(op)` and `down(op)`. */
export const op = {
  createTable: (table: string, spec: TableSpec): Operation => ({
    kind: 'createTable',
    table: toTable(table, spec),
  }),
  dropTable: (table: string): Operation => ({ kind: 'dropTable', table: tableKey(table) }),
  renameTable: (table: string, to: string): Operation => ({
    kind: 'renameTable',
    table: tableKey(table),
    to,
  }),
  addColumn: (table: string, column: ColumnSpec): Operation => ({
    kind: 'addColumn',
    table: tableKey(table),
    column: toColumn(column, `addColumn ${table}`),
  }),
  dropColumn: (table: string, column: string): Operation => ({
    kind: 'dropColumn',
    table: tableKey(table),
    column,
  }),
  alterColumn: (
    table: string,
    column: string,
    change: { type?: string; enum?: string; nullable?: boolean; default?: DefaultSpec },
  ): Operation => ({
    kind: 'alterColumn',
    table: tableKey(table),
    column,
    ...(change.enum !== undefined
      ? { type: enumType(enumRef(change.enum).schema, enumRef(change.enum).name) }
      : change.type !== undefined
        ? { type: parseType(change.type) }
        : {}),
    ...(change.nullable !== undefined ? { nullable: change.nullable } : {}),
    ...('default' in change ? { default: toDefault(change.default) } : {}),
  }),
  renameColumn: (table: string, column: string, to: string): Operation => ({
    kind: 'renameColumn',
    table: tableKey(table),
    column,
    to,
  }),
  createIndex: (table: string, index: IndexSpec): Operation => ({
    kind: 'createIndex',
    table: tableKey(table),
    index: toIndex(nameOf(table), index),
  }),
  dropIndex: (table: string, name: string): Operation => ({
    kind: 'dropIndex',
    table: tableKey(table),
    name,
  }),
  addUnique: (table: string, unique: { name?: string; columns: string[] }): Operation => ({
    kind: 'addUnique',
    table: tableKey(table),
    unique: {
      name: unique.name ?? defaultName(nameOf(table), unique.columns, 'key'),
      columns: unique.columns,
    },
  }),
  dropUnique: (table: string, name: string): Operation => ({
    kind: 'dropUnique',
    table: tableKey(table),
    name,
  }),
  addForeignKey: (table: string, foreignKey: ForeignKeySpec): Operation => ({
    kind: 'addForeignKey',
    table: tableKey(table),
    foreignKey: toForeignKey(nameOf(table), foreignKey),
  }),
  dropForeignKey: (table: string, name: string): Operation => ({
    kind: 'dropForeignKey',
    table: tableKey(table),
    name,
  }),
  addCheck: (table: string, check: { name?: string; expression: string }): Operation => ({
    kind: 'addCheck',
    table: tableKey(table),
    check: named(nameOf(table), check),
  }),
  dropCheck: (table: string, name: string): Operation => ({
    kind: 'dropCheck',
    table: tableKey(table),
    name,
  }),
  createEnum: (
    name: string,
    values: string[],
    options: { note?: string | null } = {},
  ): Operation => ({
    kind: 'createEnum',
    enum: {
      ...enumRef(name),
      values: values.map((v) => ({ name: v, note: null })),
      note: options.note ?? null,
    },
  }),
  dropEnum: (name: string): Operation => ({ kind: 'dropEnum', enum: enumRef(name) }),
  addEnumValue: (name: string, value: string, options: { after?: string } = {}): Operation => ({
    kind: 'addEnumValue',
    enum: enumRef(name),
    value,
    ...(options.after !== undefined ? { after: options.after } : {}),
  }),
  dropEnumValue: (name: string, value: string): Operation => ({
    kind: 'dropEnumValue',
    enum: enumRef(name),
    value,
  }),
  setComment: (table: string, column: string | null, comment: string | null): Operation => ({
    kind: 'setComment',
    table: tableKey(table),
    ...(column !== null ? { column } : {}),
    comment,
  }),
  /** SQL run as written; `{ postgres, sqlite }` for dialect-specific SQL. */
  sql: (sql: string | { postgres?: string; sqlite?: string }): Operation => ({ kind: 'raw', sql }),
};

export type MigrationOps = typeof op;

// ---- writing operations back as source -------------------------------------------

/** A JS literal for `value`: unquoted keys where possible, single-quoted strings. */
export function jsLiteral(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string'
      ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
      : String(value);
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = value.map((v) => jsLiteral(v, inner));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 100 && !flat.includes('\n')
      ? flat
      : `[\n${items.map((i) => inner + i).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value).map(
    ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : jsLiteral(k)}: ${jsLiteral(v, inner)}`,
  );
  const flat = `{ ${entries.join(', ')} }`;
  return flat.length <= 100 && !flat.includes('\n')
    ? flat
    : `{\n${entries.map((e) => inner + e).join(',\n')},\n${indent}}`;
}

function tableArg(key: TableKey): string {
  return key.startsWith('public.') ? key.slice('public.'.length) : key;
}

function defaultSpec(value: DefaultIR | null): DefaultSpec {
  if (value === null || value.kind === 'null') return null;
  if (value.kind === 'expression') return { sql: value.sql };
  if (value.kind === 'number')
    return typeof value.value === 'number' ? value.value : { number: value.value };
  return value.value;
}

function columnSpec(column: ColumnIR): ColumnSpec {
  const spec: ColumnSpec = { name: column.name };
  const ref = column.type.enum;
  if (column.type.logical === 'enum' && ref) {
    spec.enum = ref.schema === 'public' ? ref.name : `${ref.schema}.${ref.name}`;
    if (column.type.arrayDims > 0) spec.arrayDims = column.type.arrayDims;
  } else {
    spec.type = column.type.raw;
  }
  if (!column.nullable) spec.nullable = false;
  if (column.primaryKey) spec.primaryKey = true;
  if (column.unique) spec.unique = true;
  if (column.autoIncrement) spec.autoIncrement = true;
  if (column.default !== null && column.default.kind !== 'null')
    spec.default = defaultSpec(column.default);
  if (column.note !== null) spec.note = column.note;
  if (column.checks.length > 0)
    spec.checks = column.checks.map((c) => ({ name: c.name, expression: c.expression }));
  return spec;
}

function foreignKeySpec(fk: ForeignKeyIR): ForeignKeySpec {
  return {
    ...(fk.name !== null ? { name: fk.name } : {}),
    columns: [...fk.columns],
    target: tableArg(fk.target),
    targetColumns: [...fk.targetColumns],
    ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
  };
}

function indexSpec(index: IndexIR): IndexSpec {
  const columnsOnly = index.parts.every((p) => p.kind === 'column');
  const parts = index.parts.map((p) => (p.kind === 'column' ? p.name : { sql: p.sql }));
  return {
    ...(index.name !== null ? { name: index.name } : {}),
    ...(columnsOnly ? { columns: parts as string[] } : { parts }),
    ...(index.unique ? { unique: true } : {}),
    ...(index.type ? { type: index.type } : {}),
    ...(index.note !== null ? { note: index.note } : {}),
  };
}

function tableSpec(table: TableIR): TableSpec {
  const spec: TableSpec = { columns: table.columns.map(columnSpec) };
  if (table.primaryKey)
    spec.primaryKey = { name: table.primaryKey.name, columns: [...table.primaryKey.columns] };
  if (table.uniques.length > 0)
    spec.uniques = table.uniques.map((u) => ({ name: u.name, columns: [...u.columns] }));
  if (table.indexes.length > 0) spec.indexes = table.indexes.map(indexSpec);
  if (table.checks.length > 0)
    spec.checks = table.checks.map((c) => ({ name: c.name, expression: c.expression }));
  if (table.foreignKeys.length > 0) spec.foreignKeys = table.foreignKeys.map(foreignKeySpec);
  if (table.note !== null) spec.note = table.note;
  return spec;
}

function enumArg(ref: EnumRef): string {
  return ref.schema === 'public' ? ref.name : `${ref.schema}.${ref.name}`;
}

function call(name: string, args: unknown[], indent: string): string {
  const rendered = args.map((a) => jsLiteral(a, indent));
  const flat = `op.${name}(${rendered.join(', ')})`;
  if (!flat.includes('\n') && flat.length <= 90) return flat;
  // Only the last argument spans lines: keep the call on its first line, as prettier does.
  if (rendered.slice(0, -1).every((r) => !r.includes('\n'))) return flat;
  const inner = indent + '  ';
  return `op.${name}(\n${args.map((a) => inner + jsLiteral(a, inner)).join(',\n')},\n${indent})`;
}

/** `op.*(...)` source for `operation`, as a generated migration file writes it. */
export function operationSource(operation: Operation, indent = '  '): string {
  const c = (name: string, ...args: unknown[]): string => call(name, args, indent);
  switch (operation.kind) {
    case 'createTable':
      return c('createTable', tableArg(operation.table.key), tableSpec(operation.table));
    case 'dropTable':
      return c('dropTable', tableArg(operation.table));
    case 'renameTable':
      return c('renameTable', tableArg(operation.table), operation.to);
    case 'addColumn':
      return c('addColumn', tableArg(operation.table), columnSpec(operation.column));
    case 'dropColumn':
      return c('dropColumn', tableArg(operation.table), operation.column);
    case 'alterColumn': {
      const change: Record<string, unknown> = {};
      if (operation.type !== undefined) {
        const ref = operation.type.enum;
        if (operation.type.logical === 'enum' && ref) change['enum'] = enumArg(ref);
        else change['type'] = operation.type.raw;
      }
      if (operation.nullable !== undefined) change['nullable'] = operation.nullable;
      if (operation.default !== undefined) change['default'] = defaultSpec(operation.default);
      return c('alterColumn', tableArg(operation.table), operation.column, change);
    }
    case 'renameColumn':
      return c('renameColumn', tableArg(operation.table), operation.column, operation.to);
    case 'createIndex':
      return c('createIndex', tableArg(operation.table), indexSpec(operation.index));
    case 'dropIndex':
      return c('dropIndex', tableArg(operation.table), operation.name);
    case 'addUnique':
      return c('addUnique', tableArg(operation.table), {
        name: operation.unique.name,
        columns: operation.unique.columns,
      });
    case 'dropUnique':
      return c('dropUnique', tableArg(operation.table), operation.name);
    case 'addForeignKey':
      return c('addForeignKey', tableArg(operation.table), foreignKeySpec(operation.foreignKey));
    case 'dropForeignKey':
      return c('dropForeignKey', tableArg(operation.table), operation.name);
    case 'addCheck':
      return c('addCheck', tableArg(operation.table), {
        name: operation.check.name,
        expression: operation.check.expression,
      });
    case 'dropCheck':
      return c('dropCheck', tableArg(operation.table), operation.name);
    case 'createEnum': {
      const e: EnumIR = operation.enum;
      const values = e.values.map((v) => v.name);
      return e.note === null
        ? c('createEnum', enumArg(e), values)
        : c('createEnum', enumArg(e), values, { note: e.note });
    }
    case 'dropEnum':
      return c('dropEnum', enumArg(operation.enum));
    case 'addEnumValue':
      return operation.after === undefined
        ? c('addEnumValue', enumArg(operation.enum), operation.value)
        : c('addEnumValue', enumArg(operation.enum), operation.value, { after: operation.after });
    case 'dropEnumValue':
      return c('dropEnumValue', enumArg(operation.enum), operation.value);
    case 'setComment':
      return c(
        'setComment',
        tableArg(operation.table),
        operation.column ?? null,
        operation.comment,
      );
    case 'raw':
      return c('sql', operation.sql);
  }
}
