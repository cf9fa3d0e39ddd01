/**
 * The timestamps the dialects store, read digit by digit: `YYYY-MM-DDTHH:MM:SS.sssZ`
 * (SQLite's stored format, `Date#toISOString`'s), `YYYY-MM-DD HH:MM:SS[.ffffff]`
 * (MySQL/MariaDB `DATETIME(6)` text), both UTC, and PostgreSQL's `timestamptz` text
 * (`YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM[:SS]]`). A flush of 10,000 new rows reads back
 * 10,000 defaulted timestamps; rebuilding each as an ISO string for `new Date(text)`, after
 * two regular expressions, cost about 0.2–0.3 µs a value, this about 0.1 (mostly the Date).
 */

/** Days per month in a leap year (February 29 is checked against the year below). */
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `n` decimal digits of `t` from `at` as a number, or -1 when one is not a digit. */
function digits(t: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Milliseconds since the epoch of `YYYY-MM-DD[T ]HH:MM:SS[.f…][Z|±HH[:MM[:SS]]]`, read as
 * UTC when there is no offset (fraction digits past milliseconds are dropped, as `new Date`
 * drops them), or NaN when the text has another layout (no time, a year before 100 or after
 * 9999, BC) or a field out of range. NaN means "parse it the general way", which then
 * decides what such text means: a fast path with the same answers, but for an offset with
 * seconds (PostgreSQL's for a pre-1900 local mean time), which `new Date` cannot read:
 * the general way gave an invalid Date for it.
 */
export function fixedLayoutUtc(t: string): number {
  if (t === lastText) return lastUtc;
  const utc = readFixedLayout(t);
  lastText = t;
  lastUtc = utc;
  return utc;
}

/**
 * The last text {@link fixedLayoutUtc} read, and what it read. Timestamps come in runs of
 * one value: a multi-row INSERT's default `now()` is one value for every row on every
 * dialect (PostgreSQL's for the whole transaction), and a batch job stamps its rows alike.
 * Comparing with the previous text costs a few ns, reading it 100-200 (10,000 rows of
 * W3 of the peer benchmark read back 10,000 equal `created_at`s: docs/orm.md "Where the
 * time goes").
 */
let lastText = '';
let lastUtc = NaN;

function readFixedLayout(t: string): number {
  const n = t.length;
  if (
    n < 19 ||
    t.charCodeAt(4) !== 45 || // -
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(13) !== 58 || // :
    t.charCodeAt(16) !== 58
  )
    return NaN;
  const sep = t.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return NaN; // T or space
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = digits(t, 17, 2);
  // Years below 100 would be taken as 19xx by Date.UTC.
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > (DAYS[mo - 1] as number)) return NaN;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return NaN;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  let i = 19;
  let ms = 0;
  if (i < n && t.charCodeAt(i) === 46) {
    // .
    i++;
    const start = i;
    let scale = 100;
    for (; i < n; i++) {
      const c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
    }
    if (i === start || i - start > 9) return NaN;
    ms = Math.floor(ms);
  }
  const utc = daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
  if (i === n) return utc;
  const zone = t.charCodeAt(i);
  if (zone === 90) return i === n - 1 ? utc : NaN; // a final Z
  if (zone !== 43 && zone !== 45) return NaN; // + or -
  const offset = offsetSeconds(t, i + 1);
  return Number.isNaN(offset) ? NaN : utc - (zone === 45 ? -offset : offset) * 1000;
}

/**
 * Days from 1970-01-01 to the proleptic Gregorian date `y-m-d` (Howard Hinnant's
 * `days_from_civil`), as `Date.UTC` counts them, for any year (0 is 1 BC, -1 is 2 BC). Plain integer arithmetic: `Date.UTC` is a
 * call into the runtime, about 40 ns a value against 12 here, and a read of 20,000 rows
 * with a timestamp each makes 20,000 of them.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Seconds of an offset `HH`, `HH:MM` or `HH:MM:SS` that runs from `at` to the end of `t`
 * (PostgreSQL prints a `timestamptz` as `…+00`, `…+05:30`, or `…-00:25:21` for an old local
 * mean time), or NaN for any other text.
 */
function offsetSeconds(t: string, at: number): number {
  const rest = t.length - at;
  if (rest !== 2 && rest !== 5 && rest !== 8) return NaN;
  const h = digits(t, at, 2);
  const m = rest === 2 ? 0 : t.charCodeAt(at + 2) === 58 ? digits(t, at + 3, 2) : -1;
  const s = rest <= 5 ? 0 : t.charCodeAt(at + 5) === 58 ? digits(t, at + 6, 2) : -1;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return NaN;
  return h * 3600 + m * 60 + s;
}
