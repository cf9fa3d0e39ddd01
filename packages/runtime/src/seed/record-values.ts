/**
 * DBML `Records` values as written (strings, numbers, booleans, null, `backtick`
 * expressions) turned into the values the Core's insert takes for each column's logical
 * type: a timestamp's text into a Date (UTC, as the runtime reads it back), a bigint's
 * digits into a bigint, a decimal's digits kept exactly, a JSON column's text parsed, an
 * expression into raw SQL. What DBML's spec allows is accepted (`'Y'`/`'N'`/`'T'`/`'F'` for
 * a boolean, `''` as null outside string columns); the result is then held to the
 * column's type by the runtime's own write check (ranges, lengths, digits), so that
 * `dbgen check` (which calls {@link recordValueProblem}) and the seed refuse the same
 * values. A value that cannot be read is a {@link SeedError} naming table, column, record.
 */
import type { Expression } from '../core/expression.js';
import { sql } from '../core/raw.js';
import { parseDateInput, parseTimestampInput, pastMilliseconds } from '../core/temporal-input.js';
import { valueCheck } from '../core/value-check.js';
import type { ColumnTypeIR, RecordValueIR } from '../schema/ir.js';
import { isTimeWithZone } from '../schema/types.js';
import { plainDecimal } from './decimal-text.js';
import { SeedError } from './errors.js';

export type RecordValue = RecordValueIR;

/** What a value is read by: a column's name and type (a ColumnIR, or a generator draft). */
export interface RecordColumn {
  readonly name: string;
  readonly type: ColumnTypeIR;
}

type Read = { readonly value: unknown } | { readonly expected: string; readonly received?: string };

/** Types whose values are text, where `''` is an empty string; elsewhere it means null. */
const STRING_TYPES = new Set(['char', 'varchar', 'text', 'unknown', 'bytes']);

/** DBML's boolean spellings (case-insensitive), with the yes/no a default may use. */
const TRUE = new Set(['true', 't', 'y', 'yes', '1']);
const FALSE = new Set(['false', 'f', 'n', 'no', '0']);

/** Bytes as hex text: `\x` and pairs of hex digits. */
const HEX_BYTES = /^\\x((?:[0-9a-fA-F]{2})*)$/;

/** Integer and number text in decimal notation (no hex, binary, octal or Infinity). */
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A time of day as written: hours, minutes, optional seconds with up to six decimals,
 * and for a `timetz` an optional offset. PostgreSQL also reads `1030` as 10:30, `now` as
 * the current time and `allballs` as midnight, none of which is a value to seed.
 */
const CLOCK = String.raw`(?:(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?|24:00(?::00(?:\.0{1,6})?)?)`;
const TIME_TEXT = new RegExp(`^${CLOCK}$`);
const TIMETZ_TEXT = new RegExp(String.raw`^${CLOCK}(?:Z|[+-]\d{2}(?::?\d{2})?)?$`);

/** The value for `column`; `where` (`"users" record 2`) names it in an error. */
export function columnValue(column: RecordColumn, value: RecordValue, where: string): unknown {
  const read = readValue(column.type, value);
  if ('value' in read) return read.value;
  throw new SeedError(`${where}, column "${column.name}": ${problemText(value, read)}`);
}

/**
 * Why `value` cannot be stored in a column of `type`, or null when it can (an expression
 * always can: the database computes it). For `dbgen check`, which reports it.
 */
export function recordValueProblem(type: ColumnTypeIR, value: RecordValue): string | null {
  const read = readValue(type, value);
  return 'value' in read ? null : problemText(value, read);
}

function problemText(value: RecordValue, misfit: { expected: string; received?: string }): string {
  const shown = JSON.stringify(value);
  const text = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  return `${text} is not ${misfit.expected}${misfit.received === undefined ? '' : ` (${misfit.received})`}`;
}

