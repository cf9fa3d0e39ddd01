/**
 * Defaults of the right kind that still do not fit their column: `varchar(3) [default:
 * 'toolong']`, `smallint [default: 99999]`, `decimal(3,1) [default: 12345.678]`,
 * `timestamp [default: 'not a date']`, `uuid [default: 'zzz']`, `json [default: '{']`.
 * No database would create the table (PostgreSQL, MySQL), or SQLite creates it and then
 * refuses every insert that takes the default (its type CHECKs). The value is held to the
 * same rule the runtime holds written values to (the seed's reading of a literal, then
 * the write check), so a default fits exactly when the same value in a record would.
 */
import { plainDecimal, recordValueProblem } from '@dbgen/runtime';
import type { ColumnDraft, TableDraft } from './context.js';

/** What is wrong with a default that does not fit: an error, or a warning (`severity`). */
export interface DefaultProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

const TEXT = new Set(['char', 'varchar', 'text']);
/** Types whose default is read like a record value; the others (interval, custom) are left alone. */
const CHECKED = new Set([
  'smallint',
  'integer',
  'bigint',
  'real',
  'double',
  'decimal',
  'char',
  'varchar',
  'uuid',
  'date',
  'timestamp',
  'timestamptz',
  'json',
  'jsonb',
]);
const TEMPORAL = new Set(['date', 'timestamp', 'timestamptz']);
const TIME = /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Why the default of `column` does not fit it, or null. Called for defaults whose kind
 * already suits the column (see `defaultMismatch`), so only the value is looked at.
 */
export function defaultFitProblem(table: TableDraft, column: ColumnDraft): DefaultProblem | null {
  const value = column.default;
  const type = column.type;
  if (value === null || type.arrayDims > 0) return null;
  if (value.kind === 'expression' || value.kind === 'null') return null;
  const where = `the default of '${table.name}.${column.name}' (${type.raw})`;
  if (value.kind === 'boolean') {
    // The databases spell a boolean differently as text: one schema, two values. A warning
    // only: the reference parser's own fixtures have `varchar [default: false]`.
    return TEXT.has(type.logical)
      ? {
          severity: 'warning',
          message: `${where} is the boolean ${value.value}, which PostgreSQL stores as '${value.value}' and SQLite and MySQL as '${value.value ? 1 : 0}'; write default: '${value.value}' (in quotes) for one value everywhere`,
        }
      : null;
  }
  if (value.kind === 'string' && value.value.trim() === '' && !TEXT.has(type.logical)) {
    // In a record '' means null; as a default it is the empty text, which these refuse.
    if (CHECKED.has(type.logical) || type.logical === 'time')
      return error(`${where} does not fit its column: '' is not a value of this type`);
    return null;
  }
  if (type.logical === 'time' && value.kind === 'string' && !TIME.test(value.value.trim())) {
    return error(
      `${where} does not fit its column: '${value.value}' is not a time such as '10:30:00'`,
    );
  }
  if (!CHECKED.has(type.logical)) return null;
  const unsigned = unsignedProblem(column, value.value);
  if (unsigned !== undefined)
    return unsigned === null ? null : error(`${where} does not fit its column: ${unsigned}`);
  const problem = recordValueProblem(type, value.value);
  if (problem === null) return null;
  const hint = TEMPORAL.has(type.logical)
    ? ' (for the current time write an expression in backticks: `now()`)'
    : '';
  return error(`${where} does not fit its column: ${problem}${hint}`);
}

/**
 * MySQL's `int unsigned` and kin hold 0 to 2^bits - 1, past the signed range the runtime's
 * check knows: the range is checked here (null: fits), undefined for any other column.
 */
function unsignedProblem(column: ColumnDraft, value: string | number): string | null | undefined {
  const { logical, raw } = column.type;
  if (!/\bunsigned\b/i.test(raw) || !['smallint', 'integer', 'bigint'].includes(logical))
    return undefined;
  const bits = /tinyint/i.test(raw)
    ? 8
    : /smallint/i.test(raw)
      ? 16
      : /mediumint/i.test(raw)
        ? 24
        : /bigint/i.test(raw)
          ? 64
          : 32;
  const max = 2n ** BigInt(bits) - 1n;
  const text = plainDecimal(String(value));
  const fits = text !== null && /^\d+$/.test(text) && BigInt(text) <= max;
  return fits ? null : `${JSON.stringify(value)} is not an integer from 0 to ${max} (${raw})`;
}

function error(message: string): DefaultProblem {
  return { severity: 'error', message };
}
