/**
 * MySQL 8 and MariaDB 10.11+: compiler hooks, capabilities and value conversion.
 *
 * Storage (see docs/dialects.md): boolean → TINYINT(1), read back as 0/1 and converted;
 * bigint → BIGINT, read as text by the driver and converted to a JS bigint; decimal →
 * DECIMAL, kept as exact text; date → DATE; timestamp/timestamptz → DATETIME(6) holding
 * UTC (the session's time_zone is '+00:00', values are bound and read as UTC text);
 * json/jsonb → JSON (text on MariaDB), parsed here; uuid → CHAR(36); bytes → LONGBLOB.
 *
 * Two flavours share everything but RETURNING: MariaDB has INSERT/DELETE ... RETURNING,
 * MySQL has none. The driver picks the flavour from the server's version at connect.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import type { DialectCapabilities, SqlDialect, TransactionOptions } from '../../core/dialect.js';
import { mysqlTextSearch } from './search.js';
import { CompileError } from '../../core/errors.js';
import { formatDate, parseDate, parseTimestamp } from '../../core/temporal.js';
import { MysqlLiteral, shortestFloat } from './literal.js';
import { readableDate } from './unreadable.js';
import { decodeBinaryElements, encodeBinaryElements } from '../../core/binary-array.js';
import { lowerUuids } from '../../core/uuid-case.js';

/**
 * A `real` (FLOAT) column is selected as the text of its exact double: MySQL and MariaDB
 * print a FLOAT with 6 significant digits (1234567 reads 1234570, 98765.43 reads
 * 98765.4), and run.ts takes a number for a real column as final, so the text goes to
 * fromDriver, which gives the shortest decimal of that single-precision value.
 */
const REAL_SELECT = Object.freeze(['cast((', ') + 0e0 as char)'] as const);

/** `YYYY-MM-DD HH:MM:SS.ffffff` in UTC: what DATETIME(6) takes. */
export function formatDatetime(d: Date): string {
  return d.toISOString().slice(0, 23).replace('T', ' ');
}

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * An array as its JSON text. A date element is its day, `YYYY-MM-DD`, as a DATE column
 * keeps it (JSON would write the whole instant); other Dates are ISO instants.
 */
function arrayText(value: unknown, type: ColumnTypeIR): string {
  // JSON has no bytes (a Buffer would be {"type":"Buffer",...}): `\x` hex text each.
  if (type.logical === 'bytes') return jsonText(encodeBinaryElements(value));
  if (type.logical === 'uuid') return jsonText(lowerUuids(value));
  if (type.logical !== 'date') return jsonText(value);
  const days = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(days) : v instanceof Date ? formatDate(v) : v;
  return jsonText(days(value));
}

function toDriver(value: unknown, type: ColumnTypeIR | null): unknown {
  if (value === undefined || value === null) return null;
  // An integer literal: as text, MySQL would compute and compare it as a DOUBLE
  // (literal.ts); mysql2 escapes a bigint itself inconsistently across versions.
  if (typeof value === 'bigint') return MysqlLiteral.integer(value);
  if (type === null) return value instanceof Date ? formatDatetime(value) : value;
  if (type.arrayDims > 0) return arrayText(value, type);
  switch (type.logical) {
    case 'json':
    case 'jsonb':
      // mysql2 would expand an array into a value list and an object into `k = v` pairs.
      return jsonText(value);
    case 'date':
      return value instanceof Date ? formatDate(value) : value;
    case 'timestamp':
    case 'timestamptz':
      return value instanceof Date ? formatDatetime(value) : value;
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 1 : 0) : value;
    case 'uuid':
      return lowerUuids(value);
    case 'char':
      // CHAR(n) pads with spaces and MySQL strips trailing spaces when it reads one back
      // (PAD_CHAR_TO_FULL_LENGTH, which would keep them, is deprecated): a char's trailing
      // spaces are padding, not data, as in SQL's PAD SPACE and PostgreSQL's character(n),
      // where 'ab ' = 'ab'. Bound without them, a value compares as on PostgreSQL
      // (code = 'ab ' finds the 'ab ' written, which the NO PAD collation compared with
      // the stored 'ab' and missed); it reads back 'ab' (PostgreSQL: padded to n).
      return typeof value === 'string' ? value.replace(/ +$/, '') : value;
    case 'decimal':
      // An exact DECIMAL literal, not text that arithmetic and IN lists would read as a
      // DOUBLE (literal.ts); text that is not plain digits goes as text, for the server
      // to read or refuse as before.
      return (typeof value === 'string' && MysqlLiteral.decimal(value)) || value;
    case 'real':
      // The FLOAT column's single precision, so that `r = 0.1` finds the 0.1 written.
      return typeof value === 'number' && Number.isFinite(value)
        ? MysqlLiteral.float(value)
        : value;
    default:
      return value;
  }
}

