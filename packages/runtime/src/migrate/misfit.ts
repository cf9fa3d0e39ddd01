/**
 * Which of a column's values a narrowing type change cannot hold, as SQL: one answer for
 * `migrate up/down` (run-loss.ts, which asks whether any such value exists) and for
 * `dbgen push` (push.ts, which counts them), so the two never disagree about what a
 * narrowing loses.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import { quoteIdent, type DialectName } from '../schema/render.js';
import { STRING_TYPES as STRINGS } from '../schema/types.js';
import { narrowingOf } from './narrowing.js';

const INTEGER_RANGE: Partial<Record<string, readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};
const INTEGERS = new Set(['smallint', 'integer', 'bigint']);

/**
 * SQL true for a value of the column (`from`) that `to` cannot hold as it is: a string
 * longer than the new length, a number out of range or with more decimals than the new
 * scale. Null when it cannot be told (text → integer, enums, arrays): every value counts.
 */
function misfitCondition(
  dialect: DialectName,
  name: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): string | null {
  if (from.arrayDims > 0 || to.arrayDims > 0) return null;
  const column = quoteIdent(name);
  const a = from.logical;
  const b = to.logical;
  if (STRINGS.has(a) && (b === 'char' || b === 'varchar') && to.args[0] !== undefined) {
    // Characters, not bytes: MySQL's LENGTH counts bytes; SQLite has no CHAR_LENGTH.
    return `${dialect === 'sqlite' ? 'LENGTH' : 'CHAR_LENGTH'}(${column}) > ${to.args[0]}`;
  }
  if (!INTEGERS.has(a) && a !== 'decimal') return null;
  // SQLite keeps decimals as text (sqlite/storage.ts): compare them as numbers.
  const number = dialect === 'sqlite' && a === 'decimal' ? `CAST(${column} AS REAL)` : column;
  const range = INTEGER_RANGE[b];
  if (range)
    return `${number} < ${range[0]} OR ${number} > ${range[1]} OR ${number} <> ROUND(${number}, 0)`;
  if (b !== 'decimal' || to.args[0] === undefined) return null;
  const [precision, scale = 0] = to.args;
  const limit = `1${'0'.repeat(Math.max(precision - scale, 0))}`;
  return `ABS(${number}) >= ${limit} OR ${number} <> ROUND(${number}, ${scale})`;
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

/** The risk of changing column `name` from `from` to `to` on `dialect`, or null (a widening). */
export function narrowingRisk(
  dialect: DialectName,
  name: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): NarrowingRisk | null {
  const narrowing = narrowingOf(from, to);
  if (narrowing === null) return null;
  const misfit = misfitCondition(dialect, name, from, to);
  // Parenthesised: the condition is an OR of comparisons, and callers may add to it.
  return misfit === null
    ? { narrowing, where: `${quoteIdent(name)} IS NOT NULL`, exact: false }
    : { narrowing, where: `(${misfit})`, exact: true };
}
