/**
 * SQLite: compiler hooks, capabilities and value conversion.
 *
 * Storage formats (SQLite has no such types; storage.ts holds the DDL side of them):
 * boolean → 0/1; bigint → INTEGER, bound as decimal text in `cast(? as integer)` and
 * selected as text (the driver binds a JS bigint as NULL and reads INTEGER as a lossy
 * double); decimal → exact TEXT with the declared scale,
 * compared and ordered as a number; date → `YYYY-MM-DD`; timestamp/timestamptz →
 * ISO-8601 UTC text `YYYY-MM-DDTHH:MM:SS.sssZ`; json/jsonb and arrays → JSON text;
 * bytes → BLOB; a bytes element of an array → `\x` hex text (core/binary-array.ts). Reads
 * also accept what older versions stored: decimals as REAL, timestamps as
 * `YYYY-MM-DD HH:MM:SS` (written by a `CURRENT_TIMESTAMP` default), and bytes elements as
 * the objects JSON.stringify made of them.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import type { SqlDialect, TransactionOptions } from '../../core/dialect.js';
import { sqliteTextSearch } from './search.js';
import { READ_COMMITTED_BEGIN } from './routing.js';
import { QueryError } from '../../core/errors.js';
import { formatDate, parseDate, parseTimestamp } from '../../core/temporal.js';
import { decodeBinaryElements, encodeBinaryElements } from '../../core/binary-array.js';
import { canonicalDecimal, decimalFromNumber, decimalFromText, decimalScale } from './storage.js';
import { lowerUuids } from '../../core/uuid-case.js';
import { sqliteName } from './names.js';

/** JSON has no bigint: store them as decimal strings. */
function bigintAsString(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** An array of Dates (nested or not) with each Date as `YYYY-MM-DD`. */
function days(value: unknown): unknown {
  return Array.isArray(value) ? value.map(days) : value instanceof Date ? formatDate(value) : value;
}

function toDriver(value: unknown, type: ColumnTypeIR | null): unknown {
  if (value === undefined || value === null) return null;
  if (type?.logical === 'uuid') value = lowerUuids(value);
  if (
    type !== null &&
    (type.arrayDims > 0 || type.logical === 'json' || type.logical === 'jsonb')
  ) {
    // A date element is its day, as a date column keeps it (JSON writes the whole instant),
    // so that `days.any(day)` finds it; a bytes element its hex text (JSON has no bytes).
    const json =
      type.arrayDims === 0
        ? value
        : type.logical === 'date'
          ? days(value)
          : type.logical === 'bytes'
            ? encodeBinaryElements(value)
            : value;
    return JSON.stringify(json, bigintAsString);
  }
  // A char's trailing spaces are padding, not data (SQL's PAD SPACE, PostgreSQL's
  // character(n)), and SQLite compares text as stored: bound without them, `code = 'a '`
  // finds the 'a' written and 'a' and 'a ' are one value to a unique key, as on PostgreSQL
  // and MySQL (which strips them likewise). Read back without them, as on MySQL.
  if (type?.logical === 'char' && type.arrayDims === 0 && typeof value === 'string') {
    return value.replace(/ +$/, '');
  }
  if (
    type?.logical === 'decimal' &&
    (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
  ) {
    return canonicalDecimal(String(value), decimalScale(type));
  }
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 1 : 0;
    case 'object':
      if (value instanceof Date)
        return type?.logical === 'date' ? formatDate(value) : value.toISOString();
      if (Buffer.isBuffer(value)) return value;
      if (ArrayBuffer.isView(value))
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return JSON.stringify(value);
    default:
      return value;
  }
}

function fromDriver(value: unknown, type: ColumnTypeIR): unknown {
  if (value === null || value === undefined) return null;
  if (type.arrayDims > 0) {
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    if (type.logical === 'bytes') return decodeBinaryElements(parsed);
    if (!CONVERTED.has(type.logical)) return parsed;
    const element: ColumnTypeIR = { ...type, arrayDims: 0 };
    const convert = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(convert) : v === null ? null : fromDriver(v, element);
    return convert(parsed);
  }
  switch (type.logical) {
    case 'bigint':
      return typeof value === 'string' || typeof value === 'number' ? bigintOf(value) : value;
    case 'boolean':
      return typeof value === 'number' ? value !== 0 : value;
    case 'decimal':
      if (typeof value === 'number') return decimalFromNumber(value, decimalScale(type));
      return typeof value === 'string' ? decimalFromText(value, decimalScale(type)) : value;
    case 'date':
      return typeof value === 'string' ? parseDate(value) : new Date(value as number);
    case 'timestamp':
    case 'timestamptz':
      return typeof value === 'string' ? parseTimestamp(value) : new Date(value as number);
    case 'json':
    case 'jsonb':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    default:
      return value;
  }
}

/**
 * A bigint result. SQLite's driver gives integers as JS numbers, exact only up to 2^53:
 * dbgen's own statements read bigint columns as text, so a number here comes from an
 * expression or a raw statement. An unsafe one is no longer the integer SQLite had: 64-bit
 * arithmetic that overflowed (`big * 2` past 2^63 - 1) became a double, where PostgreSQL
 * fails the statement ("bigint out of range"), or a value past 2^53 was rounded on its way
 * out. Either is an error here, not a rounded value (nor a bare SyntaxError from BigInt()).
 */
function bigintOf(value: string | number): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new QueryError(
      Number.isInteger(value) && Math.abs(value) < 2 ** 63
        ? `bigint result past 2^53: SQLite's driver gave ${String(value)}, a double that may ` +
            'not be the integer SQLite computed; select it as text (cast(... as text)), as ' +
            "dbgen's own statements read bigint columns"
        : `bigint out of range: SQLite computed ${String(value)} for a bigint result ` +
            '(64-bit integer arithmetic overflowed)',
    );
  }
  try {
    return BigInt(value);
  } catch {
    throw new QueryError(
      `bigint out of range: SQLite computed ${String(value)} for a bigint result ` +
        '(64-bit integer arithmetic overflowed)',
    );
  }
}

