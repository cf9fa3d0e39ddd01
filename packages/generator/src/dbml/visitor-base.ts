/**
 * CST → AST, part 1: the machinery (spans, names, child accessors) and notes. The
 * builder is one class in layers: this base, `visitor-values.ts` (settings, values, ref
 * endpoints), `visitor-tables.ts`, and `visitor.ts` (top-level elements).
 *
 * After error recovery a CST node may miss children, so every accessor here tolerates
 * absence: the visitor never throws, it builds what it can (the diagnostics already say
 * what is wrong). A few mistakes the grammar tolerates on purpose (for better recovery)
 * are reported in `diagnostics`.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { NoteNode, QualifiedName, Span } from './ast.js';
import { hasLoneCarriageReturn, LineMap, tokenSpan } from './lines.js';
import { normalizeBlockString, stripDelimiters, unescapeString } from './strings.js';
import { QuotedName } from './tokens.js';
import { isToken, isWhiteSpace, mergeInOrder, sortInOrder } from './visitor-util.js';

export { isToken };

export type Children = Record<string, CstElement[] | undefined>;

/** The children of an absent key: shared, so never modify what `nodes`/`tokens` return. */
const NONE: readonly never[] = Object.freeze([]);

/** Builds AST nodes for one file; spans carry the file's path. Shared pieces: spans,
 * names and notes; `visitor-values.ts`, `visitor-tables.ts` and `visitor.ts` add the rest. */
export class AstNodes {
  /** Syntax problems the grammar tolerates for better recovery, reported here instead. */
  readonly diagnostics: Diagnostic[] = [];

  /** Lines of node spans: counted at `\n` only, as they always have been. */
  protected readonly lines: LineMap;

  /** Comment start offsets by their (exclusive) end offsets, to trim them off node ends. */
  protected readonly commentStartByEnd = new Map<number, number>();

  constructor(
    private readonly path: string,
    protected readonly source = '',
    comments: readonly { readonly span: Span }[] = [],
    /** Lines of token spans, as the lexer counts them (see `lines.ts`). */
    private readonly tokenLines = new LineMap(source, 'any'),
  ) {
    this.addComments(comments);
    this.lines = hasLoneCarriageReturn(source) ? new LineMap(source, 'lf') : tokenLines;
  }

  /** Comments found after the builder was made: a file read in parts (`parse-parts.ts`). */
  addComments(comments: readonly { readonly span: Span }[]): void {
    for (const c of comments) this.commentStartByEnd.set(c.span.endOffset, c.span.offset);
  }

  // ---- small helpers -------------------------------------------------------------------

  protected nodes(node: CstNode | undefined, key: string): CstNode[] {
    return (node?.children[key] ?? NONE) as CstNode[];
  }

  protected node(node: CstNode | undefined, key: string): CstNode | undefined {
    return node?.children[key]?.[0] as CstNode | undefined;
  }

  protected tokens(node: CstNode | undefined, key: string): IToken[] {
    return (node?.children[key] ?? NONE) as IToken[];
  }

  protected token(node: CstNode | undefined, key: string): IToken | undefined {
    return node?.children[key]?.[0] as IToken | undefined;
  }

  /** The children under `keys`, in source order. */
  protected ordered(node: CstNode | undefined, keys: readonly string[]): CstElement[] {
    if (!node) return [];
    const children = node.children as Children;
    let first: CstElement[] | undefined;
    let second: CstElement[] | undefined;
    let result: CstElement[] = [];
    let groups = 0;
    for (const key of keys) {
      const list = children[key];
      if (list && list.length > 0) {
        if (groups === 0) first = list;
        else if (groups === 1) second = list;
        result = groups === 0 ? list : result.concat(list);
        groups++;
      }
    }
    // Two groups (columns and one `indexes` block, flags and settings) are merged, not
    // sorted: sorting them was a visible part of building the AST.
    if (groups === 2 && first && second) return mergeInOrder(first, second, result);
    if (groups > 1) sortInOrder(result);
    return result;
  }

