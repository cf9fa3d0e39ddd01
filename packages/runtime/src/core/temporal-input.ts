/**
 * Strict readers of date and timestamp text a person typed (the studio, seed Records).
 * The database-read parsers (temporal.ts) are lenient on purpose: they read what the
 * dialects print, fast. On input the same leniency bends values: `new Date` rolls
 * 2024-02-30 over to March 1, and `parseDate` reads only the first ten characters, so
 * `2024-01-05xyz` was stored as 2024-01-05. These take the layouts the lenient readers take
 * (by the same conventions: no zone is UTC), but only the whole text, and only a day that
 * is in the calendar; anything else is null, for the caller to refuse naming the column.
 */
import { daysFromCivil } from './fixed-timestamp.js';

/**
 * `YYYY-MM-DD` (four or more year digits), then optionally a time `HH:MM[:SS[.f…]]` after
 * `T` or a space, an offset (`Z`, `±HH`, `±HHMM`, `±HH:MM`, `±HH:MM:SS`) after the time,
 * and PostgreSQL's ` BC`.
 */
const TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|([+-])(\d\d)(?::?(\d\d)(?::(\d\d))?)?)?)?( BC)?$/;

/** A Date holds ±8.64e15 ms around the epoch. */
const DATE_RANGE = 8.64e15;
const DAY = 86_400_000;

function monthDays(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Milliseconds since the epoch of timestamp text, or NaN when it is not one in full (a
 * day not in the calendar, a field out of range, anything trailing). Fraction digits past
 * milliseconds are dropped, as the runtime's Dates cannot hold them: callers that must not
 * lose them refuse such text first ({@link pastMilliseconds}).
 */
function strictUtc(text: string): number {
  const m = TIMESTAMP.exec(text);
  if (m === null) return NaN;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const year = m[13] === undefined ? n(1) : 1 - n(1); // 1 BC is year 0
  const [month, day, h, mi, s] = [n(2), n(3), n(4), n(5), n(6)];
  if (month < 1 || month > 12 || day < 1 || day > monthDays(year, month)) return NaN;
  if (h > 23 || mi > 59 || s > 59) return NaN;
  if (n(10) > 23 || n(11) > 59 || n(12) > 59) return NaN; // an offset out of range
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const offset = (n(10) * 3600 + n(11) * 60 + n(12)) * (m[9] === '-' ? -1 : 1);
  const utc = daysFromCivil(year, month, day) * DAY + (h * 3600 + mi * 60 + s - offset) * 1000 + ms;
  return Math.abs(utc) <= DATE_RANGE ? utc : NaN;
}

/** Seconds with more than three decimals: past what a Date (milliseconds) holds. */
const PAST_MILLISECONDS = /:\d\d[.,]\d{4,}/;

/**
 * Whether time or timestamp text has more than three decimals of a second, which a Date
 * would drop (`10:30:00.123456` read as `10:30:00.123`): the studio and the seed refuse it,
 * naming the column, rather than store it cut.
 */
export function pastMilliseconds(text: string): boolean {
  return PAST_MILLISECONDS.test(text);
}

/**
 * Timestamp text typed by a person as a Date (no zone: UTC), or null when the text is not
 * a timestamp in full: `2024-02-30 10:00` and `2024-01-05 10:00 tomorrow` are null.
 */
export function parseTimestampInput(text: string): Date | null {
  const utc = strictUtc(text);
  return Number.isNaN(utc) ? null : new Date(utc);
}

/**
 * Date text typed by a person as a Date at UTC midnight, or null when it is not a day
 * in the calendar in full. A timestamp is taken when it is that day's UTC midnight (the
 * studio shows a date as `2024-01-05T00:00:00.000Z`); another time of day is null, not
 * cut to its day.
 */
export function parseDateInput(text: string): Date | null {
  const utc = strictUtc(text);
  if (Number.isNaN(utc) || ((utc % DAY) + DAY) % DAY !== 0) return null;
  return new Date(utc);
}
