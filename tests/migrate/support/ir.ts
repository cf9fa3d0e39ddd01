/** Builders for hand-made schema IR in tests. */
import type { ColumnIR, EnumIR, ForeignKeyIR, IndexIR, SchemaIR, TableIR } from '@dbgen/runtime';
import { emptySchema, enumType, parseType } from '@dbgen/runtime';

export function col(
  name: string,
  type: string,
  options: Partial<ColumnIR> & { enumOf?: string } = {},
): ColumnIR {
  const { enumOf, ...rest } = options;
  return {
    name,
    type: enumOf ? enumType('public', enumOf) : parseType(type),
    nullable: true,
    primaryKey: false,
    unique: false,
    autoIncrement: false,
    default: null,
    checks: [],
    note: null,
    propertyName: name,
    ...rest,
  };
}

export function id(name = 'id'): ColumnIR {
  return col(name, 'integer', { primaryKey: true, autoIncrement: true, nullable: false });
}

export function table(name: string, columns: ColumnIR[], extra: Partial<TableIR> = {}): TableIR {
  return {
    key: `public.${name}`,
    schema: 'public',
    name,
    alias: null,
    note: null,
    columns,
    primaryKey: null,
    uniques: [],
    indexes: [],
    checks: [],
    foreignKeys: [],
    orm: { className: name, versionColumn: null, relations: [], isJoinTable: false },
    synthesized: false,
    ...extra,
  };
}

export function fk(
  columns: string[],
  target: string,
  targetColumns: string[],
  extra: Partial<ForeignKeyIR> = {},
): ForeignKeyIR {
  return {
    name: null,
    columns,
    target: `public.${target}`,
    targetColumns,
    onDelete: null,
    onUpdate: null,
    oneToOne: false,
    ...extra,
  };
}

export function index(columns: string[], extra: Partial<IndexIR> = {}): IndexIR {
  return {
    name: null,
    parts: columns.map((name) => ({ kind: 'column', name })),
    unique: false,
    type: null,
    note: null,
    ...extra,
  };
}

export function enumOf(name: string, values: string[]): EnumIR {
  return {
    schema: 'public',
    name,
    values: values.map((v) => ({ name: v, note: null })),
    note: null,
  };
}

export function schema(tables: readonly TableIR[], enums: readonly EnumIR[] = []): SchemaIR {
  return { ...emptySchema(), tables, enums };
}
