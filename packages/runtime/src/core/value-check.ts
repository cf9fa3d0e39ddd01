/**
 * Checks of values against a column's logical type, made before a value is bound: by the
 * Core's builders (insert, update, upsert, comparisons with a column) and the ORM's flush.
 * A value that does not fit is an {@link InvalidValueError} naming `table.column`, so no
 * database ever stores `'abc'` in an integer, NULL for NaN, a lossy REAL for a 64-bit
 * integer, `'0NaN-NaN-NaN'` for an invalid Date, or U+FFFD for a lone surrogate.
 *
 * Two modes: a `write` (a value to store) checks ranges, lengths and precision too; a
 * `compare` (a value a column is compared with, or computed with) checks only the kind
 * of value, since `age.lt(1.5)` or `name.eq('a longer string than fits')` are sound SQL.
 * Every rule, and every normalisation that is kept, is listed in docs/runtime-core.md.
 *
 * The checks are made once per type and mode and cached: a flush of 1,000 rows calls one
 * small function per cell.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import { describeValue } from './describe-value.js';
import { InvalidValueError } from './errors.js';
import { jsonMisfit } from './json-check.js';
import type { Misfit } from './misfit.js';
import { codePointLength, textProblem } from './text-check.js';
import { isUnsigned } from '../schema/types.js';
import { unsignedRange } from '../schema/unsigned.js';

export type CheckMode = 'write' | 'compare';

export type { Misfit };

/** A check of one non-null value: null when it fits. */
export type ValueCheck = (value: unknown) => Misfit | null;

const checks: Record<CheckMode, WeakMap<ColumnTypeIR, ValueCheck>> = {
  write: new WeakMap(),
  compare: new WeakMap(),
};

/** The check of values for a column of `type` (made once per type object and mode). */
export function valueCheck(type: ColumnTypeIR, mode: CheckMode): ValueCheck {
  let check = checks[mode].get(type);
  if (check === undefined) {
    check = type.arrayDims > 0 ? arrayCheck(type, mode) : scalarCheck(type, mode);
    checks[mode].set(type, check);
  }
  return check;
}

/**
 * Throws an {@link InvalidValueError} for `value` given to column `column` of `table`
 * unless it fits `type`. Null and undefined always pass here (NOT NULL is the database's).
 */
export function assertValueFits(
  value: unknown,
  type: ColumnTypeIR,
  table: string | null,
  column: string,
  mode: CheckMode,
): void {
  if (value === null || value === undefined) return;
  const misfit = valueCheck(type, mode)(value);
  if (misfit !== null) throw invalidValue(value, misfit, table, column);
}

/** The error for a value that does not fit a column. */
export function invalidValue(
  value: unknown,
  misfit: Misfit,
  table: string | null,
  column: string,
): InvalidValueError {
  const target = table === null ? column : `${table}.${column}`;
  return new InvalidValueError(target, misfit.expected, misfit.received ?? describeValue(value), {
    ...(table === null ? {} : { table }),
    column,
  });
}

function arrayCheck(type: ColumnTypeIR, mode: CheckMode): ValueCheck {
  const inner = valueCheck({ ...type, arrayDims: type.arrayDims - 1 }, mode);
  const expected = `an array (${type.raw})`;
  return (value) => {
    if (!Array.isArray(value)) return { expected };
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null) continue;
      const misfit = item === undefined ? { expected: 'null or a value' } : inner(item);
      if (misfit !== null) {
        return {
          expected: `${expected} of items that are ${misfit.expected}`,
          received: `${misfit.received ?? describeValue(item)} at index ${i}`,
        };
      }
    }
    return null;
  };
}

