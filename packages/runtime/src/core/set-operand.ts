/**
 * The check `union` / `intersect` / `except` make of their other operand: its rows must
 * be read as the first operand's are. The database names the result's columns after the
 * first operand, and the compiler converts every result value by the first operand's
 * column types (compiler/selections.ts), so an operand of another shape is refused when
 * the compound is built, before any SQL is sent: a boolean column over an integer one read
 * 6 as `true` (SQLite, MariaDB), an integer column over a bigint one rounded
 * 9007199254740993 (MariaDB).
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import { isUnsigned } from '../schema/types.js';
import { CompileError } from './errors.js';
import { selectionType, type SelectNode, type SelectionNode } from './nodes.js';
import { outputName } from './selection.js';

/** Type-level: the rows of a set operand may add `null` to a column, nothing else. */
export type NullableRow<Row> = { [K in keyof Row]: Row[K] | null };

/** The compound's row: each column as the first operand types it, `| null` if the other's is. */
export type CombinedRow<Row, Other> = {
  [K in keyof Row]: K extends keyof Other
    ? null extends Other[K]
      ? Row[K] | null
      : Row[K]
    : Row[K];
};

/**
 * Refuses `other` unless it selects as many columns as `first`, with the same output
 * names in the same order, each of a type whose values `first`'s type reads unchanged.
 * A `select *` on either side (no select list) cannot be checked here and is left to the
 * database.
 */
export function checkSetOperand(first: SelectNode, other: SelectNode, op: string): void {
  const a = first.selections;
  const b = other.selections;
  if (a.length === 0 || b.length === 0) return;
  if (a.length !== b.length) {
    throw new CompileError(
      `${op}: the other query selects ${b.length} column(s), the first ${a.length} ` +
        `(${names(a)} against ${names(b)}); select the same columns in the same order`,
    );
  }
  for (let i = 0; i < a.length; i++) {
    const s = a[i] as SelectionNode;
    const t = b[i] as SelectionNode;
    const name = outputName(s);
    if (outputName(t) !== name) {
      throw new CompileError(
        `${op}: column ${i + 1} is ${label(s)} in the first query but ${label(t)} in the ` +
          `other; rows are keyed by the first query's names: name it the same (.as(...) or ` +
          `an object key), in the same position`,
      );
    }
    const x = selectionType(s.expr);
    const y = selectionType(t.expr);
    // An expression of no known type is converted by nothing, on either side; its
    // TypeScript type is compared by `union`'s signature.
    if (x === null || y === null || readSame(x, y)) continue;
    throw new CompileError(
      `${op}: column ${label(s)} is ${x.raw} in the first query but ${y.raw} in the other; ` +
        `its values are read as ${x.raw}, so cast the other's to it (cast(expr, '${x.raw}'))`,
    );
  }
}

/**
 * Whether values of type `b` come out right when read as type `a`. The same logical type
 * (any length, precision or enum, the same array depth) is read the same way; so are
 * signed `smallint` and `integer`, which every dialect returns as a JS number and unites
 * as an integer. Nothing else is: a bigint read as an integer is rounded past 2^53 and an
 * integer read as a bigint becomes another JS type; an unsigned integer is stored wider on
 * PostgreSQL (int unsigned: bigint) and converted there, a signed one is not; booleans,
 * decimals, dates, JSON convert by their own rules; text types differ in padding (char).
 */
function readSame(a: ColumnTypeIR, b: ColumnTypeIR): boolean {
  if (a.arrayDims !== b.arrayDims || isUnsigned(a) !== isUnsigned(b)) return false;
  return a.logical === b.logical || (isInt(a) && isInt(b));
}

const isInt = (t: ColumnTypeIR): boolean => t.logical === 'smallint' || t.logical === 'integer';

const label = (s: SelectionNode): string => {
  const name = outputName(s);
  return name === null ? 'an unnamed expression' : `"${name}"`;
};

const names = (list: readonly SelectionNode[]): string => list.map(label).join(', ');
