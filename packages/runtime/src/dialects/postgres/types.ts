/**
 * Type parsers for one pg pool (passed as the pool's `types` option, so nothing global
 * in `pg` changes): int8 → bigint, date → UTC-midnight Date, timestamp without time zone
 * → UTC, interval → text, and the array forms of those.
 */
import pg from 'pg';
import { parseDate, parseTimestamp } from '../../core/temporal.js';

const OID = {
  int8: 20,
  int8Array: 1016,
  date: 1082,
  dateArray: 1182,
  timestamp: 1114,
  timestampArray: 1115,
  interval: 1186,
  intervalArray: 1187,
  textArray: 1009,
} as const;

type Parser = (text: string) => unknown;

/** Parses a PostgreSQL array literal (`{a,"b c",NULL}`) into nested string arrays. */
export const parseTextArray = (pg.types.getTypeParser as (oid: number, format: string) => unknown)(
  OID.textArray,
  'text',
) as (t: string) => unknown;

function arrayOf(parse: Parser): Parser {
  const mapDeep = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(mapDeep) : v === null ? null : parse(v as string);
  return (text) => mapDeep(parseTextArray(text));
}

const overrides = new Map<number, Parser>([
  [OID.int8, (t) => BigInt(t)],
  [OID.date, parseDate],
  [OID.timestamp, parseTimestamp],
  [OID.interval, (t) => t],
]);
overrides.set(
  OID.int8Array,
  arrayOf((t) => BigInt(t)),
);
overrides.set(OID.dateArray, arrayOf(parseDate));
overrides.set(OID.timestampArray, arrayOf(parseTimestamp));
overrides.set(
  OID.intervalArray,
  arrayOf((t) => t),
);

/** The `types` option for a pg Pool/Client. */
export const poolTypes = {
  getTypeParser(oid: number, format?: string): unknown {
    if (format !== 'binary') {
      const override = overrides.get(oid);
      if (override) return override;
    }
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(
      oid,
      format ?? 'text',
    );
  },
};