const CONVERTED = new Set([
  'bigint',
  'boolean',
  'decimal',
  'date',
  'timestamp',
  'timestamptz',
  'json',
  'jsonb',
]);

const AS_TEXT = Object.freeze(['cast(', ' as text)'] as const);
const AS_INTEGER = Object.freeze(['cast(', ' as integer)'] as const);
// Exact for integers and to 15 significant digits: ordering of decimals that differ only
// beyond that is not (the stored text stays exact).
const AS_NUMBER = Object.freeze(['cast(', ' as numeric)'] as const);

export const sqliteDialect: SqlDialect = Object.freeze({
  name: 'sqlite',
  capabilities: Object.freeze({
    returning: true,
    distinctOn: false,
    ilike: false,
    likeEscapeClause: true,
    rowLocking: false,
    defaultInValues: false,
    deleteUsing: false,
    parenthesizedSetOperands: false,
    offsetWithoutLimit: false,
    transactionalDdl: true,
    isolationLevels: false,
    isDistinctFrom: true,
    qualifiedReturning: false,
    schemas: false,
    valuesColumnAliases: false,
    jsonFunctions: 'sqlite',
    statementsBesideStreams: true,
    rowidKeys: true,
  }),
  quoteIdentifier: sqliteName,
  textSearch: sqliteTextSearch,
  placeholder: () => '?',
  toDriverValue: toDriver,
  resultNeedsConversion: (type: ColumnTypeIR) => type.arrayDims > 0 || CONVERTED.has(type.logical),
  fromDriverValue: fromDriver,
  // A bigint is bound as its decimal text (exact; the driver would bind a JS bigint as
  // NULL): the cast makes it an integer wherever it is used, also where no column's INTEGER
  // affinity would convert it (`big + ? = ?`, `coalesce(big, ?) > ?`).
  parameterWrapper: (type: ColumnTypeIR) =>
    type.arrayDims === 0 && type.logical === 'bigint' ? AS_INTEGER : null,
  selectWrapper: (type: ColumnTypeIR) =>
    type.arrayDims === 0 && (type.logical === 'bigint' || type.logical === 'decimal')
      ? AS_TEXT
      : null,
  rangeWrapper: (type: ColumnTypeIR) =>
    type.arrayDims === 0 && type.logical === 'decimal' ? AS_NUMBER : null,
  // IMMEDIATE takes the writer up front (serializable: the transaction reads what it
  // writes over). READ COMMITTED / UNCOMMITTED reads each statement on its own on a reader,
  // and a read-only transaction one snapshot there (a plain BEGIN); both move to the writer
  // at their first write (connection.ts).
  beginTransaction: (options: TransactionOptions) =>
    options.isolationLevel === 'read committed' || options.isolationLevel === 'read uncommitted'
      ? READ_COMMITTED_BEGIN
      : options.readOnly
        ? 'begin'
        : 'begin immediate',
});
