/** Helpers of the CST → AST builder: element kinds, source order, white space. */
import type { CstElement, IToken } from 'chevrotain';
import type { Span } from './ast.js';

export function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function offsetOf(element: CstElement): number {
  if (isToken(element)) return element.startOffset;
  const offset = element.location?.startOffset;
  return offset === undefined || Number.isNaN(offset) ? Number.MAX_SAFE_INTEGER : offset;
}

function isSorted(list: readonly CstElement[]): boolean {
  for (let i = 1; i < list.length; i++) {
    if (offsetOf(list[i - 1]!) > offsetOf(list[i]!)) return false;
  }
  return true;
}

/**
 * `a` and `b` in source order, written into `into` (their concatenation): a merge when both
 * are in source order already (always, short of error recovery), else a stable sort. The
 * result is the same either way (ties keep `a` first).
 */
export function mergeInOrder(
  a: readonly CstElement[],
  b: readonly CstElement[],
  into: CstElement[],
): CstElement[] {
  if (!isSorted(a) || !isSorted(b)) return sortInOrder(into);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    into[k++] = offsetOf(b[j]!) < offsetOf(a[i]!) ? b[j++]! : a[i++]!;
  }
  while (i < a.length) into[k++] = a[i++]!;
  while (j < b.length) into[k++] = b[j++]!;
  return into;
}

/**
 * Exactly the characters `/\s/` matches, tested on a char code: spans are trimmed one
 * character at a time, and a regex test on a one-character string per step was a visible
 * part of building the AST.
 */
export function isWhiteSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Sorts `list` in source order (stably: ties keep their order). */
export function sortInOrder(list: CstElement[]): CstElement[] {
  return list.sort((a, b) => offsetOf(a) - offsetOf(b));
}

/**
 * `shared` when `span` has the same numbers, else `span`. The AST of a large schema is
 * mostly spans, and it lives until the IR is built: a flag's span and its name's, or a
 * type's and its name's, are one object instead of two equal ones (spans are never
 * modified), which is that much less for the garbage collector to copy and mark.
 */
export function sameSpan(shared: Span, span: Span): Span {
  return shared.offset === span.offset &&
    shared.endOffset === span.endOffset &&
    shared.line === span.line &&
    shared.column === span.column &&
    shared.endLine === span.endLine &&
    shared.endColumn === span.endColumn &&
    shared.file === span.file
    ? shared
    : span;
}
