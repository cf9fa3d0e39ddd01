/**
 * Column types as text: parsing a type as written (in a migration file, or as a
 * database reports it) into a {@link ColumnTypeIR}, and the key two types are compared by.
 */
import type { ColumnTypeIR, LogicalType } from './ir.js';

/** Type names → logical type; the same table as the generator's (packages/generator/src/ir/types.ts). */
const LOGICAL_BY_NAME: Readonly<Record<string, LogicalType>> = {
  smallint: 'smallint',
  int2: 'smallint',
  smallserial: 'smallint',
  serial2: 'smallint',
  tinyint: 'smallint',
  int: 'integer',
  integer: 'integer',
  int4: 'integer',
  serial: 'integer',
  serial4: 'integer',
  mediumint: 'integer',
  number: 'integer',
  signed: 'integer',
  unsigned: 'integer',
  'int unsigned': 'integer',
  'integer unsigned': 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  'bigint unsigned': 'bigint',
  long: 'bigint',
  real: 'real',
  float4: 'real',
  binary_float: 'real',
  // Double precision in PostgreSQL, SQL Server and Prisma; `float(1..24)` is single
  // (see parseType). The generator reads it the same way (packages/generator ir/types.ts).
  float: 'double',
  double: 'double',
  'double precision': 'double',
  float8: 'double',
  binary_double: 'double',
  decimal: 'decimal',
  numeric: 'decimal',
  money: 'decimal',
  smallmoney: 'decimal',
  dec: 'decimal',
  fixed: 'decimal',
  bool: 'boolean',
  boolean: 'boolean',
  bit: 'boolean',
  char: 'char',
  character: 'char',
  nchar: 'char',
  bpchar: 'char',
  varchar: 'varchar',
  'character varying': 'varchar',
  nvarchar: 'varchar',
  varchar2: 'varchar',
  nvarchar2: 'varchar',
  string: 'varchar',
  citext: 'varchar',
  text: 'text',
  tinytext: 'text',
  mediumtext: 'text',
  longtext: 'text',
  ntext: 'text',
  clob: 'text',
  nclob: 'text',
  xml: 'text',
  uuid: 'uuid',
  uniqueidentifier: 'uuid',
  date: 'date',
  time: 'time',
  'time without time zone': 'time',
  timetz: 'time',
  'time with time zone': 'time',
  timestamp: 'timestamp',
  datetime: 'timestamp',
  datetime2: 'timestamp',
  smalldatetime: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  datetimeoffset: 'timestamptz',
  'timestamp with local time zone': 'timestamptz',
  interval: 'interval',
  json: 'json',
  jsonb: 'jsonb',
  bytea: 'bytes',
  blob: 'bytes',
  tinyblob: 'bytes',
  mediumblob: 'bytes',
  longblob: 'bytes',
  binary: 'bytes',
  varbinary: 'bytes',
  image: 'bytes',
  raw: 'bytes',
  bytes: 'bytes', // Prisma's `Bytes`
};

/** The logical types of character strings (one conversion rule, one length rule). */
export const STRING_TYPES: ReadonlySet<string> = new Set(['char', 'varchar', 'text']);

/** Type names that mean "an auto-incrementing integer". */
export const SERIAL_TYPES: ReadonlySet<string> = new Set([
  'serial',
  'serial2',
  'serial4',
  'bigserial',
  'serial8',
  'smallserial',
]);

/**
 * Parses a type as written, e.g. `varchar(255)`, `numeric(10, 2)`, `int[]`,
 * `timestamp(3) with time zone`. Unknown names become `logical: 'unknown'`.
 */
