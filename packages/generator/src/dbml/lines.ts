/**
 * Offsets → lines and columns, computed on demand.
 *
 * The lexer tracks only offsets (chevrotain's `positionTracking: 'full'` tripled the
 * lexing time); the few positions anyone asks for (spans of AST nodes and diagnostics)
 * are looked up here instead, with the same numbers chevrotain would have given.
 */
import type { IToken } from 'chevrotain';
import type { Span } from './ast.js';

/**
 * Where each line starts. `lineBreaks: 'lf'` counts only `\n` (node spans have always
 * been computed that way); `'any'` also counts a lone `\r`, as chevrotain's lexer does
 * for token positions. Both agree on any text without a lone `\r`.
 */
export class LineMap {
  private readonly starts: number[] = [0];
  /** The line `lineIndex` found last: lookups come in source order, so try it first. */
  private lastIndex = 0;

  constructor(source: string, lineBreaks: 'lf' | 'any') {
    const starts = this.starts;
    if (lineBreaks === 'lf' || !hasLoneCarriageReturn(source)) {
      for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
        starts.push(i + 1);
      }
      return;
    }
    for (let i = 0; i < source.length; i++) {
      const code = source.charCodeAt(i);
      if (code === 10) starts.push(i + 1);
      else if (code === 13 && source.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
  }

  /** 0-based index of the line holding `offset`. */
  lineIndex(offset: number): number {
    const starts = this.starts;
    const hint = this.lastIndex;
    if (starts[hint]! <= offset) {
      const next = starts[hint + 1];
      if (next === undefined || offset < next) return hint;
      const after = starts[hint + 2];
      if (after === undefined || offset < after) return (this.lastIndex = hint + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return (this.lastIndex = low);
  }

  /**
   * 0-based index of the line holding `offset`, which is at or after the start of line
   * `from`: most spans end on the line they start on, so check that one first.
   */
  lineIndexFrom(from: number, offset: number): number {
    const next = this.starts[from + 1];
    return next === undefined || offset < next ? from : this.lineIndex(offset);
  }

  /** Offset where the 0-based line `index` starts. */
  lineStart(index: number): number {
    return this.starts[index]!;
  }
}

/**
 * A span covering tokens `first`..`last` (inclusive), 1-based with an exclusive end
 * column, numbered as chevrotain's full position tracking numbers tokens (`lines` counts
 * line breaks as chevrotain does). A token inserted by error recovery has no position:
 * its numbers are NaN, as chevrotain's are.
 */
export function tokenSpan(file: string, lines: LineMap, first: IToken, last: IToken = first): Span {
  const offset = first.startOffset;
  const lastOffset = last.startOffset;
  let line = NaN;
  let column = NaN;
  let index = -1;
  if (!Number.isNaN(offset)) {
    index = lines.lineIndex(offset);
    line = index + 1;
    column = offset - lines.lineStart(index) + 1;
  }
  let endLine = NaN;
  let endColumn = NaN;
  let endOffset = NaN;
  if (!Number.isNaN(lastOffset)) {
    const lastChar = lastOffset + last.image.length - 1;
    const endIndex =
      index >= 0 && lastChar >= offset
        ? lines.lineIndexFrom(index, lastChar)
        : lines.lineIndex(lastChar);
    endLine = endIndex + 1;
    endColumn = endsInSecondLineBreak(last.image) ? 2 : lastChar - lines.lineStart(endIndex) + 2;
    endOffset = lastChar + 1;
  }
  return { file, line, column, endLine, endColumn, offset, endOffset };
}

/**
 * A token holding several line breaks, the last of them at its very end: chevrotain gives
 * it end column 1 (the column after the break), not the break's own column.
 */
function endsInSecondLineBreak(image: string): boolean {
  const last = image.charCodeAt(image.length - 1);
  if (last !== 10 && last !== 13) return false;
  let breaks = 0;
  for (let i = 0; i < image.length; i++) {
    const code = image.charCodeAt(i);
    if (code === 10 || (code === 13 && image.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks > 1;
}

export function hasLoneCarriageReturn(source: string): boolean {
  for (let i = source.indexOf('\r'); i !== -1; i = source.indexOf('\r', i + 1)) {
    if (source.charCodeAt(i + 1) !== 10) return true;
  }
  return false;
}
