/**
 * Which of a column's values a narrowing type change cannot hold, as SQL: one answer for
 * `migrate up/down` (run-loss.ts, which asks whether any such value exists) and for
 * `dbgen push` (push.ts, which counts them), so the two never disagree about what a
 * narrowing loses.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import type { DialectName } from '../schema/render.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import { isUnsigned, STRING_TYPES as STRINGS } from '../schema/types.js';
import { unsignedRange } from '../schema/unsigned.js';
import { narrowingOf } from './narrowing.js';
import { valueChange } from './value-change.js';

const INTEGER_RANGE: Partial<Record<string, readonly [string, string]>> = {
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
};
const BIGINT_RANGE = ['-9223372036854775808', '9223372036854775807'] as const;

/**
 * The values the integer type `to` holds, where values of `from` can fall outside it:
 * MySQL's UNSIGNED ones from 0 (schema/unsigned.ts), a bigint only past a bigint
 * unsigned's top. A decimal into a bigint is not told (SQLite's CAST saturates at 64 bits):
 * every value counts.
 */
/**
 * A column as a check of the rows a migration would change names it: as the dialect's
 * statements name columns (SQLite's in grave accents, dialects/sqlite/names.ts), so that a
 * column the table lacks (dropped by hand) fails the check rather than being read as the
 * text of its name.
 */
export function columnName(dialect: string, name: string): string {
  return dialectNamed(dialect).quoteIdentifier(name);
}

function rangeOf(from: ColumnTypeIR, to: ColumnTypeIR): readonly [string, string] | undefined {
  if (to.logical === 'bigint' && !INTEGERS.has(from.logical)) return undefined;
  const unsigned = unsignedRange(to);
  if (unsigned !== null) return ['0', String(unsigned.max)];
  if (to.logical === 'bigint') return isUnsigned(from) ? BIGINT_RANGE : undefined;
  return INTEGER_RANGE[to.logical];
}
const INTEGERS = new Set(['smallint', 'integer', 'bigint']);

/**
 * Into `char(n)` from another string type, the values that change although they fit: on
 * PostgreSQL each one shorter than n (padded with spaces), on MySQL/MariaDB each one with
 * trailing spaces (dropped when read back; LIKE, unlike `=`, counts them). SQLite keeps
 * them as they are. Null when none changes.
 */
function charChange(dialect: DialectName, column: string, length: number): string | null {
  if (dialect === 'postgres') return `CHAR_LENGTH(${column}) < ${length}`;
  if (dialect === 'mysql') return `${column} LIKE '% '`;
  return null;
}

/** How `charChange` changes the values, for the question (`varchar(10) to char(10), …`). */
const CHAR_CHANGE: Partial<Record<DialectName, string>> = {
  postgres: 'which pads shorter values with spaces',
  mysql: 'which drops trailing spaces',
};

/**
 * SQLite's decimals are text (sqlite/storage.ts: canonical, at the declared scale, or as
 * written without one), so they are judged by their digits, exactly: no double holds
 * 1234567890123456789.1234567891. `to` holds `whole` digits before the point and `fraction`
 * after it, or, an integer type, the values of `range`. A REAL an older dbgen stored is
 * compared as a number (`numeric`).
 */
function sqliteDecimalMisfit(
  column: string,
  numeric: string,
  to: { readonly whole: number; readonly fraction: number; readonly range?: readonly string[] },
): string {
  const unsigned = `ltrim(${column}, '-')`;
  const point = `instr(${unsigned} || '.', '.')`;
  const whole = `ltrim(substr(${unsigned}, 1, ${point} - 1), '0')`;
  const fraction = `rtrim(substr(${unsigned}, ${point} + 1), '0')`;
  const digits = `length(${fraction}) > ${to.fraction}`;
  // CAST to INTEGER reads the whole part exactly (and saturates beyond 64 bits).
  const text = to.range
    ? `${digits} OR CAST(${column} AS INTEGER) < ${to.range[0]} OR CAST(${column} AS INTEGER) > ${to.range[1]}`
    : `${digits} OR length(${whole}) > ${to.whole}`;
  return `CASE typeof(${column}) WHEN 'text' THEN ${text} ELSE ${numeric} END`;
}

