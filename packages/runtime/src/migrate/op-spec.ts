/**
 * What migration files write to describe tables, columns, indexes and the rest (the
 * arguments of `op.*`), and their conversion to schema IR.
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
  ForeignKeyIR,
  IndexIR,
  IndexPartIR,
  ReferentialAction,
  TableIR,
  TableKey,
} from '../schema/ir.js';
import { qualifiedKey } from '../schema/ir.js';
import { defaultName } from './names.js';
import type { EnumRef } from '../schema/operations.js';
import { splitKey } from '../schema/render.js';
import { enumType, parseType } from '../schema/types.js';

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
  /** A generated column: its SQL expression; `stored: false` for a virtual one. */
  generated?: { sql: string; stored?: boolean };
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
  /** A partial index's predicate, SQL without `WHERE` (PostgreSQL, SQLite). */
  where?: string;
  /** Non-key columns stored in the index (PostgreSQL `INCLUDE`). */
  include?: string[];
}

export interface TableSpec {
  columns: ColumnSpec[];
  primaryKey?: { name?: string | null; columns: string[] } | null;
  uniques?: { name?: string | null; columns: string[] }[];
  indexes?: IndexSpec[];
  /** A view: the SELECT that defines it (its columns then describe the rows it returns). */
  view?: string;
  /** With `view`: a PostgreSQL materialized view. */
  materialized?: boolean;
  checks?: { name?: string | null; expression: string }[];
  foreignKeys?: ForeignKeySpec[];
  note?: string | null;
}

/** `'users'` → `'public.users'`; `'auth.users'` stays. */
export function tableKey(name: string): TableKey {
  return name.includes('.') ? name : qualifiedKey('public', name);
}

export function enumRef(name: string): EnumRef {
  const [schema, enumName] = splitKey(tableKey(name));
  return { schema, name: enumName };
}

/**
 * A column default as the IR has it. Migration files are JavaScript, so the shape is
 * checked here: anything else (an IR-shaped `{ kind, value }`, a Date) is refused naming
 * the column, where it rendered as `DEFAULT undefined`.
 */
export function toDefault(spec: DefaultSpec | undefined, where: string): DefaultIR | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec === 'number' && Number.isFinite(spec)) return { kind: 'number', value: spec };
  if (typeof spec === 'string') return { kind: 'string', value: spec };
  if (typeof spec === 'boolean') return { kind: 'boolean', value: spec };
  if (typeof spec === 'object' && !Array.isArray(spec)) {
    const keys = Object.keys(spec);
    if (keys.length === 1 && 'sql' in spec && typeof spec.sql === 'string')
      return { kind: 'expression', sql: spec.sql };
    if (keys.length === 1 && 'number' in spec && /^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(spec.number))
      return { kind: 'number', value: spec.number };
  }
  throw new TypeError(
    `${where}: default ${describeDefault(spec)} is not a default: give a string, a finite ` +
      "number, a boolean, null, { sql: 'now()' } or { number: '12.50' }",
  );
}

function describeDefault(spec: unknown): string {
  try {
    return JSON.stringify(spec) ?? String(spec);
  } catch {
    return String(spec);
  }
}

export function toColumn(spec: ColumnSpec, where: string): ColumnIR {
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
    default: toDefault(spec.default, `${where}: column "${spec.name}"`),
    checks: (spec.checks ?? []).map((c) => ({ name: c.name ?? null, expression: c.expression })),
    note: spec.note ?? null,
    propertyName: spec.name,
    ...(spec.generated !== undefined
      ? { generated: { expression: spec.generated.sql, stored: spec.generated.stored ?? true } }
      : {}),
  };
}

export function toForeignKey(table: string, spec: ForeignKeySpec): ForeignKeyIR & { name: string } {
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

export function toIndex(table: string, spec: IndexSpec): IndexIR & { name: string } {
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
    ...(spec.where !== undefined ? { where: spec.where } : {}),
    ...(spec.include?.length ? { include: [...spec.include] } : {}),
  };
}

export function named(
  table: string,
  c: { name?: string | null; expression: string },
): CheckIR & { name: string } {
  return { name: c.name ?? defaultName(table, [], 'check'), expression: c.expression };
}

export function toTable(name: string, spec: TableSpec): TableIR {
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
    ...(spec.view !== undefined
      ? { view: { sql: spec.view, ...(spec.materialized ? { materialized: true as const } : {}) } }
      : {}),
  };
}
