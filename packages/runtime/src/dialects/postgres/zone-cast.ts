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
 */
import type { ColumnTypeIR } from '../../schema/ir.js';

/** How an ALTER … TYPE converts at UTC: its USING, and statements around the ALTER. */
export interface UtcConversion {
  readonly using: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const ZONELESS = new Set(['timestamp', 'date']);

/** PostgreSQL's name of a type of `logical`, without arguments or array brackets. */
const BASE: Record<string, string> = {
  timestamp: 'timestamp',
  date: 'date',
  timestamptz: 'timestamptz',
};

/** The UTC conversion of `column` from `from` to `to`, or null where the zone plays no part. */
export function utcConversion(
  column: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): UtcConversion | null {
  const a = from.logical;
  const b = to.logical;
  const crosses =
    (a === 'timestamptz' && ZONELESS.has(b)) || (b === 'timestamptz' && ZONELESS.has(a));
  if (!crosses || from.arrayDims !== to.arrayDims) return null;
  if (from.arrayDims === 0) {
    if (a === 'timestamptz')
      return {
        using:
          b === 'date' ? `(${column} AT TIME ZONE 'UTC')::date` : `${column} AT TIME ZONE 'UTC'`,
        before: [],
        after: [],
      };
    const value = a === 'date' ? `${column}::timestamp` : column;
    return { using: `${value} AT TIME ZONE 'UTC'`, before: [], after: [] };
  }
  // PostgreSQL's array types have no dimensions: `timestamp[]` takes `timestamp[][]` too.
  const source = `${BASE[a]}[]`;
  const target = `${BASE[b]}[]`;
  const fn = 'pg_temp.dbgen_utc_cast';
  return {
    using: `${fn}(${column})`,
    before: [
      `CREATE FUNCTION ${fn}(${source}) RETURNS ${target} LANGUAGE sql SET "TimeZone" = 'UTC' AS 'SELECT $1::${target}'`,
    ],
    after: [`DROP FUNCTION ${fn}(${source})`],
  };
}
