/**
 * Column fixes that need the whole schema, run once every table is built: what a type
 * means for the database the schema was written for, `increment` on types that cannot
 * carry it, boolean defaults in the form every dialect loads, and types that name nothing
 * a database knows. Each change of what was written is reported, never silent.
 */
import type { ColumnTypeIR, DefaultIR, LogicalType } from '@dbgen/runtime';
import { CODES } from './codes.js';
import type { ColumnDraft, Reporter, TableDraft } from './context.js';
import { floatLogicalType, normalizeTypeName } from './types.js';
import { KNOWN_UNMAPPED_TYPES } from './known-types.js';

const INTEGERS: ReadonlySet<LogicalType> = new Set(['smallint', 'integer', 'bigint']);

/** Applies the fixes to `tables` in place. */
export function normalizeColumns(
  tables: readonly TableDraft[],
  databaseType: string | null,
  reporter: Reporter,
): void {
  const tableNames = new Set<string>();
  for (const table of tables) {
    tableNames.add(table.name.toLowerCase());
    tableNames.add(table.key.toLowerCase());
  }
  for (const table of tables) {
    if (table.synthesized) continue;
    for (const column of table.columns) {
      if (column.type.name === 'float' && column.type.logical !== 'enum') {
        const logical = floatLogicalType(column.type.args, databaseType);
        // MySQL's bare FLOAT is single precision: spelled `real` too, since migrations
        // write the type as spelled and read `float` back as double precision.
        column.type =
          logical === 'real' && column.type.args.length === 0
            ? {
                ...column.type,
                logical,
                raw: column.type.raw.replace(/float/i, 'real'),
                name: 'real',
              }
            : withLogical(column.type, logical);
      }
      fixIncrement(table, column, reporter);
      column.default = booleanDefault(column);
      warnUnknownType(table, column, tableNames, reporter);
    }
  }
}

function withLogical(type: ColumnTypeIR, logical: LogicalType): ColumnTypeIR {
  return type.logical === logical ? type : { ...type, logical };
}

/**
 * `id intaaaa [increment]`: @dbml/core makes such a column SERIAL, so dbgen makes it an
 * auto-incrementing integer (with a warning naming the type); `varchar [increment]` has no
 * meaning in any database and is an error.
 */
function fixIncrement(table: TableDraft, column: ColumnDraft, reporter: Reporter): void {
  if (!column.autoIncrement) return;
  const where = `${table.name}.${column.name}`;
  if (INTEGERS.has(column.type.logical)) {
    warnSqliteIncrement(table, column, where, reporter);
    return;
  }
  if (column.type.logical === 'unknown' && column.type.arrayDims === 0) {
    reporter.warning(
      CODES.incrementType,
      `column '${where}' has 'increment' but its type '${column.type.raw}' is not a known integer type; it is made an auto-incrementing integer (as @dbml/core's SERIAL)`,
      column.span,
    );
    // Spelled `integer` too: migrations write the type as spelled and read it back.
    column.type = { logical: 'integer', raw: 'integer', name: 'integer', args: [], arrayDims: 0 };
    warnSqliteIncrement(table, column, where, reporter);
    return;
  }
  reporter.error(
    CODES.incrementType,
    `column '${where}' has 'increment', but its type '${column.type.raw}' cannot auto-increment; use smallint, integer or bigint (or a serial type)`,
    column.span,
  );
}

/**
 * SQLite auto-increments only a table's single-column integer primary key (the rowid):
 * anywhere else `increment` has no effect there, which must not go unsaid.
 */
function warnSqliteIncrement(
  table: TableDraft,
  column: ColumnDraft,
  where: string,
  reporter: Reporter,
): void {
  const pk = table.primaryKey?.columns ?? [];
  if (pk.length === 1 && pk[0] === column.name) return;
  reporter.warning(
    CODES.incrementType,
    `column '${where}' has 'increment' but is not the table's single-column primary key; PostgreSQL generates its values, SQLite does not (only a lone integer primary key auto-increments there)`,
    column.span,
  );
}

const TRUE_TEXT = /^(true|t|y|yes|on|1)$/i;
const FALSE_TEXT = /^(false|f|n|no|off|0)$/i;

/**
 * `bit [default: 1]`, `boolean [default: '0']`: a boolean column's 0/1 (or 'yes', 't'...)
 * default becomes true/false, which every dialect loads (`boolean DEFAULT 1` does not load
 * in PostgreSQL, and a text '1' would be stored as text in SQLite).
 */
function booleanDefault(column: ColumnDraft): DefaultIR | null {
  const value = column.default;
  if (column.type.logical !== 'boolean' || column.type.arrayDims > 0 || value === null) {
    return value;
  }
  const text =
    value.kind === 'number' ? String(value.value) : value.kind === 'string' ? value.value : null;
  if (text === null) return value;
  if (TRUE_TEXT.test(text.trim())) return { kind: 'boolean', value: true };
  if (FALSE_TEXT.test(text.trim())) return { kind: 'boolean', value: false };
  return value;
}

/**
 * A custom type that names a table (a Prisma relation field exported as a column) or no
 * type any database knows: the schema checks, but the database would refuse the DDL.
 */
function warnUnknownType(
  table: TableDraft,
  column: ColumnDraft,
  tableNames: ReadonlySet<string>,
  reporter: Reporter,
): void {
  if (column.type.logical !== 'unknown') return;
  const where = `${table.name}.${column.name}`;
  const raw = normalizeTypeName(column.type.raw.replace(/\[\d*\]/g, ''));
  if (tableNames.has(raw) || tableNames.has(column.type.name)) {
    reporter.warning(
      CODES.unknownType,
      `the type of column '${where}' is '${column.type.raw}', which is a table, not a type; a relation is written as a ref (\`ref: > ${column.type.raw}.id\`) on a key column, and this column would fail in the database`,
      column.span,
    );
    return;
  }
  // A schema-qualified type (`postgis.geometry`) names its schema on purpose.
  if (column.type.raw.includes('.')) return;
  const base = column.type.name.replace(/\(.*$/, '').trim();
  if (KNOWN_UNMAPPED_TYPES.has(base) || KNOWN_UNMAPPED_TYPES.has(base.split(' ')[0] ?? base)) {
    return;
  }
  reporter.warning(
    CODES.unknownType,
    `the type '${column.type.raw}' of column '${where}' is not a type dbgen knows, nor an enum of this schema; it is used as written (as a string in TypeScript), and the database must know it`,
    column.span,
  );
}