  /** A node's span (chevrotain tracks only offsets for nodes; lines are computed here). */
  span(node: CstNode | undefined): Span {
    const loc = node?.location;
    if (!loc || Number.isNaN(loc.startOffset)) {
      return {
        file: this.path,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        offset: 0,
        endOffset: 0,
      };
    }
    // `| 0`: chevrotain starts every location at NaN, so V8 keeps these fields as doubles;
    // spans built from them held four heap-allocated numbers each (one per offset and
    // column) instead of small integers. Offsets of a string always fit in 32 bits.
    const start = loc.startOffset | 0;
    const end =
      loc.endOffset === undefined || Number.isNaN(loc.endOffset) ? start : loc.endOffset | 0;
    return this.offsetSpan(start, end);
  }

  /** The span of the text from `start` to `last` (inclusive), trimmed as node spans are. */
  protected offsetSpan(start: number, last: number): Span {
    // A node that ends its line owns the line break token; its span stops before it.
    // (and so the comments and spaces before that line break).
    const comments = this.commentStartByEnd;
    for (;;) {
      while (last > start && isWhiteSpace(this.source.charCodeAt(last))) last--;
      if (comments.size === 0) break;
      const commentStart = comments.get(last + 1);
      if (commentStart === undefined || commentStart <= start) break;
      last = commentStart - 1;
    }
    const line = this.lines.lineIndex(start);
    const endLine = this.lines.lineIndexFrom(line, last);
    return {
      file: this.path,
      line: line + 1,
      column: start - this.lines.lineStart(line) + 1,
      endLine: endLine + 1,
      endColumn: last - this.lines.lineStart(endLine) + 2,
      offset: start,
      endOffset: last + 1,
    };
  }

  tokenSpan(first: IToken, last: IToken = first): Span {
    return tokenSpan(this.path, this.tokenLines, first, last);
  }

  /** The text of a name token: as written, or unquoted and unescaped. */
  protected nameText(token: IToken | undefined): string {
    if (!token) return '';
    return token.tokenType === QuotedName
      ? unescapeString(stripDelimiters(token.image, '"'))
      : token.image;
  }

  /** The (first) `AnyName` token of `node` as text. */
  protected nameOf(node: CstNode | undefined): string {
    return this.nameText(this.token(node, 'AnyName'));
  }

  /** The span of the (first) `AnyName` token of `node`, or of `node` when it has none. */
  protected nameSpanOf(node: CstNode): Span {
    const token = this.token(node, 'AnyName');
    return token ? this.tokenSpan(token) : this.span(node);
  }

  protected qualifiedName(node: CstNode | undefined): QualifiedName {
    return {
      parts: this.tokens(node, 'AnyName').map((t) => this.nameText(t)),
      span: this.span(node),
    };
  }

  /** Reports a block written without its name (`Enum {`), at its keyword. */
  protected requireName(node: CstNode, keyword: string, present: boolean): void {
    if (present) return;
    const token = this.token(node, keyword);
    this.diagnostics.push({
      code: 'DBML130',
      severity: 'error',
      message: `expected a name after '${token?.image ?? keyword}'`,
      span: token ? this.tokenSpan(token) : this.span(node),
    });
  }

  protected noteElement(node: CstNode): NoteNode {
    return { kind: 'note', value: this.noteText(node), span: this.span(node) };
  }

  /** The note string among `node`'s children (`'x'`, `'''x'''` or `"x"`). */
  protected noteText(node: CstNode | undefined): string {
    const block = this.node(node, 'noteBlock');
    return block ? this.noteString(block) : this.noteString(node);
  }

  protected noteString(node: CstNode | undefined): string {
    const single = this.token(node, 'StringLiteral');
    if (single) return unescapeString(stripDelimiters(single.image, "'"));
    const block = this.token(node, 'TripleString');
    if (block) return normalizeBlockString(stripDelimiters(block.image, "'''"));
    const quoted = this.token(node, 'QuotedName');
    return quoted ? unescapeString(stripDelimiters(quoted.image, '"')) : '';
  }

  protected signedNumberText(node: CstNode): string {
    const number = this.token(node, 'NumberLiteral')?.image ?? '';
    if (!node.children['Minus'] && !node.children['Plus']) return number;
    const signs = this.ordered(node, ['Minus', 'Plus']) as IToken[];
    return signs.map((t) => t.image).join('') + number;
  }
}
