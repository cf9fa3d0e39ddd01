/**
 * Column type normalisation: the many spellings of SQL types across dialects map to
 * one {@link LogicalType} that the runtime converts to and from.
 */
import type { LogicalType } from '@dbgen/runtime';

/** Type names (lower-case, single spaces) → logical type. */
const LOGICAL_BY_NAME: ReadonlyMap<string, LogicalType> = new Map<string, LogicalType>([
  ...names('smallint', ['smallint', 'int2', 'smallserial', 'serial2', 'tinyint']),
  ...names('integer', [
    'int',
    'integer',
    'int4',
    'serial',
    'serial4',
    'mediumint',
    'number', // oracle
    'signed',
    'unsigned',
    'int unsigned',
    'integer unsigned',
  ]),
  ...names('bigint', ['bigint', 'int8', 'bigserial', 'serial8', 'bigint unsigned', 'long']),
  ...names('real', ['real', 'float4', 'binary_float']),
  // `float` without a precision is double precision in PostgreSQL, SQL Server, Oracle and
  // Prisma (`Float`); MySQL's single-precision FLOAT is handled by `floatLogicalType`.
  ...names('double', ['double', 'double precision', 'float8', 'binary_double', 'float']),
  ...names('decimal', ['decimal', 'numeric', 'money', 'smallmoney', 'dec', 'fixed']),
  ...names('boolean', ['bool', 'boolean', 'bit']),
  ...names('char', ['char', 'character', 'nchar', 'bpchar']),
  ...names('varchar', [
    'varchar',
    'character varying',
    'nvarchar',
    'varchar2',
    'nvarchar2',
    'string',
    'citext',
  ]),
  ...names('text', ['text', 'tinytext', 'mediumtext', 'longtext', 'ntext', 'clob', 'nclob', 'xml']),
  ...names('uuid', ['uuid', 'uniqueidentifier']),
  ...names('date', ['date']),
  ...names('time', ['time', 'time without time zone', 'timetz', 'time with time zone']),
  ...names('timestamp', [
    'timestamp',
    'datetime',
    'datetime2',
    'smalldatetime',
    'timestamp without time zone',
  ]),
  ...names('timestamptz', [
    'timestamptz',
    'timestamp with time zone',
    'datetimeoffset',
    'timestamp with local time zone',
  ]),
  ...names('interval', ['interval']),
  ...names('json', ['json']),
  ...names('jsonb', ['jsonb']),
  ...names('bytes', [
    'bytea',
    'blob',
    'tinyblob',
    'mediumblob',
    'longblob',
    'binary',
    'varbinary',
    'image',
    'raw',
    'bytes', // Prisma's `Bytes`
  ]),
]);

/** The built-in type names dbgen maps to a logical type (lower-case), for completion. */
export function builtinTypeNames(): readonly string[] {
  return [...LOGICAL_BY_NAME.keys()];
}

function names(logical: LogicalType, list: readonly string[]): [string, LogicalType][] {
  return list.map((name) => [name, logical]);
}

/**
 * The logical type of `float` / `float(p)`: a precision of 1..24 binary digits is single
 * precision in PostgreSQL, MySQL and SQL Server alike, 25..53 double. A bare `float` is
 * double precision except in a schema written for MySQL/MariaDB (`database_type`), where
 * FLOAT means single precision.
 */
export function floatLogicalType(
  args: readonly number[],
  databaseType: string | null,
): LogicalType {
  const precision = args[0];
  if (precision !== undefined) return precision <= 24 ? 'real' : 'double';
  return databaseType !== null && /mysql|mariadb/i.test(databaseType) ? 'real' : 'double';
}

/** Type names that make the column auto-incrementing by themselves. */
const SERIAL_TYPES = new Set([
  'serial',
  'serial2',
  'serial4',
  'serial8',
  'smallserial',
  'bigserial',
]);

/** Normalises a type name for lookup: lower-case, single spaces, no `(n)` arguments. */
export function normalizeTypeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The logical type of a type name as written (without arguments and array brackets), or
 * `'unknown'` for a custom type. `varchar(max)`-style text arguments are ignored by the caller.
 */
export function logicalTypeOf(name: string): LogicalType {
  let cached = logicalCache.get(name);
  if (cached === undefined) {
    cached = computeLogicalType(name);
    if (logicalCache.size > 10_000) logicalCache.clear();
    logicalCache.set(name, cached);
  }
  return cached;
}

/** Type names repeat across columns: the lookup is memoised. */
const logicalCache = new Map<string, LogicalType>();

function computeLogicalType(name: string): LogicalType {
  const normal = normalizeTypeName(name);
  const direct = LOGICAL_BY_NAME.get(normal);
  if (direct !== undefined) return direct;
  // A bit string is no boolean, whatever its first word says.
  if (/^(bit varying|varbit)\b/.test(normal)) return 'unknown';
  // `"bigint unsigned"`, `"int(11) unsigned"`, `"varchar(255) binary"`: the first word decides.
  const first = normal.replace(/\(.*$/, '').split(' ')[0] ?? normal;
  return LOGICAL_BY_NAME.get(first) ?? 'unknown';
}

/** True for `serial`, `bigserial` and friends: the column increments by itself. */
export function isSerialType(name: string): boolean {
  if (SERIAL_TYPES.has(name)) return true;
  // Only names with capitals or spaces need normalising (`SERIAL`, ` serial`).
  return /[A-Z\s]/.test(name) && SERIAL_TYPES.has(normalizeTypeName(name));
}

/** Groups of logical types whose values can be compared across a foreign key. */
const COMPATIBILITY_GROUP: Readonly<Record<LogicalType, string>> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  real: 'number',
  double: 'number',
  decimal: 'number',
  boolean: 'boolean',
  char: 'string',
  varchar: 'string',
  text: 'string',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
  interval: 'interval',
  json: 'json',
  jsonb: 'json',
  bytes: 'bytes',
  enum: 'enum',
  unknown: 'unknown',
};

/**
 * True when a foreign key column of type `a` may reference a column of type `b`.
 * Custom (unknown) types are compatible with anything: dbgen cannot know what they hold.
 */
export function typesCompatible(a: LogicalType, b: LogicalType): boolean {
  if (a === 'unknown' || b === 'unknown') return true;
  const ga = COMPATIBILITY_GROUP[a];
  const gb = COMPATIBILITY_GROUP[b];
  if (ga === gb) return true;
  // uuid values are often stored in char/varchar columns.
  const pair = new Set([ga, gb]);
  return pair.has('uuid') && pair.has('string');
}
