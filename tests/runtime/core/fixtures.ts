// Hand-written table IRs shared by the core tests (what the generator would emit).
import type { ColumnIR, LogicalType, TableIR } from '@dbgen/runtime';

export function col(
  name: string,
  logical: LogicalType,
  options: Partial<ColumnIR> & { raw?: string; arrayDims?: number } = {},
): ColumnIR {
  const { raw, arrayDims, ...rest } = options;
  return {
    name,
    type: {
      logical,
      raw: raw ?? logical,
      name: raw ?? logical,
      args: [],
      arrayDims: arrayDims ?? 0,
    },
    nullable: false,
    primaryKey: false,
    unique: false,
    autoIncrement: false,
    default: null,
    checks: [],
    note: null,
    propertyName: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
    ...rest,
  };
}

export function tableIR(name: string, columns: ColumnIR[], schema = 'public'): TableIR {
  const pk = columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    key: `${schema}.${name}`,
    schema,
    name,
    alias: null,
    note: null,
    columns,
    primaryKey: pk.length > 0 ? { name: null, columns: pk } : null,
    uniques: [],
    indexes: [],
    checks: [],
    foreignKeys: [],
    orm: { className: name, versionColumn: null, relations: [], isJoinTable: false },
    synthesized: false,
  };
}
