/**
 * The simple form of a CASE (`CASE col WHEN ? THEN ...`) for dialects that run it faster
 * (`capabilities.simpleCase`): a batched UPDATE written with `caseWhen` over one key
 * column, `CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ...`, is the common case.
 */
import type { CaseNode, ColumnNode } from '../nodes.js';

/**
 * The column every WHEN of `n` compares with `=` to a bound value (a value or a named
 * parameter), or null when some WHEN is anything else. `CASE c WHEN v` tests `c = v`,
 * exactly what `CASE WHEN c = v` tests (NULL included: neither matches), so the two
 * forms give the same result. One WHEN is left as written (nothing to gain).
 */
export function simpleCaseSubject(n: CaseNode): ColumnNode | null {
  if (n.whens.length < 2) return null;
  let subject: ColumnNode | null = null;
  for (const w of n.whens) {
    const test = w.when;
    if (test.kind !== 'binary' || test.op !== '=') return null;
    const { left, right } = test;
    if (left.kind !== 'column' || (right.kind !== 'value' && right.kind !== 'param')) return null;
    if (subject === null) subject = left;
    else if (left.table !== subject.table || left.name !== subject.name) return null;
  }
  return subject;
}
