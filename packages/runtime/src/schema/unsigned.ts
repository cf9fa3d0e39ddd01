/**
 * MySQL's UNSIGNED numeric types (`int unsigned`, `bigint unsigned`, `decimal(5,2)
 * unsigned`) on every dialect. MySQL/MariaDB take UNSIGNED as it is; PostgreSQL and SQLite
 * have no such types, so they hold the column to the same values themselves (their DDL's
 * CHECK), and PostgreSQL stores an unsigned integer in the next wider type so that the
 * top half of the range fits. The range is the one dbgen's MySQL DDL creates: the logical
 * type's (`tinyint unsigned` is a SMALLINT UNSIGNED there, 0 to 65535).
 */
import type { ColumnTypeIR } from './ir.js';
import { isUnsigned } from './types.js';

const BITS: Partial<Record<string, number>> = { smallint: 16, integer: 32, bigint: 64 };

/** An unsigned integer's range (0 to `max`), or null for other types (decimals, floats: from 0). */
export function unsignedRange(type: ColumnTypeIR): { readonly max: bigint } | null {
  const bits = isUnsigned(type) && type.arrayDims === 0 ? BITS[type.logical] : undefined;
  return bits === undefined ? null : { max: 2n ** BigInt(bits) - 1n };
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * The condition a column `c` (quoted) of an unsigned type holds its values to where the
 * database has no UNSIGNED: `c >= 0 AND c <= 4294967295`, or `c >= 0` for a decimal or
 * float and for a bigint unsigned, whose column (a 64-bit signed integer on PostgreSQL and
 * SQLite) refuses a value past 2^63 - 1 by itself. Null for other types.
 */
export function unsignedCondition(c: string, type: ColumnTypeIR): string | null {
  if (!isUnsigned(type) || type.arrayDims > 0) return null;
  const range = unsignedRange(type);
  return range === null || range.max > INT64_MAX
    ? `${c} >= 0`
    : `${c} >= 0 AND ${c} <= ${range.max}`;
}
