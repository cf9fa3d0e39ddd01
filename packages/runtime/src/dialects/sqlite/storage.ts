/**
 * How each logical type is stored in SQLite, whoever writes the row: dbgen's bound
 * values, the DDL's defaults, a migration's table rebuild, or another program.
 *
 * - timestamp/timestamptz: ISO-8601 UTC text `YYYY-MM-DDTHH:MM:SS.sssZ` (what
 *   `Date#toISOString` writes). `CURRENT_TIMESTAMP` would write `YYYY-MM-DD HH:MM:SS`,
 *   which sorts and compares wrongly against it as text, so the DDL writes
 *   `strftime(TIMESTAMP_FORMAT, 'now')` instead.
 * - decimal: exact decimal text with the declared scale (`0.30` in `decimal(20,2)`). A
 *   column declared `numeric` has NUMERIC affinity, which turns such text into a double
 *   and loses digits; the declared type `numeric text(p, s)` has TEXT affinity (its name
 *   contains TEXT) and still says what it is.
 * - every column gets a CHECK named `type:<column>` that holds its rows to the declared
 *   type and length (STRICT tables would do the first half, but they only accept the
 *   five storage class names and so lose `varchar(20)`, `timestamp` and the rest, which
 *   `dbgen pull` reads back). Introspection leaves these checks out: they belong to the
 *   column's type, not to the schema's checks.
 */
import type { ColumnIR, ColumnTypeIR, DefaultIR } from '../../schema/ir.js';
import { quoteIdent, quoteString } from '../../schema/render.js';
import { parseTimestamp } from '../../core/temporal.js';
import { sqliteName } from './names.js';
import { unsignedCondition } from '../../schema/unsigned.js';

/** The strftime format of a stored timestamp: `Date#toISOString`'s. */
export const TIMESTAMP_FORMAT = '%Y-%m-%dT%H:%M:%fZ';

/** The prefix of the CHECK constraint that holds a column to its declared type. */
export const SQLITE_TYPE_CHECK_PREFIX = 'type:';

/** The declared-type words that give a decimal column TEXT affinity (see the file comment). */
export const DECIMAL_TEXT_TYPE = 'numeric text';

/** The default SQL expressions that mean "the current instant". */
const NOW =
  /^(?:current_timestamp|now\(\)|localtimestamp|transaction_timestamp\(\)|statement_timestamp\(\)|clock_timestamp\(\))$/i;

const NOW_TIMESTAMP = `strftime('${TIMESTAMP_FORMAT}', 'now')`;

const isTimestamp = (type: ColumnTypeIR): boolean =>
  type.arrayDims === 0 && (type.logical === 'timestamp' || type.logical === 'timestamptz');

const isDecimal = (type: ColumnTypeIR): boolean =>
  type.arrayDims === 0 && type.logical === 'decimal';

