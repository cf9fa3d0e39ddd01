/**
 * Builders for hand-made schema IR (packages/runtime/src/schema/ir.ts) in tests.
 *
 * Each builder takes what a test usually varies as arguments and everything else as
 * optional overrides; the defaults make valid IR, shaped as the generator would make it:
 * - types are written as in DBML (`'varchar(255)'`, `'text[]'`) and parsed as the
 *   runtime parses them; enums go through {@link enumColumnType};
 * - columns are NOT NULL unless `nullable: true` (tests mostly want definite values);
 *   property names are the camelCase of the column name;
 * - tables live in `public`, their primary key follows their columns' `primaryKey` flags,
 *   their model class is the PascalCase of the name;
 * - a relation's target is a table name in `public` (or a full `schema.table` key).
 */
import {
  emptySchema,
  enumType,
  parseType,
  qualifiedKey,
  type ColumnIR,
  type ColumnTypeIR,
  type EnumIR,
  type EnumValueIR,
  type ForeignKeyIR,
  type IndexIR,
  type IndexPartIR,
  type OrmTableIR,
  type RelationIR,
  type SchemaIR,
  type TableIR,
  type TableKey,
} from '@dbgen/runtime';

const DEFAULT_SCHEMA = 'public';

const camelCase = (name: string): string =>
  name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const pascalCase = (name: string): string => {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
};

/** A table name (in `public`) or a full `schema.table` key → the key. */
const tableKey = (table: string): TableKey =>
  table.includes('.') ? table : qualifiedKey(DEFAULT_SCHEMA, table);

/** A type as written in DBML, e.g. `varchar(255)`, `timestamptz`, `bigint[]`. */
export function columnType(written: string): ColumnTypeIR {
  return parseType(written);
}

/** A column of an enum type (`public` unless a schema is given). */
export function enumColumnType(
  name: string,
  options: { schema?: string; arrayDims?: number } = {},
): ColumnTypeIR {
  return enumType(options.schema ?? DEFAULT_SCHEMA, name, options.arrayDims ?? 0);
}

export type ColumnOptions = Partial<Omit<ColumnIR, 'name' | 'type'>>;

/** A column; `type` is written as in DBML or given as a built type. */
export function column(
  name: string,
  type: string | ColumnTypeIR,
  options: ColumnOptions = {},
): ColumnIR {
  return {
    name,
    type: typeof type === 'string' ? columnType(type) : type,
    nullable: false,
    primaryKey: false,
    unique: false,
    autoIncrement: false,
    default: null,
    checks: [],
    note: null,
    propertyName: camelCase(name),
    ...options,
  };
}

/** The usual surrogate key: `<name> integer [pk, increment]`. */
export function id(name = 'id'): ColumnIR {
  return column(name, 'integer', { primaryKey: true, autoIncrement: true });
}

export type TableOptions = Partial<Omit<TableIR, 'key' | 'name' | 'columns' | 'orm'>> &
  Partial<OrmTableIR>;

export function table(
  name: string,
  columns: readonly ColumnIR[],
  options: TableOptions = {},
): TableIR {
  const { className, versionColumn, relations, isJoinTable, ...rest } = options;
  const schema = rest.schema ?? DEFAULT_SCHEMA;
  const pkColumns = columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    key: qualifiedKey(schema, name),
    schema,
    name,
    alias: null,
    note: null,
    columns,
    primaryKey: pkColumns.length > 0 ? { name: null, columns: pkColumns } : null,
    uniques: [],
    indexes: [],
    checks: [],
    foreignKeys: [],
    orm: {
      className: className ?? pascalCase(name),
      versionColumn: versionColumn ?? null,
      relations: relations ?? [],
      isJoinTable: isJoinTable ?? false,
    },
    synthesized: false,
    ...rest,
  };
}

/** A foreign key from `columns` to `target(targetColumns)`. */
export function foreignKey(
  columns: readonly string[],
  target: string,
  targetColumns: readonly string[],
  options: Partial<Omit<ForeignKeyIR, 'columns' | 'target' | 'targetColumns'>> = {},
): ForeignKeyIR {
  return {
    name: null,
    columns,
    target: tableKey(target),
    targetColumns,
    onDelete: null,
    onUpdate: null,
    oneToOne: false,
    ...options,
  };
}

/** An index over columns (by name) and/or expression parts. */
export function index(
  parts: readonly (string | IndexPartIR)[],
  options: Partial<Omit<IndexIR, 'parts'>> = {},
): IndexIR {
  return {
    name: null,
    parts: parts.map((p) => (typeof p === 'string' ? { kind: 'column', name: p } : p)),
    unique: false,
    type: null,
    note: null,
    ...options,
  };
}

/**
 * An ORM relation. The owning side defaults to many-to-one, and a one-to-many deletes
 * its orphans (as for a NOT NULL foreign key), as the generator derives them.
 */
export function relation(
  name: string,
  kind: RelationIR['kind'],
  target: string,
  localColumns: readonly string[],
  targetColumns: readonly string[],
  options: Partial<Omit<RelationIR, 'name' | 'kind' | 'target'>> = {},
): RelationIR {
  return {
    name,
    kind,
    target: tableKey(target),
    localColumns,
    targetColumns,
    owning: kind === 'many-to-one',
    inverse: null,
    orphan: kind === 'one-to-many' ? 'delete' : null,
    ...options,
  };
}

/** An enum; values are names, or name-and-note pairs. */
export function enumeration(
  name: string,
  values: readonly (string | EnumValueIR)[],
  options: Partial<Omit<EnumIR, 'name' | 'values'>> = {},
): EnumIR {
  return {
    schema: DEFAULT_SCHEMA,
    name,
    values: values.map((v) => (typeof v === 'string' ? { name: v, note: null } : v)),
    note: null,
    ...options,
  };
}

/** A whole schema of these tables and enums (no refs, groups, records or notes unless given). */
export function schema(
  tables: readonly TableIR[],
  enums: readonly EnumIR[] = [],
  options: Partial<Omit<SchemaIR, 'irVersion' | 'tables' | 'enums'>> = {},
): SchemaIR {
  return { ...emptySchema(), tables, enums, ...options };
}

/**
 * `ir` without its expression indexes: what MariaDB can hold (it has none; the mysql
 * dialect refuses them, so tests that need only the tables drop them first). The examples
 * need it too; it is theirs (examples/ does not import tests/).
 */
export { withoutExpressionIndexes } from '../../examples/setup.js';
