/**
 * Type changes that are no narrowing, every value fits the new type, but that PostgreSQL
 * makes by changing some of the values: asked about like a narrowing (misfit.ts adds
 * them to what `migrate up` asks and `dbgen push` counts), naming only the values that
 * change. The other dialects store these pairs alike (MySQL/MariaDB and SQLite have one
 * JSON type, one time type, and read a char without its padding), so nothing changes
 * there and nothing is asked.
 *
 * - `json` → `jsonb` keeps only the last of duplicate keys of an object, at any depth:
 *   `{"a":1,"a":2}` becomes `{"a":2}`, a key lost. What else jsonb normalises (spaces, the
 *   order of keys, `1e2` → `100`, `\u0061` → `a`) is the same JSON value, and is not
 *   asked about.
 * - `char(n)` → `varchar` or `text` drops the trailing spaces: PostgreSQL returns
 *   `'ab'` stored in a `char(5)` as `'ab   '`, its cast to varchar as `'ab'`. Which of
 *   them is the data, dbgen cannot tell (a char holds `'ab'` and `'ab   '` alike, and
 *   compares both equal to `'ab'`), so the values it would shorten are asked about;
 *   forced, PostgreSQL's own conversion (without the spaces) runs.
 * - `char(n)` → `char(m)`, m > n, pads every value with more spaces: PostgreSQL returns
 *   `'ab'` in a `char(3)` as `'ab '`, in a `char(5)` as `'ab   '`. Every non-null value
 *   reads otherwise, so every one is counted (MySQL/MariaDB and SQLite return no padding).
 * - `timetz` → `time` drops the UTC offset. A single `timetz` is converted at UTC
 *   (dialects/postgres/zone-cast.ts: `12:00+02` becomes `10:00`), so the instant stays,
 *   but the offset is gone: `down` gives `10:00+00`, not `12:00+02`. An array has no such
 *   conversion, so its elements with another offset than UTC would read as another time.
 *   Either way the values whose offset is not UTC are asked about.
 * - `bytea` → a string type writes each value as its hex text: the bytes `00 ff 41`
 *   become the text `\x00ff41`, not `A` or the bytes themselves. Every non-null value
 *   changes (an empty one becomes `\x`), so every one is asked about.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import { quoteIdent, type DialectName } from '../schema/render.js';
import { isTimeWithZone, STRING_TYPES as STRINGS } from '../schema/types.js';

/** How a conversion changes values (for the question), and which rows hold one. */
export interface ValueChange {
  /** `which drops trailing spaces`. */
  readonly how: string;
  /** A WHERE condition true for each row whose value would change. */
  readonly where: string;
}

/**
 * `test` of the column's value, or of any element of its array (`unnest` reads every
 * element of every dimension).
 */
function anyElement(column: string, dims: number, test: (value: string) => string): string {
  if (dims === 0) return test(column);
  return `EXISTS (SELECT 1 FROM unnest(${column}) AS e(x) WHERE ${test('e.x')})`;
}

/**
 * Whether a `json` value holds an object with a key twice, at any depth: a walk over
 * every object member and array element, json_object_keys listing duplicates as they
 * are written (which jsonb_object_keys would not).
 */
function duplicateKeys(value: string): string {
  const each = (fn: string, type: string): string =>
    `SELECT value FROM ${fn}(CASE WHEN json_typeof(n.v) = '${type}' THEN n.v END)`;
  return (
    `EXISTS (WITH RECURSIVE n(v) AS (SELECT ${value} UNION ALL SELECT m.v FROM n ` +
    `CROSS JOIN LATERAL (${each('json_each', 'object')} UNION ALL ${each('json_array_elements', 'array')}) AS m(v)) ` +
    `SELECT 1 FROM n WHERE json_typeof(n.v) = 'object' AND ` +
    `(SELECT COUNT(*) <> COUNT(DISTINCT k) FROM json_object_keys(n.v) AS k))`
  );
}

/** How changing column `name` from `from` to `to` changes values that fit, or null. */
export function valueChange(
  dialect: DialectName,
  name: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): ValueChange | null {
  if (dialect !== 'postgres' || from.arrayDims !== to.arrayDims) return null;
  const column = quoteIdent(name);
  const dims = from.arrayDims;
  const a = from.logical;
  const b = to.logical;
  if (a === 'bytes' && STRINGS.has(b))
    return {
      how: 'which writes each value as its hex text',
      where: anyElement(column, dims, (v) => `${v} IS NOT NULL`),
    };
  if (a === 'json' && b === 'jsonb')
    return {
      how: 'which keeps only the last of duplicate keys',
      where: anyElement(column, dims, duplicateKeys),
    };
  if (a === 'char' && (b === 'varchar' || b === 'text'))
    return {
      how: 'which drops trailing spaces',
      // A char's octet length counts its padding; rtrim's text has none.
      where: anyElement(column, dims, (v) => `OCTET_LENGTH(${v}) > OCTET_LENGTH(RTRIM(${v}))`),
    };
  // A char without a length is char(1).
  if (a === 'char' && b === 'char' && (to.args[0] ?? 1) > (from.args[0] ?? 1))
    return {
      how: 'which pads every value with more spaces',
      where: anyElement(column, dims, (v) => `${v} IS NOT NULL`),
    };
  if (a === 'time' && b === 'time' && isTimeWithZone(from) && !isTimeWithZone(to))
    return {
      how: dims > 0 ? 'which drops the UTC offsets' : 'which converts to UTC, dropping the offsets',
      where: anyElement(column, dims, (v) => `EXTRACT(TIMEZONE FROM ${v}) <> 0`),
    };
  return null;
}