const FLOAT32_MAX = 3.4028234663852886e38;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function scalarCheck(type: ColumnTypeIR, mode: CheckMode): ValueCheck {
  const write = mode === 'write';
  if (isUnsigned(type)) return unsignedCheck(type, mode);
  switch (type.logical) {
    // Integers are range-checked in comparisons too: PostgreSQL types the parameter as the
    // column's type, so `smallint_col < 40000` or `int_col < 1.5` would fail there.
    case 'smallint':
      return integerCheck(-32768, 32767, type.raw, !write);
    case 'integer':
      return integerCheck(-2147483648, 2147483647, type.raw, !write);
    case 'bigint':
      return bigintCheck;
    case 'real':
      return write ? floatCheck(FLOAT32_MAX, type.raw) : numberCompare;
    case 'double':
      return write ? floatCheck(Number.MAX_VALUE, type.raw) : numberCompare;
    case 'decimal':
      return decimalCheck(type, write);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? null : { expected: 'a boolean' });
    case 'char':
    case 'varchar':
      return textCheck(write && type.args.length > 0 ? (type.args[0] as number) : null, type.raw);
    case 'uuid':
      return uuidCheck;
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return write ? dateWrite : dateCompare;
    case 'json':
      return (v) => jsonMisfit(v, false);
    case 'jsonb':
      return (v) => jsonMisfit(v, true);
    case 'bytes':
      return (v) => (v instanceof Uint8Array ? null : { expected: 'a Buffer or Uint8Array' });
    case 'text':
    case 'time':
    case 'interval':
    case 'enum':
    case 'unknown':
      return textCheck(null, type.raw);
  }
}

/**
 * MySQL's `int unsigned` and kin: 0 to 2^bits - 1, on every dialect (PostgreSQL and SQLite
 * hold the column to that range too, schema/unsigned.ts). A decimal or float takes no
 * value below zero; comparisons check only the kind, as for the signed types.
 */
function unsignedCheck(type: ColumnTypeIR, mode: CheckMode): ValueCheck {
  const signed = scalarCheck({ ...type, name: type.name.replace(/\s*unsigned\b/, '') }, mode);
  const range = unsignedRange(type);
  if (range === null) {
    if (mode === 'compare') return signed;
    const expected = `a value of at least 0 (${type.raw})`;
    return (v) => {
      const misfit = signed(v);
      if (misfit !== null) return misfit;
      const negative = typeof v === 'string' ? /^-\d*\.?0*[1-9]/.test(v) : Number(v) < 0;
      return negative ? { expected } : null;
    };
  }
  const expected = `an integer from 0 to ${range.max} (${type.raw})`;
  const wide = range.max > BigInt(Number.MAX_SAFE_INTEGER);
  return (v) => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || (wide && !Number.isSafeInteger(v))) return { expected };
      return v >= 0 && BigInt(v) <= range.max ? null : { expected };
    }
    // Bigints always for a bigint unsigned; for the narrower ones in comparisons only, as
    // for the signed types.
    if (typeof v === 'bigint' && (type.logical === 'bigint' || mode === 'compare'))
      return v >= 0n && v <= range.max ? null : { expected };
    return { expected };
  };
}

function integerCheck(min: number, max: number, raw: string, bigints: boolean): ValueCheck {
  const expected = `an integer from ${min} to ${max} (${raw})`;
  const low = BigInt(min);
  const high = BigInt(max);
  return (v) => {
    if (typeof v === 'number')
      return Number.isInteger(v) && v >= min && v <= max ? null : { expected };
    return bigints && typeof v === 'bigint' && v >= low && v <= high ? null : { expected };
  };
}

function floatCheck(max: number, raw: string): ValueCheck {
  const expected = `a finite number of magnitude at most ${max} (${raw})`;
  return (v) =>
    typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= max ? null : { expected };
}

const BIGINT_EXPECTED = `a bigint from ${INT64_MIN} to ${INT64_MAX}, or a safe integer number`;

function bigintCheck(v: unknown): Misfit | null {
  if (typeof v === 'bigint')
    return v >= INT64_MIN && v <= INT64_MAX ? null : { expected: BIGINT_EXPECTED };
  return typeof v === 'number' && Number.isSafeInteger(v) ? null : { expected: BIGINT_EXPECTED };
}

function numberCompare(v: unknown): Misfit | null {
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isFinite(v))) return null;
  return { expected: 'a finite number or a bigint' };
}

/** Plain decimal notation: no exponent, no spaces, no NaN or Infinity (not every database has them). */
const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;