/**
 * SQL true for a value of the column (`from`) that `to` cannot hold as it is: a string
 * longer than the new length (or, into char, one that changes), a number out of range or
 * with more decimals than the new scale. Null when it cannot be told (text → integer,
 * enums, arrays): every value counts.
 */
function misfitCondition(
  dialect: DialectName,
  name: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): string | null {
  if (from.arrayDims > 0 || to.arrayDims > 0) return null;
  const column = columnName(dialect, name);
  const a = from.logical;
  const b = to.logical;
  if (STRINGS.has(a) && (b === 'char' || b === 'varchar') && to.args[0] !== undefined) {
    // Characters, not bytes: MySQL's LENGTH counts bytes; SQLite has no CHAR_LENGTH.
    const long = `${dialect === 'sqlite' ? 'LENGTH' : 'CHAR_LENGTH'}(${column}) > ${to.args[0]}`;
    const changed = b === 'char' && a !== 'char' ? charChange(dialect, column, to.args[0]) : null;
    return changed === null ? long : `${long} OR ${changed}`;
  }
  if (!INTEGERS.has(a) && a !== 'decimal') return null;
  const range = rangeOf(from, to);
  const [precision, scale = 0] = to.args;
  const whole = precision === undefined ? 0 : Math.max(precision - scale, 0);
  const limit = `1${'0'.repeat(whole)}`;
  const numeric = (number: string): string | null => {
    if (range)
      return `${number} < ${range[0]} OR ${number} > ${range[1]} OR ${number} <> ROUND(${number}, 0)`;
    // An unsigned decimal (`decimal(5,2) unsigned`) holds no value below 0.
    const negative = isUnsigned(to) ? ` OR ${number} < 0` : '';
    if (b !== 'decimal') return null;
    if (precision === undefined) return negative === '' ? null : negative.slice(4);
    // Not ABS: it overflows on the smallest bigint.
    return `${number} <= -${limit} OR ${number} >= ${limit} OR ${number} <> ROUND(${number}, ${scale})${negative}`;
  };
  if (dialect !== 'sqlite' || a !== 'decimal') return numeric(column);
  const real = numeric(`CAST(${column} AS REAL)`);
  if (real === null) return null;
  return sqliteDecimalMisfit(
    column,
    real,
    range ? { whole, fraction: 0, range } : { whole, fraction: scale },
  );
}

/** What a narrowing puts at risk, and how to find those values. */
export interface NarrowingRisk {
  /** How the type narrows: `varchar(100) to varchar(3)`. */
  readonly narrowing: string;
  /**
   * A WHERE condition true for each value at risk: those that do not fit when that can be
   * told in SQL, otherwise every non-null value.
   */
  readonly where: string;
  /** Whether `where` picks exactly the values that do not fit (false: those that may not). */
  readonly exact: boolean;
}

/**
 * The risk of changing column `name` from `from` to `to` on `dialect`, or null (a widening
 * that changes no value).
 */
export function narrowingRisk(
  dialect: DialectName,
  name: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): NarrowingRisk | null {
  const narrowing = narrowingOf(from, to);
  // Values that fit but change (json → jsonb, char → varchar on PostgreSQL: value-change.ts).
  const changed = valueChange(dialect, name, from, to);
  if (changed !== null) {
    const say = `${narrowing ?? `${from.raw} to ${to.raw}`}, ${changed.how}`;
    const misfit = narrowing === null ? 'FALSE' : misfitCondition(dialect, name, from, to);
    return {
      narrowing: say,
      where:
        misfit === null
          ? `${columnName(dialect, name)} IS NOT NULL`
          : `(${misfit} OR ${changed.where})`,
      exact: false,
    };
  }
  if (narrowing === null) return null;
  const misfit = misfitCondition(dialect, name, from, to);
  if (misfit === null)
    return { narrowing, where: `${columnName(dialect, name)} IS NOT NULL`, exact: false };
  // Into char, a value that fits may still change: said, and counted as one that may not fit.
  const change =
    to.logical === 'char' && from.logical !== 'char' && STRINGS.has(from.logical)
      ? CHAR_CHANGE[dialect]
      : undefined;
  // Parenthesised: the condition is an OR of comparisons, and callers may add to it.
  return change === undefined
    ? { narrowing, where: `(${misfit})`, exact: true }
    : { narrowing: `${narrowing}, ${change}`, where: `(${misfit})`, exact: false };
}
