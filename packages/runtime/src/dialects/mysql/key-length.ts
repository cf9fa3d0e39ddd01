/**
 * The bytes InnoDB counts for a key, from the column types as ddl.ts renders them: a key
 * over 3,072 bytes (the limit with the DYNAMIC and COMPRESSED row formats, the default on
 * MariaDB 10.2+ and MySQL 5.7+) fails with error 1071 after the migration's earlier
 * statements have committed, so refusals.ts refuses it first. Each size was checked on
 * MariaDB 10.11 (a VARBINARY filler of 3,072 - n bytes beside the column, keyed together).
 * Where a size is not known (a custom type dbgen writes as given, an expression), it
 * counts 0: a key is never refused on a guess, at worst the server fails it as before.
 */
import type { ColumnTypeIR, LogicalType, SchemaIR, TableIR } from '../../schema/ir.js';
import { typeEnum } from '../../schema/state.js';

/** InnoDB's longest key with DYNAMIC/COMPRESSED rows (error 1071 past it). */
export const MAX_KEY_BYTES = 3072;

/** The characters of a TEXT/BLOB/JSON column a non-unique index keys (ddl.ts renders it). */
export const TEXT_KEY_PREFIX = 255;

/** Tables are utf8mb4: InnoDB counts a CHAR/VARCHAR key part at 4 bytes a character. */
const UTF8MB4 = 4;

const FIXED: Partial<Record<LogicalType, number>> = {
  smallint: 2,
  integer: 4,
  bigint: 8,
  real: 4, // FLOAT
  double: 8,
  boolean: 1, // TINYINT(1)
  date: 3,
  uuid: 36 * UTF8MB4, // CHAR(36)
  interval: 64 * UTF8MB4, // VARCHAR(64)
};

/** MySQL numbers an ENUM's values from 1 (0 is the error value ''): 1 byte, 2 past 255. */
export const ONE_BYTE_ENUM_VALUES = 255;

/**
 * An ENUM's bytes, by its values in `state` (ddl.ts writes them out). An enum not found
 * there is written as its name, of no size known: 0, as for any custom type.
 */
function enumBytes(type: ColumnTypeIR, state: SchemaIR): number {
  const found = typeEnum(state, type);
  if (!found) return 0;
  return found.values.length > ONE_BYTE_ENUM_VALUES ? 2 : 1;
}

/** Bytes of 0-9 leftover decimal digits in MySQL's packed DECIMAL (9 digits take 4). */
const DIGIT_BYTES = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4] as const;

function packedDigits(digits: number): number {
  const n = Math.max(0, Math.floor(digits));
  return Math.floor(n / 9) * 4 + (DIGIT_BYTES[n % 9] ?? 4);
}

/** DECIMAL(p, s): integer and fraction digits packed apart; no precision is (65, 30). */
function decimalBytes(args: readonly number[]): number {
  const [precision = 65, scale = args.length === 0 ? 30 : 0] = args;
  return packedDigits(precision - scale) + packedDigits(scale);
}

/** Fractional seconds: 1 byte per 2 digits (TIME 3 + it, DATETIME 5 + it). */
function fraction(digits: number): number {
  return Math.ceil(Math.max(0, digits) / 2);
}

/**
 * The bytes a key part over a column of `type` takes; `prefixed`: keyed by the first
 * TEXT_KEY_PREFIX characters (a TEXT, BLOB or JSON column in a non-unique index); `state`
 * supplies an enum's values.
 */
export function keyPartBytes(type: ColumnTypeIR, prefixed: boolean, state: SchemaIR): number {
  const [first] = type.args;
  if (prefixed)
    return type.arrayDims === 0 && type.logical === 'bytes'
      ? TEXT_KEY_PREFIX
      : TEXT_KEY_PREFIX * UTF8MB4;
  if (type.arrayDims > 0) return 0;
  switch (type.logical) {
    case 'decimal':
      return decimalBytes(type.args);
    case 'char':
      return (first ?? 1) * UTF8MB4;
    case 'varchar':
      return (first ?? 255) * UTF8MB4;
    case 'time':
      return 3 + fraction(first ?? 6); // TIME(6) unless written otherwise
    case 'timestamp':
    case 'timestamptz':
      return 5 + fraction(first ?? 6); // DATETIME(6) unless written otherwise
    case 'enum':
      return enumBytes(type, state);
    default:
      return FIXED[type.logical] ?? 0;
  }
}

/** One column of a key, its type as written, and what it counts. */
export interface SizedKeyPart {
  readonly column: string;
  readonly type: string;
  readonly prefixed: boolean;
  readonly bytes: number;
}

/** The parts of a key over `columns` of `table` (`prefixed`, `state` as keyPartBytes); unknown ones left out. */
export function sizedKey(
  table: TableIR,
  columns: readonly { readonly name: string; readonly prefixed: boolean }[],
  state: SchemaIR,
): SizedKeyPart[] {
  return columns.flatMap(({ name, prefixed }) => {
    const column = table.columns.find((c) => c.name === name);
    if (column === undefined) return [];
    const bytes = keyPartBytes(column.type, prefixed, state);
    return [{ column: name, type: column.type.raw, prefixed, bytes }];
  });
}
