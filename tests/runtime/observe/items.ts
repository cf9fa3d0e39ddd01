// The table the observability tests use: items (id integer primary key, name unique).
import {
  defineTable,
  type Column,
  type ColumnIR,
  type LogicalType,
  type TableIR,
} from '@dbgen/runtime';

const column = (name: string, logical: LogicalType, primaryKey = false): ColumnIR => ({
  name,
  type: { logical, raw: logical, name: logical, args: [], arrayDims: 0 },
  nullable: false,
  primaryKey,
  unique: false,
  autoIncrement: false,
  default: null,
  checks: [],
  note: null,
  propertyName: name,
});

const itemsIR: TableIR = {
  key: 'public.items',
  schema: 'public',
  name: 'items',
  alias: null,
  note: null,
  columns: [column('id', 'integer', true), column('name', 'text')],
  primaryKey: { name: null, columns: ['id'] },
  uniques: [],
  indexes: [],
  checks: [],
  foreignKeys: [],
  orm: { className: 'Item', versionColumn: null, relations: [], isJoinTable: false },
  synthesized: false,
};

export const items = defineTable<{ id: Column<number>; name: Column<string> }>(itemsIR);

/** Its DDL (MySQL needs a length for a unique varchar). */
export const ITEMS_DDL =
  'create table items (id integer primary key, name varchar(50) not null unique)';
