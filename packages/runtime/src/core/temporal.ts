/**
 * Date/time text formats shared by the dialects. Conventions (documented in
 * docs/runtime-core.md): `date` values are Dates at UTC midnight; `timestamp` (without
 * time zone) values are read and written as UTC; `timestamptz` values are instants.
 */

import { daysFromCivil, fixedLayoutUtc } from './fixed-timestamp.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a Date's UTC calendar day. */
export function formatDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DDTHH:MM:SS.sss` in UTC, without a zone (for timestamp without time zone). */
export function formatUtcTimestamp(d: Date): string {
  return d.toISOString().slice(0, -1);
}

/**
 * PostgreSQL's ISO output for years outside 1–9999: `0044-03-15 BC`, `10000-01-01`,
 * `0044-03-15 12:00:00.5+00:53:28 BC`. `new Date` reads neither (a BC date came back AD,
 * a BC timestamp or a five-digit year as an invalid Date).
 */
const EXTENDED =
  /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:Z|([+-])(\d\d)(?::(\d\d)(?::(\d\d))?)?)?)?( BC)?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Milliseconds since the epoch of a text in {@link EXTENDED}'s layout (BC years counted
 * astronomically: 1 BC is year 0, 44 BC is -43), or NaN for other text or a field out of
 * range. Past a Date's range (±273,790 years) `new Date` of it is an invalid Date.
 */
function extendedUtc(text: string): number {
  const m = EXTENDED.exec(text);
  if (m === null) return NaN;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const year = m[12] === undefined ? n(1) : 1 - n(1);
  const [month, day, h, mi, s] = [n(2), n(3), n(4), n(5), n(6)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  if (day < 1 || day > monthDays || h > 23 || mi > 59 || s > 59) return NaN;
  if (n(9) > 23 || n(10) > 59 || n(11) > 59) return NaN; // an offset out of range
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const offset = (n(9) * 3600 + n(10) * 60 + n(11)) * (m[8] === '-' ? -1 : 1);
  return (
    daysFromCivil(year, month, day) * 86_400_000 + (h * 3600 + mi * 60 + s - offset) * 1000 + ms
  );
}

/** `YYYY-MM-DD` (or PostgreSQL's `YYYYY-MM-DD`, `YYYY-MM-DD BC`) as UTC midnight. */
export function parseDate(text: string): Date {
  if (text.length !== 10) {
    const utc = extendedUtc(text);
    if (!Number.isNaN(utc)) return new Date(utc);
  }
  return new Date(`${text.slice(0, 10)}T00:00:00Z`);
}

const HAS_ZONE = /(?:Z|[+-]\d\d(?::?\d\d)?)$/;

/** Parses an ISO-8601 / SQL timestamp; text without a zone is taken as UTC. */
export function parseTimestamp(text: string): Date {
  // The layouts the dialects store, without building a string (fixed-timestamp.ts).
  const utc = fixedLayoutUtc(text);
  if (!Number.isNaN(utc)) return new Date(utc);
  // BC, five-digit years, years before 100 (which Date.UTC would take as 19xx).
  const extended = extendedUtc(text);
  if (!Number.isNaN(extended)) return new Date(extended);
  let iso = text.length > 10 && text[10] === ' ' ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
  if (iso.length === 10) iso += 'T00:00:00';
  if (!HAS_ZONE.test(iso)) iso += 'Z';
  // PostgreSQL prints offsets as `+01`; Date wants `+01:00`.
  else if (/[+-]\d\d$/.test(iso)) iso += ':00';
  return new Date(iso);
}
