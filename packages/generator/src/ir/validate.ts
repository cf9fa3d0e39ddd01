/**
 * Checks on the built drafts that need the whole picture: defaults against types, keys,
 * and the names the database will hold (indexes, checks, near-miss enum types). The
 * property names generated code will use are checked in validate-property-names.ts.
 */
import type { DefaultIR, EnumIR, SourceSpan } from '@dbgen/runtime';
import { CODES } from './codes.js';
import type { ColumnDraft, Reporter, TableDraft } from './context.js';
import { defaultFitProblem } from './validate-defaults.js';
import { validateReferencedKeys } from './validate-refs.js';

const NUMERIC = new Set(['smallint', 'integer', 'bigint', 'real', 'double', 'decimal']);
const STRINGY = new Set(['char', 'varchar', 'text', 'uuid', 'unknown']);
const TEMPORAL = new Set(['date', 'time', 'timestamp', 'timestamptz', 'interval']);

function describe(value: DefaultIR): string {
  switch (value.kind) {
    case 'number':
      return `the number ${value.value}`;
    case 'string':
      return `the string '${value.value}'`;
    case 'boolean':
      return `${value.value}`;
    case 'null':
      return 'null';
    case 'expression':
      return `\`${value.sql}\``;
  }
}

/** The message of a default of the wrong kind (a function, not a closure made per call). */
function expected(column: ColumnDraft, value: DefaultIR, what: string): string {
  return `the default of '${column.name}' (${column.type.raw}) must be ${what}, found ${describe(value)}`;
}

/** Why `value` cannot be the default of `column`, or null when it fits. */
export function defaultMismatch(
  column: ColumnDraft,
  enumValues: (schema: string, name: string) => readonly string[] | undefined,
): string | null {
  const value = column.default;
  if (value === null || value.kind === 'expression') return null;
  const { type } = column;
  if (value.kind === 'null') {
    return column.nullable
      ? null
      : `column '${column.name}' is not null, so its default cannot be null`;
  }
  if (type.arrayDims > 0) {
    return value.kind === 'string'
      ? null
      : `an array column's default must be a string literal or an expression, found ${describe(value)}`;
  }
  const logical = type.logical;
  if (NUMERIC.has(logical)) {
    if (value.kind === 'number') {
      const integral = logical === 'smallint' || logical === 'integer' || logical === 'bigint';
      // A safe integer's text is always digits: no string made for the common case.
      const whole =
        (typeof value.value === 'number' && Number.isSafeInteger(value.value)) ||
        /^[-+]?\d+$/.test(String(value.value));
      if (integral && !whole) return expected(column, value, 'a whole number');
      return null;
    }
    if (value.kind === 'string' && /^\s*[-+]?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value.value)) {
      return null; // '42' is a number in quotes, as dbdiagram.io writes it
    }
    return expected(column, value, 'a number');
  }
  if (logical === 'boolean') {
    if (value.kind === 'boolean') return null;
    if (value.kind === 'number' && (value.value === 0 || value.value === 1)) return null;
    if (value.kind === 'string' && /^(true|false|t|f|y|n|yes|no|0|1)$/i.test(value.value)) {
      return null;
    }
    return expected(column, value, 'true or false');
  }
  if (logical === 'enum') {
    if (value.kind !== 'string') return expected(column, value, 'one of the enum values');
    const values =
      type.enum === undefined ? undefined : enumValues(type.enum.schema, type.enum.name);
    if (values !== undefined && !values.includes(value.value)) {
      return `'${value.value}' is not a value of enum '${type.enum?.name ?? type.raw}' (default of '${column.name}'); its values are: ${values.join(', ')}`;
    }
    return null;
  }
  if (STRINGY.has(logical)) {
    return null; // numbers and booleans are fine in text columns (`default: 0` on varchar)
  }
  if (TEMPORAL.has(logical) || logical === 'json' || logical === 'jsonb' || logical === 'bytes') {
    return value.kind === 'string'
      ? null
      : expected(column, value, 'a string literal or an expression');
  }
  return null;
}

/** A string default on a numeric or boolean column (the only mismatch that is a warning). */
function isTextOnNumber(column: ColumnDraft): boolean {
  const logical = column.type.logical;
  return (
    column.default?.kind === 'string' &&
    column.type.arrayDims === 0 &&
    (NUMERIC.has(logical) || logical === 'boolean')
  );
}

function spanOf(column: ColumnDraft): SourceSpan {
  return column.defaultSpan ?? column.span;
}