/** The scale a decimal type declares (`decimal(20,2)` → 2), or null when it declares none. */
export function decimalScale(type: ColumnTypeIR): number | null {
  return type.args.length >= 2 ? (type.args[1] ?? 0) : type.args.length === 1 ? 0 : null;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * A decimal's canonical stored text: sign only when negative, no leading zeros, and
 * exactly the declared scale (padded with zeros). Text with more fractional digits than
 * the scale, or that is not a plain decimal, is returned unchanged: the column's CHECK
 * then refuses it rather than dbgen rounding it silently.
 */
export function canonicalDecimal(text: string, scale: number | null): string {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return text;
  const [, sign, written = '', fraction = ''] = match;
  if (written === '' && fraction === '') return text;
  if (scale !== null && fraction.length > scale) return text;
  const whole = written.replace(/^0+/, '') || '0';
  // Without a declared scale the written one is kept, as PostgreSQL's `numeric` keeps it.
  const digits = scale === null ? fraction : fraction.padEnd(scale, '0');
  const body = digits.length > 0 ? `${whole}.${digits}` : whole;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/** A decimal read from an older database that stored it as a double (REAL). */
export function decimalFromNumber(value: number, scale: number | null): string {
  if (scale === null || !Number.isFinite(value)) return String(value);
  // From 1e21 on, toFixed writes an exponent (and such a double is an integer).
  if (Math.abs(value) >= 1e21)
    return `${plainDecimal(value)}${scale > 0 ? `.${'0'.repeat(scale)}` : ''}`;
  const fixed = value.toFixed(scale);
  // A REAL with more decimals than the scale (stored by an older version or another
  // program: 19.999 in decimal(10,2)) is read with all its digits, never rounded to the
  // scale: the shortest text that reads back as the same double.
  return Number(fixed) === value ? fixed : plainDecimal(value);
}

/** `value` as a plain decimal (no exponent): the shortest digits that are the same double. */
function plainDecimal(value: number): string {
  const shortest = String(value);
  const e = shortest.search(/e/i);
  if (e < 0) return shortest;
  const exponent = Number(shortest.slice(e + 1));
  const mantissa = shortest.slice(0, e).replace('-', '');
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const intDigits = (point < 0 ? mantissa.length : point) + exponent;
  const sign = value < 0 ? '-' : '';
  return intDigits <= 0
    ? `${sign}0.${'0'.repeat(-intDigits)}${digits}`
    : `${sign}${digits}${'0'.repeat(Math.max(0, intDigits - digits.length))}`;
}

/**
 * A decimal as read: canonical text stays as it is; what an older version stored as a
 * REAL arrives as SQLite's text of it (`0.3`, `1.23456789012346e+17`) and gets the
 * declared scale back.
 */
export function decimalFromText(text: string, scale: number | null): string {
  if (/e/i.test(text)) return decimalFromNumber(Number(text), scale);
  return canonicalDecimal(text, scale);
}

/** The column's type as declared in SQLite's DDL: decimals get TEXT affinity. */
export function storageType(declared: string, type: ColumnTypeIR): string {
  return isDecimal(type) ? declared.replace(/^numeric\b/, DECIMAL_TEXT_TYPE) : declared;
}

/** The declared type as introspection reads it back: `numeric text(20, 2)` → `numeric(20, 2)`. */
export function logicalTypeText(declared: string): string {
  return declared.replace(/^numeric text\b/i, 'numeric');
}

/**
 * A column's default in the terms SQLite keeps it: "now" as CURRENT_TIMESTAMP (whatever
 * the spelling), a timestamp literal in the stored format, a decimal (number or numeric
 * text) as its canonical text. `migrate status` compares a
 * live database's defaults with these (compare.ts).
 */
export function storedDefault(column: ColumnIR): DefaultIR | null {
  const value = column.default;
  if (value === null) return value;
  if (isDecimal(column.type) && (value.kind === 'number' || value.kind === 'string')) {
    const text = canonicalDecimal(String(value.value), decimalScale(column.type));
    return /^-?\d+(\.\d+)?$/.test(text) ? { kind: 'number', value: text } : value;
  }
  if (!isTimestamp(column.type)) return value;
  if (value.kind === 'expression' && NOW.test(value.sql.trim())) {
    return { kind: 'expression', sql: 'CURRENT_TIMESTAMP' };
  }
  if (value.kind === 'string') {
    const instant = parseTimestamp(value.value);
    if (!Number.isNaN(instant.getTime())) return { kind: 'string', value: instant.toISOString() };
  }
  return value;
}

/**
 * A column default as SQLite's DDL writes it: "now" in the timestamp format, timestamp
 * and decimal literals as the stored text. Null when the default needs no translation.
 */
export function storageDefault(column: ColumnIR): string | null {
  const value = storedDefault(column);
  if (value === null) return null;
  if (isTimestamp(column.type) && value.kind === 'expression') {
    return value.sql === 'CURRENT_TIMESTAMP' ? `(${NOW_TIMESTAMP})` : null;
  }
  if (isTimestamp(column.type) && value.kind === 'string') return quoteString(value.value);
  if (isDecimal(column.type) && value.kind === 'number') return quoteString(String(value.value));
  return null;
}

/** A default as SQLite reports it, back in the schema's terms (the inverse of storageDefault). */
export function schemaDefault(value: DefaultIR | null, declared: string): DefaultIR | null {
  if (value === null) return null;
  if (
    value.kind === 'expression' &&
    value.sql.replace(/\s+/g, '') === NOW_TIMESTAMP.replace(/\s+/g, '')
  ) {
    return { kind: 'expression', sql: 'CURRENT_TIMESTAMP' };
  }
  if (
    value.kind === 'string' &&
    new RegExp(`^${DECIMAL_TEXT_TYPE}\\b`, 'i').test(declared) &&
    /^-?\d+(\.\d+)?$/.test(value.value)
  ) {
    return { kind: 'number', value: value.value };
  }
  return value;
}

const TYPE_OF = (c: string, ...types: string[]): string =>
  `typeof(${c}) ${types.length === 1 ? `= '${types[0]}'` : `IN (${types.map((t) => `'${t}'`).join(', ')})`}`;

const UUID_GLOB = '????????-????-????-????-????????????'.replace(/\?/g, '[0-9A-Fa-f]');

/** `decimal(p,s)` as GLOB conditions (SQLite has no regular expressions). */
function decimalCondition(c: string, type: ColumnTypeIR): string {
  const unsigned = `ltrim(${c}, '-')`;
  const scale = decimalScale(type);
  const parts = [
    TYPE_OF(c, 'text'),
    `${c} NOT GLOB '*[^0-9.-]*'`, // digits, a point, a sign
    `${c} NOT GLOB '?*-*'`, // the sign only first
    `${c} NOT GLOB '*.*.*'`,
    `${unsigned} GLOB '[0-9]*'`,
  ];
  if (scale === null) parts.push(`${c} GLOB '*[0-9]'`);
  else if (scale === 0) parts.push(`${c} NOT GLOB '*.*'`);
  else parts.push(`${c} GLOB '*.${'[0-9]'.repeat(scale)}'`);
  const precision = type.args[0];
  if (precision !== undefined) {
    const wholeDigits = Math.max(precision - (scale ?? 0), 1);
    const fractionLength = scale === null || scale === 0 ? 0 : scale + 1;
    parts.push(`length(${unsigned}) <= ${wholeDigits + fractionLength}`);
  }
  return parts.join(' AND ');
}

/**
 * What a non-null value of `type` must satisfy, or null when anything goes (interval,
 * whose text `5` NUMERIC affinity turns into an integer, and unknown types). A CHECK
 * passes when its condition is NULL, so functions that answer NULL for bad input
 * (`date('x')`) are compared with IS, never `=`.
 */
function typeCondition(c: string, type: ColumnTypeIR): string | null {
  const unsigned = unsignedCondition(c, type);
  if (unsigned === null) return signedCondition(c, type);
  // An unsigned integer's own range replaces the signed one; a decimal (text) is held to
  // no leading minus sign, a float to at least 0. A bigint unsigned holds 0 to 2^63 - 1
  // here: SQLite's INTEGER is 64-bit signed, and a larger value (stored as REAL) fails
  // the typeof check.
  const kind = ['smallint', 'integer', 'bigint'].includes(type.logical)
    ? TYPE_OF(c, 'integer')
    : signedCondition(c, type);
  if (type.logical === 'decimal') return `${kind} AND ${c} NOT GLOB '-*'`;
  return `${kind} AND ${unsigned}`;
}

function signedCondition(c: string, type: ColumnTypeIR): string | null {
  if (type.arrayDims > 0) return `${TYPE_OF(c, 'text')} AND json_valid(${c}) AND ${c} GLOB '[[]*'`;
  const length = type.args[0];
  switch (type.logical) {
    case 'smallint':
      return `${TYPE_OF(c, 'integer')} AND ${c} BETWEEN -32768 AND 32767`;
    case 'integer':
      return `${TYPE_OF(c, 'integer')} AND ${c} BETWEEN -2147483648 AND 2147483647`;
    case 'bigint':
      return TYPE_OF(c, 'integer');
    case 'real':
    case 'double':
      // REAL affinity stores integers as reals, so this admits any number.
      return TYPE_OF(c, 'real');
    case 'decimal':
      return decimalCondition(c, type);
    case 'boolean':
      return `${c} IN (0, 1)`;
    case 'char':
    case 'varchar':
      return length === undefined
        ? TYPE_OF(c, 'text')
        : `${TYPE_OF(c, 'text')} AND length(${c}) <= ${length}`;
    case 'text':
      return TYPE_OF(c, 'text');
    case 'uuid':
      return `${TYPE_OF(c, 'text')} AND ${c} GLOB '${UUID_GLOB}'`;
    case 'date':
      return `${TYPE_OF(c, 'text')} AND date(${c}) IS ${c}`;
    case 'time':
      return `${TYPE_OF(c, 'text')} AND time(${c}) IS NOT NULL`;
    case 'timestamp':
    case 'timestamptz':
      return `${TYPE_OF(c, 'text')} AND strftime('${TIMESTAMP_FORMAT}', ${c}) IS ${c}`;
    case 'json':
    case 'jsonb':
      // Not typeof text: NUMERIC affinity stores the JSON text `42` as the integer 42.
      return `json_valid(${c})`;
    case 'bytes':
      return TYPE_OF(c, 'blob');
    default:
      return null;
  }
}

/** The column constraint that holds the column to its type, or '' when there is none. */
export function typeCheckConstraint(column: ColumnIR): string {
  const c = quoteIdent(column.name);
  const condition = typeCondition(c, column.type);
  if (condition === null) return '';
  const name = quoteIdent(`${SQLITE_TYPE_CHECK_PREFIX}${column.name}`);
  const check = column.nullable ? `${c} IS NULL OR (${condition})` : condition;
  return ` CONSTRAINT ${name} CHECK (${check})`;
}

/**
 * The expression a table rebuild copies a column with, `from` being the column's type
 * before it: values an older dbgen stored in another format (timestamps written by
 * `CURRENT_TIMESTAMP`, decimals stored as REAL) are rewritten in the current one, and a
 * decimal whose scale changes is rewritten at the new one (see rescaledCopy). A value
 * that cannot be read is copied unchanged, so the new table's CHECK refuses it and the
 * migration stops instead of losing it.
 */
export function copyExpression(column: ColumnIR, from?: ColumnTypeIR): string {
  // A column the old table lacks (it changed by hand) fails the copy, not copies its name.
  const c = sqliteName(column.name);
  if (isTimestamp(column.type)) {
    return `CASE WHEN typeof(${c}) = 'text' THEN coalesce(strftime('${TIMESTAMP_FORMAT}', ${c}), ${c}) ELSE ${c} END`;
  }
  const rescaled = from === undefined ? null : rescaledCopy(c, from, column.type);
  if (rescaled !== null) return rescaled;
  if (isDecimal(column.type)) {
    const scale = decimalScale(column.type);
    if (scale === null) {
      return `CASE WHEN typeof(${c}) IN ('integer', 'real') THEN CAST(${c} AS TEXT) ELSE ${c} END`;
    }
    return `CASE typeof(${c}) WHEN 'integer' THEN ${integerAtScale(c, scale)} WHEN 'real' THEN ${realAtScale(c, scale, (t) => t)} ELSE ${c} END`;
  }
  return c;
}

/** SQL for the INTEGER `c` as decimal text of `scale`: its digits, not a double's. */
const integerAtScale = (c: string, scale: number): string =>
  `CAST(${c} AS TEXT)${scale > 0 ? ` || '.${'0'.repeat(scale)}'` : ''}`;

/**
 * SQL for the REAL `c` as the decimal text of `scale` (shaped by `text`), when that text
 * is the same number: written with `printf('%.<scale>f')`, which rounds to the scale and
 * to 16 significant digits, it reads back as the same double (19.99, a double
 * 19.989999999999998, → '19.99' at scale 2). Otherwise `c` unchanged, for the column's
 * CHECK to refuse: a value with more decimals than the scale (19.999 or 0.125 at scale 2,
 * which printf would round to '20.00' and '0.13'), or one printf cannot write in 16
 * significant digits (123456789012345.67, written '123456789012345.70'; SQLite's
 * `round(c, scale) = c` holds for it). The new column's TEXT affinity stores such a REAL
 * as SQLite's shortest text of it ('123456789012345.67'), which the CHECK accepts only
 * when it has exactly the scale.
 */
function realAtScale(c: string, scale: number, text: (t: string) => string): string {
  const printed = `printf('%.${scale}f', ${c})`;
  return `CASE WHEN CAST(${printed} AS REAL) = ${c} THEN ${text(printed)} ELSE ${c} END`;
}

const INTEGERS = new Set(['smallint', 'integer', 'bigint']);

/** The scale a decimal or integer type (scale 0) holds its values at; undefined for others. */
function exactScale(type: ColumnTypeIR): number | null | undefined {
  if (type.arrayDims > 0) return undefined;
  if (isDecimal(type)) return decimalScale(type);
  return INTEGERS.has(type.logical) ? 0 : undefined;
}

/**
 * The copy of column `c` from `from` to `to` when a decimal's scale changes, or the type
 * between a decimal and an integer type (scale 0); null otherwise. Each value is copied as
 * the canonical text of the new scale (canonicalDecimal): '2.00' → '2', '2' → '2.00'. The
 * old text is not copied as it is, since the new column's CHECK holds it to the new
 * scale, nor through a REAL, which rounds digits beyond a double's (bigint 2^53 + 1 → a
 * decimal). A REAL is written so when the new scale holds it exactly (realAtScale). A
 * value with more fractional digits than the new scale is copied unchanged: the CHECK
 * refuses it and the rebuild rolls back, rather than rounding it (push and `migrate up`
 * have already asked about it, migrate/misfit.ts). An integer column takes the integer
 * text, which its INTEGER affinity stores exactly.
 */
function rescaledCopy(c: string, from: ColumnTypeIR, to: ColumnTypeIR): string | null {
  const before = exactScale(from);
  const after = exactScale(to);
  if (before === undefined || after === undefined || after === null) return null;
  if (!isDecimal(from) && !isDecimal(to)) return null; // integer to integer: as it is
  if (isDecimal(from) && isDecimal(to) && before === after) return null;
  // An integer as a decimal: its text, padded to the scale.
  const integer = isDecimal(to) ? integerAtScale(c, after) : c;
  // A REAL (an older dbgen's or another program's) when the new scale holds it exactly.
  const real = realAtScale(c, after, (t) => atScale(t, after));
  return `CASE typeof(${c}) WHEN 'text' THEN ${atScale(c, after)} WHEN 'integer' THEN ${integer} WHEN 'real' THEN ${real} ELSE ${c} END`;
}

/**
 * SQL for the decimal text `t` at `scale`, canonical (no leading zeros, no sign on zero),
 * when no fractional digit but zeros goes; otherwise `t` itself. SQLite has no exact
 * decimal arithmetic, so this is done on the text.
 */
function atScale(t: string, scale: number): string {
  const unsigned = `ltrim(${t}, '-')`;
  const point = `instr(${unsigned} || '.', '.')`;
  const whole = `coalesce(nullif(ltrim(substr(${unsigned}, 1, ${point} - 1), '0'), ''), '0')`;
  const fraction = `substr(${unsigned}, ${point} + 1)`;
  const digits =
    scale > 0 ? ` || '.' || substr(${fraction} || '${'0'.repeat(scale)}', 1, ${scale})` : '';
  // The sign stays on a value with a non-zero digit; every digit dropped is a zero.
  const sign = `CASE WHEN ${t} GLOB '-*[1-9]*' THEN '-' ELSE '' END`;
  return `CASE WHEN length(rtrim(${fraction}, '0')) <= ${scale} THEN ${sign} || ${whole}${digits} ELSE ${t} END`;
}
