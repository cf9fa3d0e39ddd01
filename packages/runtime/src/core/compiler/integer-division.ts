/**
 * `a / b` between integers truncates toward zero on PostgreSQL and SQLite; MySQL/MariaDB
 * compute it as a DECIMAL (7 / 2 = 3.5000, read back as a string, and stored into an
 * integer column rounded: 4). A dialect whose `/` does that names its integer division
 * operator (`DialectCapabilities.integerDivision`, MySQL's `DIV`, which truncates), and the
 * compiler writes it for `/` between operands whose types are integers.
 */
import type { BinaryNode, ExpressionNode } from '../nodes.js';
import { selectionType } from '../nodes.js';

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
const INTEGER_ARITHMETIC = new Set(['+', '-', '*', '%', '/']);

/** Whether `n` divides two integer-typed operands (so it is integer division elsewhere). */
export function isIntegerDivision(n: BinaryNode): boolean {
  return n.op === '/' && integerTyped(n.left) && integerTyped(n.right);
}

/**
 * An operand known to be an integer: a column, bound value, cast or function typed as one,
 * an untyped integer value, or arithmetic on two such (`(a + b) / c`, `a / b / c`). Other
 * untyped operands (a raw fragment, a parameter) are not: their division is left as written.
 */
function integerTyped(e: ExpressionNode): boolean {
  if (e.kind === 'binary') {
    return INTEGER_ARITHMETIC.has(e.op) && integerTyped(e.left) && integerTyped(e.right);
  }
  // An untyped value (one computed with an arithmetic expression, `a.plus(b).dividedBy(2)`)
  // counts when it is an integer: PostgreSQL reads it as one too. The shape records the
  // decision, so a cached `... / 2` is not reused for `... / 2.5`.
  if (e.kind === 'value' && e.type === null) {
    return typeof e.value === 'bigint' || Number.isSafeInteger(e.value);
  }
  const type = e.kind === 'value' || e.kind === 'param' ? e.type : selectionType(e);
  return type !== null && type.arrayDims === 0 && INTEGER_TYPES.has(type.logical);
}
