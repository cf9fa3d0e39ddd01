/**
 * What the compiler reads off a selected expression node: the column type its result
 * values are converted by. Kept apart from the node types in ./expressions.ts, which are
 * plain data; this is the one rule over them that decides how results are read.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import type { BinaryNode, ExpressionNode } from './expressions.js';

/**
 * The column type a selected expression yields, when it carries one: what the compiler
 * converts a result value by (and what the compile cache's shape records of it).
 */
export function selectionType(e: ExpressionNode): ColumnTypeIR | null {
  return e.kind === 'column'
    ? e.type
    : e.kind === 'function' || e.kind === 'cast' || e.kind === 'jsonArrayOp'
      ? e.resultType
      : e.kind === 'window'
        ? e.fn.resultType
        : e.kind === 'binary'
          ? bigintArithmeticType(e)
          : null;
}

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);

/**
 * The type of `a + b`, `a - b`, `a * b`, `a / b` or `a % b` when it is a bigint: one
 * operand a bigint, the other an integer type (a value compared with a bigint is typed
 * bigint). The databases compute such arithmetic in 64-bit integers (PostgreSQL's int8,
 * SQLite's INTEGER, MySQL's BIGINT; `/` between integers is MySQL's `DIV`, see
 * compiler/integer-division.ts), so its result is read back as a bigint like a bigint
 * column's (on SQLite, selected as text: a double would round it past 2^53). Any other
 * operator or operand type: unknown (null), as before.
 */
function bigintArithmeticType(e: BinaryNode): ColumnTypeIR | null {
  if (e.op !== '+' && e.op !== '-' && e.op !== '*' && e.op !== '/' && e.op !== '%') return null;
  const left = operandType(e.left, e.op);
  const right = operandType(e.right, e.op);
  if (left === null || right === null || left.arrayDims > 0 || right.arrayDims > 0) return null;
  if (!INTEGER_TYPES.has(left.logical) || !INTEGER_TYPES.has(right.logical)) return null;
  return left.logical === 'bigint' ? left : right.logical === 'bigint' ? right : null;
}

/**
 * An arithmetic operand's type: a selected expression's, or a bound value's. For `/` an
 * untyped integer value (`a.times(b).dividedBy(2)`) is an integer, as integer division
 * takes it (compiler/integer-division.ts): the compile cache's shape records that choice
 * (`/int`), so a cached `... / 2` is not read as a bigint for `... / 2.5`.
 */
function operandType(e: ExpressionNode, op: string): ColumnTypeIR | null {
  if (e.kind === 'value' && e.type === null && op === '/') {
    return typeof e.value === 'bigint' || Number.isSafeInteger(e.value) ? INTEGER : null;
  }
  return e.kind === 'value' || e.kind === 'param' ? e.type : selectionType(e);
}

const INTEGER: ColumnTypeIR = Object.freeze({
  logical: 'integer',
  raw: 'integer',
  name: 'integer',
  args: Object.freeze([]),
  arrayDims: 0,
});