/** Runs the per-table checks. */
export function validateTables(
  tables: readonly TableDraft[],
  enumValues: (schema: string, name: string) => readonly string[] | undefined,
  reporter: Reporter,
): void {
  for (const table of tables) {
    if (table.columns.length === 0) {
      reporter.error(
        CODES.tableWithoutColumns,
        `table '${table.name}' has no columns; a table needs at least one column (and a primary key) to be mapped`,
        table.span,
      );
      continue;
    }
    for (const column of table.columns) {
      const mismatch = defaultMismatch(column, enumValues);
      if (mismatch !== null && isTextOnNumber(column)) {
        // `status tinyint [default: '1 active, 2 pending review']`: a description written
        // where a value goes, which @dbml/core accepts. No database would load it: the
        // default is left out, with a warning, rather than refusing the whole schema.
        reporter.warning(
          CODES.defaultTypeMismatch,
          `${mismatch}; the default is left out of the DDL and the generated code`,
          spanOf(column),
        );
        column.default = null;
      } else if (mismatch !== null) {
        // PostgreSQL and MySQL round a fractional default into an integer column, SQLite
        // refuses the inserts that take it; a warning all the same, since the reference's
        // own fixtures have one (`int [default: 7.2225]`, negative_number.in.dbml).
        const whole = /must be a whole number/.test(mismatch);
        const report = whole ? reporter.warning.bind(reporter) : reporter.error.bind(reporter);
        report(
          column.type.logical === 'enum' && column.default?.kind === 'string'
            ? CODES.unknownEnumValue
            : CODES.defaultTypeMismatch,
          whole
            ? `${mismatch}; PostgreSQL and MySQL round it, SQLite refuses every insert that takes it`
            : mismatch,
          spanOf(column),
        );
      } else {
        const unfit = defaultFitProblem(table, column);
        if (unfit !== null)
          reporter[unfit.severity](CODES.defaultTypeMismatch, unfit.message, spanOf(column));
      }
    }
    if (table.primaryKey === null && !table.synthesized) {
      reporter.warning(
        CODES.missingPrimaryKey,
        `table '${table.name}' has no primary key; the ORM needs one to identify rows (add [pk] to a column or a (a, b) [pk] index)`,
        table.span,
      );
    }
    const indexNames = new Set<string>();
    for (const index of table.indexes) {
      if (index.name === null) continue;
      if (indexNames.has(index.name)) {
        reporter.error(
          CODES.duplicateIndex,
          `index name '${index.name}' is used twice in table '${table.name}'`,
          index.span,
        );
      }
      indexNames.add(index.name);
      unknownIndexColumns(table, index, reporter);
    }
    for (const index of table.indexes) {
      for (const name of index.include ?? []) {
        if (!table.columns.some((c) => c.name === name)) {
          reporter.error(
            CODES.unknownColumn,
            `column '${name}' does not exist in table '${table.name}' (in an index's @dbgen include)`,
            index.span,
          );
        }
      }
    }
    for (const index of table.indexes)
      if (index.name === null) unknownIndexColumns(table, index, reporter);
  }
  // A warning: the reference parser's own fixtures have such refs (ref_settings.in.dbml).
  validateReferencedKeys(tables, reporter);
}

/** Reports each column an index names that its table lacks. */
function unknownIndexColumns(
  table: TableDraft,
  index: TableDraft['indexes'][number],
  reporter: Reporter,
): void {
  for (const part of index.parts) {
    if (part.kind === 'column' && !table.columns.some((c) => c.name === part.name)) {
      reporter.error(
        CODES.unknownColumn,
        `column '${part.name}' does not exist in table '${table.name}' (in an index)`,
        index.span,
      );
    }
  }
}

/** Index names are per schema in PostgreSQL: report a name used by two tables. */
export function validateIndexNames(tables: readonly TableDraft[], reporter: Reporter): void {
  const owner = new Map<string, TableDraft>();
  for (const table of tables) {
    const own = new Set<string>();
    for (const index of table.indexes) {
      if (index.name === null || own.has(index.name)) continue;
      own.add(index.name);
      const key = `${table.schema}.${index.name}`;
      const other = owner.get(key);
      if (other !== undefined && other !== table) {
        reporter.error(
          CODES.duplicateIndex,
          `index name '${index.name}' is already used by table '${other.name}' in schema '${table.schema}'`,
          index.span,
        );
      } else owner.set(key, table);
    }
  }
}

/**
 * Check names are per table in PostgreSQL and SQLite but per schema in MySQL: a name two
 * tables of one schema use is a warning, since the schema would not load into MySQL.
 */
export function validateCheckNames(tables: readonly TableDraft[], reporter: Reporter): void {
  const owner = new Map<string, TableDraft>();
  for (const table of tables) {
    for (const check of table.checks) {
      if (check.name === null) continue;
      const key = `${table.schema}.${check.name}`;
      const other = owner.get(key);
      if (other !== undefined && other !== table) {
        reporter.warning(
          CODES.duplicateCheckName,
          `check name '${check.name}' is already used by table '${other.name}' in schema '${table.schema}'; MySQL needs check names unique per schema`,
          check.span,
        );
      } else owner.set(key, table);
    }
  }
}
/**
 * `status auth.stauts`: a schema-qualified type that is not an enum although its schema
 * has enums is most likely a typo. A warning, since DBML allows custom types anywhere.
 */
export function warnNearEnums(
  tables: readonly TableDraft[],
  enums: readonly EnumIR[],
  reporter: Reporter,
): void {
  const bySchema = new Map<string, string[]>();
  for (const e of enums) {
    const names = bySchema.get(e.schema);
    if (names)
      names.push(e.name); // (not a copy per enum: that was quadratic)
    else bySchema.set(e.schema, [e.name]);
  }
  for (const table of tables) {
    for (const column of table.columns) {
      if (column.type.logical !== 'unknown') continue;
      const dot = column.type.raw.lastIndexOf('.');
      if (dot <= 0) continue;
      const schema = column.type.raw.slice(0, dot);
      const names = bySchema.get(schema);
      if (names === undefined) continue;
      reporter.warning(
        CODES.unknownEnum,
        `type '${column.type.raw}' of column '${column.name}' is not an enum of schema '${schema}' (its enums: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, … ${names.length - 10} more` : ''}); it is used as a custom type`,
        column.span,
      );
    }
  }
}
