/**
 * DBML `Records` values as written (strings, numbers, booleans, null) turned into the
 * values the Core's insert takes for each column's logical type: a timestamp's text into
 * a Date (UTC, as the runtime reads it back), a bigint's digits into a bigint, a JSON
 * column's text parsed. A value that cannot be read as its column's type is a
 * {@link SeedError} naming the table, column and record.
 */
import { parseDate, parseTimestamp } from '../core/temporal.js';
import type { ColumnIR } from '../schema/ir.js';
import { SeedError } from './errors.js';

export type RecordValue = string | number | boolean | null;

/** The value for `column`; `where` (`"users" record 2`) names it in an error. */
export function columnValue(column: ColumnIR, value: RecordValue, where: string): unknown {
  if (value === null || column.type.arrayDims > 0) return value;
  const fail = (expected: string): never => {
    throw new SeedError(
      `${where}, column "${column.name}": ${JSON.stringify(value)} is not ${expected} (${column.type.raw})`,
    );
  };
  switch (column.type.logical) {
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number) ? number : fail('a number');
    }
    case 'bigint':
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
      return fail('an integer');
    case 'decimal':
      if (typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(String(value).trim()))
        return String(value).trim();
      return fail('a decimal number');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === 'true' || value === '1') return true;
      if (value === 0 || value === 'false' || value === '0') return false;
      return fail('a boolean');
    case 'date':
    case 'timestamp':
    case 'timestamptz': {
      if (typeof value !== 'string') return fail('a date or time');
      const date = column.type.logical === 'date' ? parseDate(value) : parseTimestamp(value);
      return Number.isNaN(date.getTime()) ? fail('a date or time') : date;
    }
    case 'json':
    case 'jsonb':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return fail('JSON text');
      }
    case 'bytes':
      return Buffer.from(String(value), 'utf8');
    default:
      return String(value);
  }
}