/**
 * Array elements JSON does not give back as their JS values: bigints (stored as decimal
 * text), dates and timestamps (stored as text). Others are kept as JSON has them (a
 * decimal element is its text as written, a json element is already parsed).
 */
const ELEMENTS_CONVERTED = new Set(['bigint', 'date', 'timestamp', 'timestamptz']);

/** The element type of each array type (one object per array type, made once). */
const elementTypes = new WeakMap<ColumnTypeIR, ColumnTypeIR>();

function fromArray(value: unknown, type: ColumnTypeIR): unknown {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  // Buffers again (also from the objects JSON.stringify made of them before).
  if (type.logical === 'bytes') return decodeBinaryElements(parsed);
  if (!ELEMENTS_CONVERTED.has(type.logical)) return parsed;
  let element = elementTypes.get(type);
  if (element === undefined) {
    element = { ...type, arrayDims: 0 };
    elementTypes.set(type, element);
  }
  const scalar = element;
  const convert = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(convert) : v === null ? null : fromDriver(v, scalar);
  return convert(parsed);
}

function fromDriver(value: unknown, type: ColumnTypeIR): unknown {
  if (value === null || value === undefined) return null;
  if (type.arrayDims > 0) return fromArray(value, type);
  switch (type.logical) {
    case 'smallint':
    case 'integer':
    case 'double':
      return typeof value === 'number' ? value : Number(value);
    case 'real':
      // Selected as the exact text of its double (REAL_SELECT): the value written.
      return shortestFloat(typeof value === 'number' ? value : Number(value));
    case 'bigint':
      return typeof value === 'bigint' ? value : BigInt(value as string | number);
    case 'decimal': {
      const text = typeof value === 'string' ? value : String(value);
      // Without a declared scale the column is DECIMAL(65, 30): drop the padding zeros.
      return type.args.length < 2 && text.includes('.') ? text.replace(/\.?0+$/, '') : text;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // A BIT(1) column (one `pull` types boolean) comes from mysql2 as a Buffer, which
      // Number() makes NaN (so b'0' read true): true when any of its bits is set.
      return Buffer.isBuffer(value) ? value.some((byte) => byte !== 0) : Number(value) !== 0;
    case 'date':
      return typeof value === 'string' ? readableDate(parseDate(value), 'date', value) : value;
    case 'timestamp':
    case 'timestamptz':
      // A zero date (`0000-00-00 00:00:00`) is an error naming it, never an Invalid Date.
      return typeof value === 'string'
        ? readableDate(parseTimestamp(value), 'datetime', value)
        : value;
    case 'time':
      // TIME(6) reads `12:34:56.500000`: without the padding zeros, as PostgreSQL prints it.
      return typeof value === 'string'
        ? value.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')
        : value;
    case 'json':
    case 'jsonb':
      return typeof value === 'string'
        ? JSON.parse(value)
        : Buffer.isBuffer(value)
          ? JSON.parse(value.toString('utf8'))
          : value;
    case 'uuid':
    case 'text':
    case 'varchar':
    case 'char':
    case 'enum':
      return Buffer.isBuffer(value) ? value.toString('utf8') : value;
    default:
      return value;
  }
}

const CONVERTED = new Set([
  'smallint',
  'integer',
  'real',
  'double',
  'bigint',
  'decimal',
  'boolean',
  'date',
  'timestamp',
  'timestamptz',
  'time',
  'json',
  'jsonb',
]);

/** CAST targets MySQL spells its own way (it has no CAST AS INTEGER/TEXT/BOOLEAN). */
const CAST_TYPES: Readonly<Record<string, string>> = {
  int: 'signed',
  integer: 'signed',
  smallint: 'signed',
  bigint: 'signed',
  int4: 'signed',
  int8: 'signed',
  text: 'char',
  varchar: 'char',
  'character varying': 'char',
  real: 'double',
  'double precision': 'double',
  float8: 'double',
  numeric: 'decimal(65, 30)',
  decimal: 'decimal(65, 30)',
  timestamp: 'datetime(6)',
  timestamptz: 'datetime(6)',
  boolean: 'unsigned',
  bool: 'unsigned',
  uuid: 'char(36)',
  jsonb: 'json',
};

const LEVELS = new Set(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

function beginTransaction(options: TransactionOptions): string {
  let start = options.readOnly ? 'start transaction read only' : 'start transaction';
  if (options.isolationLevel) {
    if (!LEVELS.has(options.isolationLevel)) {
      throw new CompileError(
        `unknown isolation level ${JSON.stringify(options.isolationLevel)}; expected one of ${[...LEVELS].join(', ')}`,
      );
    }
    // Two statements; the driver runs the text split on `; ` (see driver.ts).
    start = `set transaction isolation level ${options.isolationLevel}; ${start}`;
  }
  return start;
}

function capabilities(returning: boolean): DialectCapabilities {
  return Object.freeze({
    returning,
    updateReturning: false,
    distinctOn: false,
    ilike: false,
    rowLocking: true,
    defaultInValues: true,
    deleteUsing: false,
    updateFrom: false,
    // MySQL 8 wants `values row(...)`, MariaDB `values (...)`; the ORM keeps `case` here.
    valuesTable: false,
    parenthesizedSetOperands: true,
    offsetWithoutLimit: false,
    unboundedLimit: '18446744073709551615',
    transactionalDdl: false,
    isolationLevels: true,
    isDistinctFrom: false,
    nullSafeEquals: true,
    nullsOrdering: false,
    qualifiedReturning: false,
    schemas: false,
    upsert: 'onDuplicateKey',
    defaultValues: false,
    withOnMutations: false,
    jsonFunctions: 'mysql',
    fullJoin: false,
    insertAlias: false,
    deleteAlias: false,
    simpleCase: true,
    integerDivision: 'div',
  });
}

/** What DECIMAL(65, 30) keeps: 35 digits before the point, 30 after. */
const UNSCALED_DECIMAL = Object.freeze({ integer: 35, fraction: 30 });

function makeDialect(name: string, returning: boolean): SqlDialect {
  return Object.freeze({
    name,
    capabilities: capabilities(returning),
    // DECIMAL(65, 30) without a declared precision (ddl.ts): digits past it are refused.
    unscaledDecimal: UNSCALED_DECIMAL,
    quoteIdentifier: (identifier: string) => `\`${identifier.replace(/`/g, '``')}\``,
    textSearch: mysqlTextSearch,
    placeholder: () => '?',
    toDriverValue: toDriver,
    resultNeedsConversion: (type: ColumnTypeIR) =>
      type.arrayDims > 0 || CONVERTED.has(type.logical),
    fromDriverValue: fromDriver,
    selectWrapper: (type: ColumnTypeIR) =>
      type.logical === 'real' && type.arrayDims === 0 ? REAL_SELECT : null,
    castType: (sqlType: string) => CAST_TYPES[sqlType.trim().toLowerCase()] ?? sqlType,
    beginTransaction,
  });
}

/** MariaDB: INSERT and DELETE ... RETURNING; no UPDATE ... RETURNING. */
export const mariadbDialect: SqlDialect = makeDialect('mariadb', true);

/** MySQL 8: no RETURNING at all (inserted keys come from the insert id). */
export const mysqlDialect: SqlDialect = makeDialect('mysql', false);
