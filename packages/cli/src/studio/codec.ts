/**
 * Values between the database and the browser. JSON has no bigint, Date or bytes, so a
 * value is encoded for the wire (bigint and decimal as strings, dates as ISO text, bytes as
 * `{ "$base64": ... }`) and decoded back by the column's logical type, which also turns the
 * text a user typed into the value the column stores (strictly: a date that is not in the
 * calendar, text after a date, base64 that is not, an integer JSON would round are refused,
 * never bent). A value that does not fit its column is a 400 naming the table, the column
 * and the value. A JSON document comes as `{ "$json": text }` (json-input.ts).
 */
import {
  parseDateInput,
  parseTimestampInput,
  pastMilliseconds,
  type ColumnIR,
} from '@dbgen/runtime';
import type { StudioTable } from './catalog.js';
import { StudioError } from './errors.js';
import { jsonInput } from './json-input.js';

/** Integer and number text in decimal notation (no hex, binary, octal or Infinity). */
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const NUMBER_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Standard base64, padded, as encodeValue writes it (and as `btoa` does). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A database value as JSON can carry it. */
export function encodeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  return value;
}

/**
 * The value `column` of `table` stores for `wire` (JSON from the browser); throws a 400
 * when it cannot be one (an enum's value must be one of the schema's).
 */
export function decodeValue(table: StudioTable, column: ColumnIR, wire: unknown): unknown {
  const value = decodeByType(table.ir.name, column, wire);
  const allowed = table.enumValues.get(column.name);
  if (allowed && typeof value === 'string' && !allowed.includes(value)) {
    throw new StudioError(
      400,
      `${table.ir.name}.${column.name}: ${JSON.stringify(value)} is not a value of the enum (${allowed.join(', ')})`,
    );
  }
  return value;
}

function decodeByType(table: string, column: ColumnIR, wire: unknown): unknown {
  if (wire === null || wire === undefined) return null;
  const fail = (expected: string): never => {
    throw new StudioError(
      400,
      `${table}.${column.name}: expected ${expected}, found ${JSON.stringify(wire)}`,
    );
  };
  if (column.type.arrayDims > 0) {
    if (!Array.isArray(wire)) return fail('an array');
    // Each item as a value of the element type: a bigint[] is shown with its items as
    // strings (JSON has no bigint), and goes back as bigints.
    const item: ColumnIR = {
      ...column,
      type: { ...column.type, arrayDims: column.type.arrayDims - 1 },
    };
    return wire.map((value) => decodeByType(table, item, value));
  }
  switch (column.type.logical) {
    case 'smallint':
    case 'integer': {
      // Decimal text only: Number() would also read '0x10' as 16 and '1e3' as 1000.
      const n = typeof wire === 'string' && INTEGER_TEXT.test(wire) ? Number(wire) : wire;
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : fail('an integer');
    }
    case 'real':
    case 'double': {
      const n = typeof wire === 'string' && NUMBER_TEXT.test(wire) ? Number(wire) : wire;
      return typeof n === 'number' && Number.isFinite(n) ? n : fail('a number');
    }
    case 'bigint':
      if ((typeof wire === 'string' && /^\s*-?\d+\s*$/.test(wire)) || Number.isSafeInteger(wire)) {
        return BigInt(typeof wire === 'string' ? wire.trim() : (wire as number));
      }
      return fail('an integer');
    case 'decimal':
      if (typeof wire === 'number' && Number.isFinite(wire)) return String(wire);
      return typeof wire === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(wire)
        ? wire.trim()
        : fail('a decimal number');
    case 'boolean':
      if (typeof wire === 'boolean') return wire;
      if (wire === 'true' || wire === '1' || wire === 1) return true;
      if (wire === 'false' || wire === '0' || wire === 0) return false;
      return fail('true or false');
    case 'date':
    case 'timestamp':
    case 'timestamptz': {
      // The runtime's strict reading of typed date text (no zone: UTC), never `new Date`,
      // which takes `2024-01-05 10:00` in the server's local time zone and rolls
      // 2024-02-30 over to March 1: the whole text, and only a day in the calendar.
      const text = typeof wire === 'string' ? wire.trim() : '';
      // A JS Date keeps milliseconds: 10:11:12.123456 would be stored as 10:11:12.123.
      if (column.type.logical !== 'date' && pastMilliseconds(text))
        fail('a time with at most 3 decimals of a second (the studio writes milliseconds)');
      const date =
        column.type.logical === 'date' ? parseDateInput(text) : parseTimestampInput(text);
      if (date !== null) return date;
      return fail(
        column.type.logical === 'date'
          ? 'a date such as 2024-01-05 (ISO 8601)'
          : 'a date and time such as 2024-01-05 10:30:00 (ISO 8601)',
      );
    }
    case 'json':
    case 'jsonb': {
      const document = jsonInput(wire);
      if ('value' in document) return document.value;
      throw new StudioError(400, `${table}.${column.name}: ${document.problem}`);
    }
    case 'bytes': {
      // Buffer.from(text, 'base64') skips what is not base64 and stores the rest: checked
      // first, so that a mistyped value is refused, not written as other bytes.
      const base64 = (wire as { $base64?: unknown }).$base64;
      return typeof base64 === 'string' && BASE64.test(base64)
        ? Buffer.from(base64, 'base64')
        : fail('{"$base64": …} with base64 text (A–Z, a–z, 0–9, +, /, = padding)');
    }
    default:
      return typeof wire === 'string' ? wire : fail('text');
  }
}

/**
 * Whether a value read from the column comes back from the wire equal to what the
 * database holds, so that comparing it in a WHERE finds the row unchanged. Floats, dates
 * and times (sub-millisecond precision), JSON, bytes and arrays may not: they are left
 * out of the stale-row check (a version column covers them, see docs/studio.md). Nor
 * may a uuid where it is text (SQLite, MySQL): one stored in capitals by another program
 * is bound in lowercase and, compared case by case, never matched.
 */
export function comparesExactly(column: ColumnIR, dialect: string): boolean {
  if (column.type.arrayDims > 0) return false;
  switch (column.type.logical) {
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'boolean':
    case 'char':
    case 'varchar':
    case 'text':
    case 'enum':
      return true;
    case 'uuid':
      return dialect === 'postgres';
    default:
      return false;
  }
}
