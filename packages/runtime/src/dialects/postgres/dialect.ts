/**
 * PostgreSQL: compiler hooks, capabilities and value conversion. Most reading conversion
 * happens in the pool's own type parsers (see `types.ts`); this converts only where the
 * driver's representation differs from the column's logical type.
 */
import type { ColumnTypeIR, TableIR } from '../../schema/ir.js';
import type { SqlDialect, TransactionOptions } from '../../core/dialect.js';
import { postgresTextSearch } from './search.js';
import { CompileError } from '../../core/errors.js';
import { formatDate, formatUtcTimestamp, parseDate, parseTimestamp } from '../../core/temporal.js';
import { valuesCastType } from './values-cast.js';
import { parseTextArray } from './text-array.js';
import { readable } from './unreadable.js';
import { isUnsigned } from '../../schema/types.js';

// Text of a temporal column given a type (`.types({ at: 'timestamptz' })` over text):
// read as the pool's parsers read it, infinity refused alike.
const readDate = readable('date', parseDate);
const readTimestamp = readable('timestamp', parseTimestamp);

/**
 * A Date as UTC ISO text PostgreSQL reads for any year: `toISOString` writes years past
 * 9999 and BC as `±YYYYYY`, which it does not; BC takes its ` BC` suffix (1 BC is year 0).
 */
export function instantText(d: Date): string {
  const year = d.getUTCFullYear();
  const iso = d.toISOString();
  if (year >= 1 && year <= 9999) return iso;
  const rest = iso.slice(iso.indexOf('-', 1));
  return `${String(year > 0 ? year : 1 - year).padStart(4, '0')}${rest}${year > 0 ? '' : ' BC'}`;
}

function holdsDate(value: readonly unknown[]): boolean {
  return value.some((v) => v instanceof Date || (Array.isArray(v) && holdsDate(v)));
}

/**
 * A value bound without a column type (a raw `sql` fragment's): `pg` would write a Date in
 * the process's local time, which a `timestamp` or `date` parameter keeps as written while
 * every read takes it as UTC. As UTC ISO text it means the same instant whatever the
 * process's TZ: a `timestamptz` reads the instant, a `timestamp` (which ignores the zone)
 * its UTC wall clock and a `date` its UTC day, as the builder writes them.
 */
function untypedValue(value: unknown): unknown {
  if (value instanceof Date) return instantText(value);
  // Only arrays holding Dates are copied (pg formats array items as it formats values).
  if (Array.isArray(value) && holdsDate(value)) return value.map(untypedValue);
  return value;
}

function toDriver(value: unknown, type: ColumnTypeIR | null): unknown {
  if (value === undefined || value === null) return null;
  if (type === null) return typeof value === 'object' ? untypedValue(value) : value;
  if (type.arrayDims > 0 && Array.isArray(value)) {
    const element = { ...type, arrayDims: type.arrayDims - 1 };
    if (type.logical === 'json' || type.logical === 'jsonb')
      return value.map((v) => toDriver(v, element));
    return value.map((v) => toDriver(v, element));
  }
  switch (type.logical) {
    case 'json':
    case 'jsonb':
      // pg would turn a JS array into a PostgreSQL array literal; JSON is always text here.
      return JSON.stringify(value);
    case 'date':
      return value instanceof Date ? formatDate(value) : value;
    case 'timestamp':
      return value instanceof Date ? formatUtcTimestamp(value) : value;
    case 'timestamptz':
      return value instanceof Date ? value.toISOString() : value;
    case 'bigint':
      return typeof value === 'bigint' ? value.toString() : value;
    default:
      return value;
  }
}

/**
 * Converts what the pool's parsers produced where it differs from the logical type:
 * int8/numeric results of number columns (count(*)), arrays of enums (pg has no parser
 * for their OIDs and returns the literal), and explicitly typed raw results.
 */
function fromDriver(value: unknown, type: ColumnTypeIR): unknown {
  if (type.arrayDims > 0) return typeof value === 'string' ? parseTextArray(value) : value;
  switch (type.logical) {
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double':
      return typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value;
    case 'bigint':
      return typeof value === 'string' || typeof value === 'number' ? BigInt(value) : value;
    case 'decimal':
      return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
    case 'date':
      return typeof value === 'string' ? readDate(value) : value;
    case 'timestamp':
    case 'timestamptz':
      return typeof value === 'string' ? readTimestamp(value) : value;
    default:
      return value;
  }
}

const TEXT_ARRAY_LOGICALS = new Set(['enum', 'unknown']);

/** SQL types PostgreSQL returns as bigint/numeric although the logical type is a JS number. */
const WIDE_NAMES = new Set(['int8', 'bigint', 'numeric', 'decimal']);
const NUMBER_LOGICALS = new Set(['smallint', 'integer', 'real', 'double']);

export const postgresDialect: SqlDialect = Object.freeze({
  name: 'postgres',
  capabilities: Object.freeze({
    returning: true,
    distinctOn: true,
    ilike: true,
    rowLocking: true,
    defaultInValues: true,
    deleteUsing: true,
    parenthesizedSetOperands: true,
    offsetWithoutLimit: true,
    transactionalDdl: true,
    isolationLevels: true,
    isDistinctFrom: true,
    qualifiedReturning: true,
    schemas: true,
    jsonFunctions: 'postgres',
    pipelinedWrites: true,
    arrayParameters: true,
    nullsSortHigh: true,
  }),
  quoteIdentifier: (name: string) => `"${name.replace(/"/g, '""')}"`,
  textSearch: postgresTextSearch,
  // An identity column's sequence stays where it was when rows come with their keys
  // (`dbgen seed`): the next generated key would collide with a seeded one. Never below
  // the sequence's minimum: seeded keys of 0 or less made setval fail the whole seed.
  syncAutoIncrement: (table: TableIR, column: string) => {
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const name = `${quote(table.schema)}.${quote(table.name)}`;
    const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
    return (
      `SELECT setval(s.seq, greatest(coalesce((SELECT max(${quote(column)}) FROM ${name}), 0) + 1, p.seqmin), false) ` +
      `FROM (SELECT pg_get_serial_sequence(${literal(name)}, ${literal(column)})::regclass AS seq) s ` +
      'JOIN pg_sequence p ON p.seqrelid = s.seq'
    );
  },
  placeholder: (index: number) => `$${index}`,
  toDriverValue: toDriver,
  resultNeedsConversion: (type: ColumnTypeIR) =>
    type.arrayDims > 0
      ? TEXT_ARRAY_LOGICALS.has(type.logical)
      : // An unsigned integer is stored in the next wider type (int unsigned: bigint).
        NUMBER_LOGICALS.has(type.logical) && (WIDE_NAMES.has(type.name) || isUnsigned(type)),
  fromDriverValue: fromDriver,
  selectWrapper: () => null,
  valuesCastType,
  beginTransaction: (options: TransactionOptions) => {
    let sql = 'begin';
    if (options.isolationLevel) {
      if (!LEVELS.has(options.isolationLevel)) {
        throw new CompileError(
          `unknown isolation level ${JSON.stringify(options.isolationLevel)}; expected one of ${[...LEVELS].join(', ')}`,
        );
      }
      sql += ` isolation level ${options.isolationLevel}`;
    }
    if (options.readOnly) sql += ' read only';
    return sql;
  },
});

const LEVELS = new Set(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);
