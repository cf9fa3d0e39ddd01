/**
 * The line printer of `formatDbml`: writes lines and puts every comment back, before the
 * item it preceded or after it on its line.
 */
import type { DbmlFile, Span } from './ast.js';
import { INDENT } from './format-text.js';
interface Comment {
  readonly text: string;
  readonly span: Span;
  used: boolean;
}

/** Writes lines, placing each comment before the item it preceded or after it on its line. */
export class Printer {
  readonly lines: string[] = [];
  private readonly comments: Comment[];
  private next = 0;

  constructor(
    comments: DbmlFile['comments'],
    private readonly source: string,
  ) {
    this.comments = comments
      .map((c) => ({ text: c.text, span: c.span, used: false }))
      .sort((a, b) => a.span.offset - b.span.offset);
  }

  /** Marks the comments inside a verbatim-copied range as printed. */
  skipInside(span: Span): void {
    for (const c of this.comments) {
      if (c.span.offset >= span.offset && c.span.offset < span.endOffset) c.used = true;
    }
  }

  private hasBlankLine(from: number, to: number): boolean {
    return from < to && /\n[ \t]*\r?\n/.test(this.source.slice(from, to));
  }

  /** Prints the unprinted comments that start before `offset`, each on its own line. */
  leading(offset: number, indent: string): void {
    while (this.next < this.comments.length) {
      const c = this.comments[this.next]!;
      if (c.span.offset >= offset) break;
      this.next++;
      if (c.used) continue;
      c.used = true;
      this.pushComment(c, indent);
      const following = this.comments.slice(this.next).find((x) => !x.used);
      const until = following && following.span.offset < offset ? following.span.offset : offset;
      if (this.hasBlankLine(c.span.endOffset, until)) this.lines.push('');
    }
  }

  private pushComment(c: Comment, indent: string): void {
    const [first, ...rest] = c.text.split(/\r?\n/);
    this.lines.push(indent + (first ?? ''));
    for (const line of rest) this.lines.push(line);
  }

  /** The comments on `line` from `offset` on (a trailing `// ...`), as one suffix. */
  trailing(line: number, offset: number): string {
    let suffix = '';
    for (const c of this.comments) {
      if (c.used || c.span.offset < offset || c.span.line !== line) continue;
      if (c.text.includes('\n')) continue;
      c.used = true;
      suffix += ` ${c.text}`;
    }
    return suffix;
  }

  /** One item line: its leading comments, the text, and any comment after it on its line. */
  item(span: Span, indent: string, text: string): void {
    this.leading(span.offset, indent);
    const lines = text.split('\n');
    const last = lines.length - 1;
    lines.forEach((line, i) => {
      const suffix = i === last ? this.trailing(span.endLine, span.endOffset) : '';
      this.lines.push((i === 0 ? indent : '') + line + suffix);
    });
    // Comments inside the item (e.g. within a settings list) go after it.
    this.leading(span.endOffset, indent);
  }

  /** `header {` with the comments on its line, then the body, then `}`. */
  block(span: Span, indent: string, header: string, body: () => void): void {
    this.leading(span.offset, indent);
    this.lines.push(`${indent}${header} {${this.trailing(span.line, span.offset)}`);
    body();
    // Comments left inside the block belong at its end, indented.
    this.leading(span.endOffset - 1, indent + INDENT);
    this.lines.push(`${indent}}${this.trailing(span.endLine, span.endOffset - 1)}`);
  }

  blankIfGap(previousEnd: number, nextStart: number): void {
    if (
      previousEnd >= 0 &&
      this.hasBlankLine(previousEnd, nextStart) &&
      this.lines[this.lines.length - 1] !== ''
    ) {
      this.lines.push('');
    }
  }

  rest(indent: string): void {
    this.leading(Number.MAX_SAFE_INTEGER, indent);
  }
}
