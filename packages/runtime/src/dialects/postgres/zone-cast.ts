/**
 * Type changes between `timestamptz` and `timestamp` or `date`, made at UTC. PostgreSQL
 * converts between them in the session's TimeZone (the server's, database's or role's
 * zone): under America/New_York, `timestamp '2024-01-01 00:00'` becomes
 * `2024-01-01 05:00+00`. dbgen reads and writes `timestamp` as UTC and `date` as UTC
 * midnight (types.ts), so such a change would move every stored instant; made at UTC,
 * each value keeps the instant dbgen read before.
 *
 * A single value converts with `AT TIME ZONE 'UTC'`: `timestamp AT TIME ZONE 'UTC'` is
 * the timestamptz of that UTC wall-clock time, `timestamptz AT TIME ZONE 'UTC'` the UTC
 * wall-clock time of the instant. An array has no such operator, and ALTER … TYPE's USING
 * may not unnest it (no subqueries), so its cast runs in a temporary function whose
 * TimeZone is UTC (`SET` on a function holds for its calls only, and keeps PostgreSQL
 * from inlining it), dropped right after: exact for every element, NULL and infinity, at
 * any number of dimensions.
 *
 * `timetz` and `time` likewise: PostgreSQL's `time` → `timetz` takes the session zone's
 * offset, `timetz` → `time` drops the offset (`12:00+02` becomes `12:00`, two hours off
 * the UTC time it stood for). A `time` is taken as UTC, as a `timestamp` is: `timetz AT
 * TIME ZONE 'UTC'` gives the UTC time of a `timetz`, and a `time` becomes a `timetz` by
 * its text with `+00`. A `time` array converts in the temporary function; a `timetz` array
 * cannot (`timetz` → `time` ignores TimeZone), so PostgreSQL's own cast drops its offsets,
 * which migrate/value-change.ts asks about first.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import { isTimeWithZone } from '../../schema/types.js';

/** How an ALTER … TYPE converts at UTC: its USING, and statements around the ALTER. */
export interface UtcConversion {
  readonly using: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

type Kind = 'timestamp' | 'date' | 'timestamptz' | 'time' | 'timetz';

/** The kind of a type as far as zones go (PostgreSQL's name), or null. */
function kindOf(type: ColumnTypeIR): Kind | null {
  const logical = type.logical;
  if (logical === 'time') return isTimeWithZone(type) ? 'timetz' : 'time';
  return logical === 'timestamp' || logical === 'date' || logical === 'timestamptz'
    ? logical
    : null;
}

/** The pairs whose conversion depends on the session's zone: a zoned type and a zoneless one. */
const CROSSINGS = new Set([
  'timestamptz>timestamp',
  'timestamptz>date',
  'timestamp>timestamptz',
  'date>timestamptz',
  'timetz>time',
  'time>timetz',
]);

/** The UTC conversion of a single value `column` of kind `a` into kind `b`. */
function valueUsing(column: string, a: Kind, b: Kind): string {
  if (a === 'timestamptz' && b === 'date') return `(${column} AT TIME ZONE 'UTC')::date`;
  if (a === 'timestamptz') return `${column} AT TIME ZONE 'UTC'`;
  if (a === 'timetz') return `(${column} AT TIME ZONE 'UTC')::time`;
  // `time AT TIME ZONE` first casts the time in the session's zone: its text is exact.
  if (a === 'time') return `(${column}::text || '+00')::timetz`;
  const value = a === 'date' ? `${column}::timestamp` : column;
  return `${value} AT TIME ZONE 'UTC'`;
}

/** The UTC conversion of `column` from `from` to `to`, or null where the zone plays no part. */
export function utcConversion(
  column: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): UtcConversion | null {
  const a = kindOf(from);
  const b = kindOf(to);
  if (a === null || b === null || !CROSSINGS.has(`${a}>${b}`)) return null;
  if (from.arrayDims !== to.arrayDims) return null;
  if (from.arrayDims === 0) return { using: valueUsing(column, a, b), before: [], after: [] };
  if (a === 'timetz') return null;
  // PostgreSQL's array types have no dimensions: `timestamp[]` takes `timestamp[][]` too.
  const source = `${a}[]`;
  const target = `${b}[]`;
  const fn = 'pg_temp.dbgen_utc_cast';
  return {
    using: `${fn}(${column})`,
    before: [
      `CREATE FUNCTION ${fn}(${source}) RETURNS ${target} LANGUAGE sql SET "TimeZone" = 'UTC' AS 'SELECT $1::${target}'`,
    ],
    after: [`DROP FUNCTION ${fn}(${source})`],
  };
}
