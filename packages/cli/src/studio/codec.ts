/**
 * Values between the database and the browser. JSON has no bigint, Date or bytes, so a
 * value is encoded for the wire (bigint and decimal as strings, dates as ISO text, bytes as
 * `{ "$base64": ... }`) and decoded back by the column's logical type, which also turns the
 * text a user typed into the value the column stores. A value that does not fit its column
 * is a 400 naming the table, the column and the value.
 */
import { parseDate, parseTimestamp, type ColumnIR } from '@dbgen/runtime';
import type { StudioTable } from './catalog.js';
import { StudioError } from './errors.js';

/** A database value as JSON can carry it. */
export function encodeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  return value;
}

/** A row with every value encoded for the wire, keyed by column name. */
export function encodeRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeValue(v)]));
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
  if (column.type.arrayDims > 0) return Array.isArray(wire) ? wire : fail('an array');
  switch (column.type.logical) {
    case 'smallint':
    case 'integer': {
      const n = typeof wire === 'string' && wire.trim() !== '' ? Number(wire) : wire;
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : fail('an integer');
    }
    case 'real':
    case 'double': {
      const n = typeof wire === 'string' && wire.trim() !== '' ? Number(wire) : wire;
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
      // The runtime's reading of date text (no zone: UTC), never `new Date(text)`, which
      // takes `2024-01-05 10:00` in the server's local time zone and shifts what is stored.
      const text = typeof wire === 'string' ? wire.trim() : '';
      const date = column.type.logical === 'date' ? parseDate(text) : parseTimestamp(text);
      return text !== '' && !Number.isNaN(date.getTime()) ? date : fail('a date (ISO 8601)');
    }
    case 'json':
    case 'jsonb':
      return wire;
    case 'bytes': {
      const base64 = (wire as { $base64?: unknown }).$base64;
      return typeof base64 === 'string' ? Buffer.from(base64, 'base64') : fail('{"$base64": …}');
    }
    default:
      return typeof wire === 'string' ? wire : fail('text');
  }
}

/**
 * Whether a value read from the column comes back from the wire equal to what the
 * database holds, so that comparing it in a WHERE finds the row unchanged. Floats, dates
 * and times (sub-millisecond precision), JSON, bytes and arrays may not: they are left
 * out of the stale-row check (a version column covers them, see docs/studio.md).
 */
export function comparesExactly(column: ColumnIR): boolean {
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
    case 'uuid':
    case 'enum':
      return true;
    default:
      return false;
  }
}
