/**
 * Date/time text formats shared by the dialects. Conventions (documented in
 * docs/runtime-core.md): `date` values are Dates at UTC midnight; `timestamp` (without
 * time zone) values are read and written as UTC; `timestamptz` values are instants.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a Date's UTC calendar day. */
export function formatDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DDTHH:MM:SS.sss` in UTC, without a zone (for timestamp without time zone). */
export function formatUtcTimestamp(d: Date): string {
  return d.toISOString().slice(0, -1);
}

/** Parses `YYYY-MM-DD` as UTC midnight. */
export function parseDate(text: string): Date {
  return new Date(`${text.slice(0, 10)}T00:00:00Z`);
}

const HAS_ZONE = /(?:Z|[+-]\d\d(?::?\d\d)?)$/;

/** Parses an ISO-8601 / SQL timestamp; text without a zone is taken as UTC. */
export function parseTimestamp(text: string): Date {
  const plain = parsePlainTimestamp(text);
  if (plain !== null) return plain;
  let iso = text.length > 10 && text[10] === ' ' ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
  if (iso.length === 10) iso += 'T00:00:00';
  if (!HAS_ZONE.test(iso)) iso += 'Z';
  // PostgreSQL prints offsets as `+01`; Date wants `+01:00`.
  else if (/[+-]\d\d$/.test(iso)) iso += ':00';
  return new Date(iso);
}

/**
 * `YYYY-MM-DD HH:MM:SS` (or `T` between), optionally `.` and fraction digits, then no zone
 * or `Z`: the layouts SQLite stores (`Date#toISOString`'s), MariaDB sends and PostgreSQL
 * prints for `timestamp`, read by position as UTC. The general path builds two or three strings, runs two regular expressions and
 * Date's string parser per value (about 0.7 ms of a 1,000-user load on SQLite, CPU
 * profile). Null for any other text, and for fields out of the ranges below, so that the
 * general path decides those exactly as before; within them `Date.UTC` gives what Date's
 * parser gives (a day past the month's end rolls over in both; milliseconds are the first
 * three fraction digits).
 */
function parsePlainTimestamp(text: string): Date | null {
  // A final `Z` (SQLite stores `Date#toISOString` text) says UTC, as no zone does here.
  const n = text.charCodeAt(text.length - 1) === 90 ? text.length - 1 : text.length;
  const sep = text.charCodeAt(10);
  if (
    n < 19 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    (sep !== 32 && sep !== 84) || // space, T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  )
    return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // Date.UTC reads years 0-99 as 1900-1999.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let ms = 0;
  if (n > 19) {
    if (n === 20 || text.charCodeAt(19) !== 46) return null; // .
    for (let i = 20; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      if (i < 23) ms = ms * 10 + d;
    }
    for (let i = n; i < 23; i++) ms *= 10;
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

/** The decimal number of `count` digits at `at`, or -1 when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
