/**
 * The simple form of a CASE (`CASE col WHEN ? THEN ...`) for dialects that run it faster
 * (`capabilities.simpleCase`): a batched UPDATE written with `caseWhen` over one key
 * column, `CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ...`, is the common case.
 */
import type { CaseNode, ColumnNode } from '../nodes.js';

/**
 * Column types whose simple CASE surely compares as `=` does. MySQL compares a simple
 * CASE's subject with each WHEN by the pair's result types (`Item_func_case::find_item`),
 * without the constant conversion `=` does: a BIGINT against the decimal text dbgen binds
 * bigints as might compare as doubles (wrong past 2^53; MariaDB 10.11 compares it
 * exactly, MySQL 8 was not available to test), JSON as text rather than as JSON, DATETIME
 * against text as text. Numbers in 32-bit integer columns and text in text columns
 * compare the same either way.
 */
const SIMPLE_CASE_TYPES: ReadonlySet<string> = new Set([
  'smallint',
  'integer',
  'text',
  'varchar',
  'char',
  'uuid',
  'enum',
]);

/**
 * The column every WHEN of `n` compares with `=` to a bound value (a value or a named
 * parameter), or null when some WHEN is anything else. `CASE c WHEN v` tests `c = v`,
 * what `CASE WHEN c = v` tests (NULL included: neither matches), so for the column types
 * above the two forms give the same result. One WHEN is left as written (nothing to gain).
 */
export function simpleCaseSubject(n: CaseNode): ColumnNode | null {
  if (n.whens.length < 2) return null;
  let subject: ColumnNode | null = null;
  for (const w of n.whens) {
    const test = w.when;
    if (test.kind !== 'binary' || test.op !== '=') return null;
    const { left, right } = test;
    if (left.kind !== 'column' || (right.kind !== 'value' && right.kind !== 'param')) return null;
    if (subject === null) {
      const type = left.type;
      if (type === null || type.arrayDims > 0 || !SIMPLE_CASE_TYPES.has(type.logical)) return null;
      subject = left;
    } else if (left.table !== subject.table || left.name !== subject.name) return null;
  }
  return subject;
}
