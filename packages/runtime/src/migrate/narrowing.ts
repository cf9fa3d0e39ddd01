/**
 * Whether changing a column's type can lose what it holds: `varchar(255)` → `varchar(20)`
 * cuts strings, `bigint` → `integer` overflows, `text` → `integer` fails to convert.
 * Widening (a longer varchar, a larger integer, anything to text) keeps every value.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import { isUnsigned, STRING_TYPES as STRINGS } from '../schema/types.js';

const INTEGER_RANK: Partial<Record<string, number>> = { smallint: 1, integer: 2, bigint: 3 };
const FLOAT_RANK: Partial<Record<string, number>> = { real: 1, double: 2 };
const NUMBERS = new Set(['smallint', 'integer', 'bigint', 'real', 'double', 'decimal']);

/** How `from` → `to` narrows (`varchar(255) to varchar(20)`), or null when every value fits. */
export function narrowingOf(from: ColumnTypeIR, to: ColumnTypeIR): string | null {
  const say = `${from.raw} to ${to.raw}`;
  if (from.arrayDims !== to.arrayDims) return say;
  const a = from.logical;
  const b = to.logical;
  if (b === 'text') return null;
  if (a === b && a === 'enum') return from.enum?.name === to.enum?.name ? null : say;
  if (STRINGS.has(a) && STRINGS.has(b)) {
    // Into char from another string type, values may change even when they fit: PostgreSQL
    // pads them with spaces to the length, MySQL/MariaDB drop their trailing spaces
    // (misfit.ts asks only about the values that change).
    if (b === 'char' && a !== 'char') return say;
    // A string type without a length (text, varchar) holds any length.
    const before = from.args[0] ?? (a === 'char' ? 1 : Infinity);
    const after = to.args[0] ?? (b === 'char' ? 1 : Infinity);
    return after >= before ? null : say;
  }
  const ia = INTEGER_RANK[a];
  const ib = INTEGER_RANK[b];
  // MySQL's UNSIGNED (schema/unsigned.ts): into an unsigned type a negative value does not
  // fit; out of one into a signed type the top of the range fits only a wider type.
  const unsignedFrom = isUnsigned(from);
  const unsignedTo = isUnsigned(to);
  if (unsignedFrom !== unsignedTo && NUMBERS.has(a) && NUMBERS.has(b)) {
    if (unsignedTo) return say;
    if (ia !== undefined && ib !== undefined) return ib > ia ? null : say;
    if (ia !== undefined && b === 'decimal')
      return (to.args[0] ?? 38) - (to.args[1] ?? 0) >= [0, 5, 10, 20][ia]! ? null : say;
  }
  if (ia !== undefined && ib !== undefined) return ib >= ia ? null : say;
  const fa = FLOAT_RANK[a];
  const fb = FLOAT_RANK[b];
  if (fa !== undefined && fb !== undefined) return fb >= fa ? null : say;
  if (ia !== undefined && b === 'bigint') return null;
  // A decimal declared without precision holds what any decimal holds: PostgreSQL's numeric
  // is unbounded, SQLite keeps the text, MySQL's DDL gives it DECIMAL(65, 30). As the
  // target it is a widening; as the source, any declared precision narrows it (even
  // decimal(40,2) rounds 1.234), and misfit.ts tells which values do not fit.
  if (b === 'decimal' && to.args.length === 0 && (a === 'decimal' || ia !== undefined)) return null;
  if (a === 'decimal' && b === 'decimal') {
    if (from.args.length === 0) return say;
    const [p1 = 38, s1 = 0] = from.args;
    const [p2 = 38, s2 = 0] = to.args;
    return s2 >= s1 && p2 - s2 >= p1 - s1 ? null : say;
  }
  if (ia !== undefined && b === 'decimal') {
    const [p = 38, s = 0] = to.args;
    return p - s >= [0, 5, 10, 19][ia]! ? null : say;
  }
  // Fewer fractional digits of a second round or cut the values (6, microseconds, when
  // none are given: what every dialect stores by default).
  if (a === b && (a === 'timestamp' || a === 'timestamptz' || a === 'time'))
    return (to.args[0] ?? 6) >= (from.args[0] ?? 6) ? null : say;
  if ((a === 'timestamp' && b === 'timestamptz') || (a === 'timestamptz' && b === 'timestamp'))
    return (to.args[0] ?? 6) >= (from.args[0] ?? 6) ? null : say;
  if ((a === 'json' && b === 'jsonb') || (a === 'jsonb' && b === 'json')) return null;
  return a === b ? null : say;
}