function readValue(type: ColumnTypeIR, value: RecordValue): Read {
  if (value === null) return { value: null };
  if (typeof value === 'object') return { value: expression(value.sql) };
  if (type.arrayDims > 0) return { value };
  if (value === '' && !STRING_TYPES.has(type.logical)) return { value: null }; // the spec's null
  const converted = convert(type, value);
  if (!('value' in converted)) return converted;
  // The runtime's write check: ranges, lengths, decimal digits, valid dates.
  const misfit = valueCheck(type, 'write')(converted.value);
  if (misfit !== null) return misfit;
  // JSON text is written as it is, once checked: parsed and written again, an integer
  // past 2^53 (12345678901234567890) would be stored rounded.
  if (isJson(type) && typeof value === 'string') return { value: sql`${value}`.asExpression() };
  return converted;
}

function isJson(type: ColumnTypeIR): boolean {
  return type.logical === 'json' || type.logical === 'jsonb';
}

function expression(text: string): Expression<unknown> {
  return sql.raw(text).asExpression();
}

/** `value` as the JS value of `type`'s logical type, or what was expected. */
function convert(type: ColumnTypeIR, value: string | number | boolean): Read {
  const expected = (what: string): Read => ({ expected: `${what} (${type.raw})` });
  switch (type.logical) {
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double': {
      // Decimal text only: Number() would also read '0x10' as 16, '0b11' as 3, 'Infinity'.
      const integer = type.logical === 'smallint' || type.logical === 'integer';
      const text = typeof value === 'string' ? value.trim() : null;
      if (text !== null && !(integer ? INTEGER_TEXT : NUMBER_TEXT).test(text))
        return expected('a number');
      const number = text !== null ? Number(text) : value;
      return typeof number === 'number' && Number.isFinite(number)
        ? { value: number }
        : expected('a number');
    }
    case 'bigint': {
      const text = typeof value === 'boolean' ? '' : (plainDecimal(String(value)) ?? '');
      return /^-?\d+$/.test(text) ? { value: BigInt(text) } : expected('an integer');
    }
    case 'decimal': {
      // Digits as written, never through a double (0.12345678901234567891 stays so).
      const text = typeof value === 'boolean' ? null : plainDecimal(String(value));
      return text === null ? expected('a decimal number') : { value: text };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const word = String(value).trim().toLowerCase();
      if (TRUE.has(word)) return { value: true };
      if (FALSE.has(word)) return { value: false };
      return expected('a boolean');
    }
    case 'date':
    case 'timestamp':
    case 'timestamptz': {
      // The whole text, a day in the calendar: '2024-02-30' and '2024-01-05xyz' are refused,
      // not read as March 1 and January 5.
      if (typeof value !== 'string') return expected('a date or time');
      // A JS Date keeps milliseconds: 10:30:00.123456 would be stored as 10:30:00.123.
      if (type.logical !== 'date' && pastMilliseconds(value))
        return expected('a time with at most 3 decimals of a second');
      const date = type.logical === 'date' ? parseDateInput(value) : parseTimestampInput(value);
      return date === null ? expected('a date or time') : { value: date };
    }
    case 'time': {
      const text = typeof value === 'string' ? value.trim() : '';
      return (isTimeWithZone(type) ? TIMETZ_TEXT : TIME_TEXT).test(text)
        ? { value: text }
        : expected('a time of day such as 10:30:00');
    }
    case 'json':
    case 'jsonb':
      if (typeof value !== 'string') return { value };
      try {
        return { value: JSON.parse(value) as unknown };
      } catch {
        return expected('JSON text');
      }
    case 'bytes': {
      // `\x` and hex digits are the bytes themselves (PostgreSQL's bytea text, as dumps and
      // `dbgen pull` show them); any other text is its UTF-8 bytes.
      const text = String(value);
      if (!text.startsWith('\\x')) return { value: Buffer.from(text, 'utf8') };
      const hex = HEX_BYTES.exec(text);
      return hex === null
        ? expected('bytes (\\x and pairs of hex digits)')
        : { value: Buffer.from(hex[1] as string, 'hex') };
    }
    default:
      return { value: String(value) };
  }
}