export function parseType(raw: string): ColumnTypeIR {
  let rest = raw.trim();
  let arrayDims = 0;
  while (/\[\s*\d*\s*\]$/.test(rest)) {
    rest = rest.replace(/\[\s*\d*\s*\]$/, '').trimEnd();
    arrayDims += 1;
  }
  const args: number[] = [];
  const argMatch = /\(([^)]*)\)/.exec(rest);
  if (argMatch) {
    for (const part of (argMatch[1] ?? '').split(',')) {
      const value = Number(part.trim());
      if (part.trim() !== '' && Number.isFinite(value)) args.push(value);
    }
    rest = (rest.slice(0, argMatch.index) + ' ' + rest.slice(argMatch.index + argMatch[0].length))
      .replace(/\s+/g, ' ')
      .trim();
  }
  const name = rest.replace(/^"|"$/g, '').toLowerCase();
  return { logical: logicalOf(name, args), raw: raw.trim(), name, args, arrayDims };
}

/**
 * The logical type of a type name (without arguments), as the generator reads it, so that
 * a type written into a migration (`float`, `varchar(255) binary`) reads back the same.
 */
function logicalOf(name: string, args: readonly number[]): LogicalType {
  if (name === 'float' && args[0] !== undefined) return args[0] <= 24 ? 'real' : 'double';
  if (name === 'bit' && (args[0] ?? 1) > 1) return 'unknown'; // a bit string, not a flag
  const direct = LOGICAL_BY_NAME[name];
  if (direct !== undefined) return direct;
  if (/^(bit varying|varbit)\b/.test(name)) return 'unknown';
  // `bigint unsigned`, `varchar binary`: the first word decides.
  return LOGICAL_BY_NAME[name.split(' ')[0] ?? name] ?? 'unknown';
}

/** An enum type reference as a column type. */
export function enumType(schema: string, name: string, arrayDims = 0): ColumnTypeIR {
  const raw = (schema === 'public' ? name : `${schema}.${name}`) + '[]'.repeat(arrayDims);
  return { logical: 'enum', raw, name, args: [], arrayDims, enum: { schema, name } };
}

/**
 * Whether a `time` is PostgreSQL's `time with time zone` (`timetz`): it shares the logical
 * type `time` (the ORM reads both as text, and the other dialects have one time type),
 * but holds a UTC offset the plain one has not.
 */
export function isTimeWithZone(type: ColumnTypeIR): boolean {
  return type.logical === 'time' && /^(timetz|time with time zone)$/.test(type.name);
}

/**
 * What two types are compared by: the logical type with its arguments, so that `int`
 * and `integer` (or `varchar` and `character varying`) are the same type. `timetz` is
 * told from `time` (a change between them converts values); a dialect without it
 * compares the type it renders (migrate/compare.ts), so no drift is seen there.
 */
/** The logical types MySQL takes UNSIGNED on (boolean is TINYINT(1), read without it). */
export const UNSIGNABLE: ReadonlySet<string> = new Set([
  'smallint',
  'integer',
  'bigint',
  'decimal',
  'real',
  'double',
]);

/** Whether a numeric type is MySQL's UNSIGNED (`int unsigned`, `"decimal(5,2) unsigned"`). */
export function isUnsigned(type: ColumnTypeIR): boolean {
  return UNSIGNABLE.has(type.logical) && /(^|\s)unsigned(\s|$)/.test(type.name);
}

export function typeKey(type: ColumnTypeIR): string {
  const dims = '[]'.repeat(type.arrayDims);
  if (type.logical === 'enum' && type.enum)
    return `enum:${type.enum.schema}.${type.enum.name}${dims}`;
  // A custom type is known by its spelling: quotes and case aside, `"user"."e"` is `user.e`.
  if (type.logical === 'unknown')
    return type.raw.replace(/"/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
  const base = isTimeWithZone(type) ? 'timetz' : type.logical;
  const args = type.args.length > 0 ? `(${type.args.join(',')})` : '';
  // UNSIGNED is another range: `integer` and `int unsigned` differ (a change converts).
  return `${base}${args}${isUnsigned(type) ? ' unsigned' : ''}${dims}`;
}