function decimalCheck(type: ColumnTypeIR, write: boolean): ValueCheck {
  const precision = type.args[0];
  const scale = type.args[1] ?? 0;
  const sized = write && precision !== undefined;
  const expected = sized
    ? digitsExpected(precision - scale, scale, type.raw)
    : `a decimal string such as '-12.50' (${type.raw})`;
  return (v) => {
    if (!write && (typeof v === 'bigint' || (typeof v === 'number' && Number.isFinite(v))))
      return null;
    if (typeof v !== 'string') return { expected };
    const match = DECIMAL.exec(v);
    if (match === null)
      return { expected, received: 'a string that is not plain decimal notation' };
    return sized ? digitsMisfit(match, precision - scale, scale, expected) : null;
  };
}

function digitsExpected(integer: number, fraction: number, raw: string): string {
  return `a decimal string with at most ${integer} digits before the point and ${fraction} after (${raw})`;
}

/** A misfit when the decimal `match` has more than `integer` and `fraction` digits. */
function digitsMisfit(
  match: RegExpExecArray,
  integer: number,
  scale: number,
  expected: string,
): Misfit | null {
  const whole = (match[1] as string).replace(/^0+/, '');
  const fraction = match[2] ?? '';
  if (whole.length > integer)
    return { expected, received: `${whole.length} digits before the point` };
  // Digits past the scale would be rounded away (PostgreSQL, MySQL) or kept (SQLite):
  // refused unless they are zeros, which change nothing.
  if (fraction.length > scale && !/^0*$/.test(fraction.slice(scale)))
    return { expected, received: `${fraction.length} digits after the point` };
  return null;
}

/** The most digits a decimal keeps before and after its point. */
export interface DecimalDigits {
  readonly integer: number;
  readonly fraction: number;
}

/**
 * The check of a value written to a column of `type`, a decimal declared without
 * precision, on a database that keeps such a decimal to `digits` (MySQL: DECIMAL(65, 30),
 * which rounds digits past 30 away without an error): refused as a decimal(p, s) refuses
 * digits past its own. Only the digits are checked: the kind of value was checked when
 * the statement was built (see write-limits.ts, which knows the dialect).
 */
export function unscaledDecimalWrite(type: ColumnTypeIR, digits: DecimalDigits): ValueCheck {
  const expected = `${digitsExpected(digits.integer, digits.fraction, type.raw)} on this database`;
  return (v) => {
    if (typeof v !== 'string') return null;
    const match = DECIMAL.exec(v);
    return match === null ? null : digitsMisfit(match, digits.integer, digits.fraction, expected);
  };
}

function textCheck(maxLength: number | null, raw: string): ValueCheck {
  const expected =
    maxLength === null
      ? `a string (${raw})`
      : `a string of at most ${maxLength} characters (${raw})`;
  return (v) => {
    if (typeof v !== 'string') return { expected };
    const problem = textProblem(v);
    if (problem !== null)
      return { expected: `${expected} of valid Unicode text`, received: problem };
    // UTF-16 length bounds the character count from above: count only when it may be over.
    if (maxLength !== null && v.length > maxLength) {
      const length = codePointLength(v);
      if (length > maxLength) return { expected, received: `a string of ${length} characters` };
    }
    return null;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidCheck(v: unknown): Misfit | null {
  if (typeof v === 'string' && UUID.test(v)) return null;
  return {
    expected: "a UUID string such as '6f1c2e5e-8b1a-4c1e-9a55-0f6b2a9c3d4e'",
    ...(typeof v === 'string' ? { received: 'a string that is not a UUID' } : {}),
  };
}

/** Years 1 to 9999: what every dialect stores and what ISO-8601 text sorts correctly for. */
function dateWrite(v: unknown): Misfit | null {
  const misfit = dateCompare(v);
  if (misfit !== null) return misfit;
  const year = (v as Date).getUTCFullYear();
  return year >= 1 && year <= 9999 ? null : { expected: 'a Date in the years 1 to 9999 (UTC)' };
}

function dateCompare(v: unknown): Misfit | null {
  if (!(v instanceof Date)) return { expected: 'a Date' };
  return Number.isNaN(v.getTime()) ? { expected: 'a valid Date' } : null;
}
