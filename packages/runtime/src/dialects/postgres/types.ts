/**
 * Type parsers for one pg pool (passed as the pool's `types` option, so nothing global
 * in `pg` changes): int8 → bigint, date → UTC-midnight Date, timestamp without time zone
 * → UTC, interval → text, and the array forms of those (numeric[] as text, as numeric). `timestamptz` means what `pg`
 * says it means, read without `pg`'s regular expressions where the text has the usual
 * layout: those allocated about 500 bytes a value, a third of what a 10,000-row INSERT
 * with `RETURNING id, created_at` allocated in all.
 */
import pg from 'pg';
import { fixedLayoutUtc } from '../../core/fixed-timestamp.js';
import { parseDate, parseTimestamp } from '../../core/temporal.js';
import { readable } from './unreadable.js';

const OID = {
  int8: 20,
  int8Array: 1016,
  date: 1082,
  dateArray: 1182,
  timestamp: 1114,
  timestampArray: 1115,
  timestamptz: 1184,
  timestamptzArray: 1185,
  interval: 1186,
  intervalArray: 1187,
  textArray: 1009,
  numericArray: 1231,
} as const;

type Parser = (text: string) => unknown;

/** Parses a PostgreSQL array literal (`{a,"b c",NULL}`) into nested string arrays. */
export const parseTextArray = (pg.types.getTypeParser as (oid: number, format: string) => unknown)(
  OID.textArray,
  'text',
) as (t: string) => unknown;

const pgOwnTimestamptz = (pg.types.getTypeParser as (oid: number, format: string) => Parser)(
  OID.timestamptz,
  'text',
);

/**
 * `pg`'s own reading of a `timestamptz`, as PostgreSQL prints it; texts of another layout
 * (infinity, BC, years past 9999) go to `pg`'s parser. Like the other types here, it is
 * this pool's: a global `pg.types.setTypeParser(1184, …)` does not reach dbgen's pools.
 */
function parseTimestamptz(text: string): unknown {
  const ms = fixedLayoutUtc(text);
  return Number.isNaN(ms) ? pgOwnTimestamptz(text) : new Date(ms);
}

/** `date`: BC years and five-digit years read (core/temporal.ts), infinity refused. */
export const pgDate = readable('date', parseDate);
/** `timestamp` (read as UTC). */
export const pgTimestamp = readable('timestamp', parseTimestamp);
/** `timestamptz`: the fast path, then `pg`'s parser (BC, five-digit years). */
export const pgTimestamptz = readable('timestamptz', parseTimestamptz);

function arrayOf(parse: Parser): Parser {
  const mapDeep = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(mapDeep) : v === null ? null : parse(v as string);
  return (text) => mapDeep(parseTextArray(text));
}

const overrides = new Map<number, Parser>([
  [OID.int8, (t) => BigInt(t)],
  [OID.date, pgDate],
  [OID.timestamp, pgTimestamp],
  [OID.timestamptz, pgTimestamptz],
  [OID.interval, (t) => t],
]);
overrides.set(
  OID.int8Array,
  arrayOf((t) => BigInt(t)),
);
overrides.set(OID.dateArray, arrayOf(pgDate));
overrides.set(OID.timestampArray, arrayOf(pgTimestamp));
overrides.set(OID.timestamptzArray, arrayOf(pgTimestamptz));
// pg reads `numeric[]` as JS numbers (0.1 + 0.2 rounding, 20 digits cut to 17), where a
// `numeric` comes as its exact text: the array's items come as text too, as decimals do.
overrides.set(
  OID.numericArray,
  arrayOf((t) => t),
);
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
