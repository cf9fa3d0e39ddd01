/**
 * CST → AST, part 1: the machinery (spans, names, child accessors) and the nodes every
 * block uses (notes, settings, values, ref endpoints). The builder is one class in
 * layers: this base, `visitor-tables.ts`, and `visitor.ts` (top-level elements).
 *
 * After error recovery a CST node may miss children, so every accessor here tolerates
 * absence: the visitor never throws, it builds what it can (the diagnostics already say
 * what is wrong). A few mistakes the grammar tolerates on purpose (for better recovery)
 * are reported in `diagnostics`.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  NoteNode,
  QualifiedName,
  RefEndpointNode,
  RefInlineNode,
  RefOperator,
  SettingNode,
  Span,
  ValueNode,
} from './ast.js';
import { hasLoneCarriageReturn, LineMap, tokenSpan } from './lines.js';
import { normalizeBlockString, stripDelimiters, unescapeString } from './strings.js';
import { Backtick, QuotedName } from './tokens.js';
import { isToken, isWhiteSpace, mergeInOrder, sameSpan, sortInOrder } from './visitor-util.js';

export { isToken };

export type Children = Record<string, CstElement[] | undefined>;

const SETTING_KEYS = ['setting', 'flag', 'flagFirst'] as const;

/**
 * False for a setting the parser's recovery left without a word (`[pk,` and the file
 * ends): its syntax error is reported where it is; as a setting named '' it was reported
 * again, as unknown, at 1:1.
 */
function hasWords(setting: CstNode): boolean {
  return (setting.children['Name']?.length ?? 0) > 0;
}

/** The children of an absent key: shared, so never modify what `nodes`/`tokens` return. */
const NONE: readonly never[] = Object.freeze([]);

/** Builds AST nodes for one file; spans carry the file's path. Shared pieces: spans,
 * names, notes, settings, values and ref endpoints; `visitor-tables.ts` and
 * `visitor.ts` add the blocks. */
export class AstNodes {
  /** Syntax problems the grammar tolerates for better recovery, reported here instead. */
  readonly diagnostics: Diagnostic[] = [];

  /** Lines of node spans: counted at `\n` only, as they always have been. */
  protected readonly lines: LineMap;

  /** Comment start offsets by their (exclusive) end offsets, to trim them off node ends. */
  protected readonly commentStartByEnd = new Map<number, number>();

  constructor(
    private readonly path: string,
    private readonly source = '',
    comments: readonly { readonly span: Span }[] = [],
    /** Lines of token spans, as the lexer counts them (see `lines.ts`). */
    private readonly tokenLines = new LineMap(source, 'any'),
  ) {
    for (const c of comments) this.commentStartByEnd.set(c.span.endOffset, c.span.offset);
    this.lines = hasLoneCarriageReturn(source) ? new LineMap(source, 'lf') : tokenLines;
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

  // ---- settings and values -------------------------------------------------------------

  protected settingsList(node: CstNode | undefined): SettingNode[] {
    if (!node) return [];
    const children = node.children;
    // Loops, not filter/map/flatMap: this runs for nearly every column, and the arrays
    // those made per setting were garbage to collect.
    const settings: SettingNode[] = [];
    if (!children['flag'] && !children['flagFirst']) {
      for (const s of this.nodes(node, 'setting')) if (hasWords(s)) settings.push(this.setting(s));
      return settings;
    }
    // Flags were read without the `setting` rule (see `consumedFlag` in parser-base.ts).
    const firsts = this.tokens(node, 'flagFirst');
    const seconds = this.tokens(node, 'flagSecond');
    let pairs = 0;
    for (const element of this.ordered(node, SETTING_KEYS)) {
      if (!isToken(element)) {
        if (hasWords(element)) settings.push(this.setting(element));
      } else if (element !== firsts[pairs]) settings.push(this.flag(element, element));
      else settings.push(this.flag(element, seconds[pairs++] ?? element));
    }
    return settings;
  }

  /** A flag setting of the words `first`..`last`, as `setting` builds it. */
  private flag(first: IToken, last: IToken): SettingNode {
    const nameSpan = this.tokenSpan(first, last);
    return {
      name:
        first === last
          ? first.image.toLowerCase()
          : `${first.image.toLowerCase()} ${last.image.toLowerCase()}`,
      value: null,
      span: sameSpan(
        nameSpan,
        this.offsetSpan(first.startOffset, last.endOffset ?? last.startOffset),
      ),
      nameSpan,
    };
  }

  protected setting(node: CstNode): SettingNode {
    const words = this.tokens(node, 'Name');
    const first = words[0];
    const last = words[words.length - 1];
    let value: ValueNode | RefInlineNode | null = null;
    const span = this.span(node);
    const colon = this.token(node, 'Colon');
    if (colon) {
      const inline = this.node(node, 'inlineRef');
      value = inline ? this.inlineRef(inline) : this.literalValue(node, colon, span);
    }
    return {
      name:
        words.length === 1
          ? first!.image.toLowerCase()
          : words.map((w) => w.image.toLowerCase()).join(' '),
      value,
      span,
      nameSpan: first && last ? this.tokenSpan(first, last) : this.span(node),
    };
  }

  protected inlineRef(node: CstNode): RefInlineNode {
    return {
      kind: 'inlineRef',
      operator: this.refOperator(node),
      target: this.refEndpoint(this.node(node, 'refEndpoint')),
      span: this.span(node),
    };
  }

  /**
   * A literal among `node`'s children: `node` is a `literalValue` node, or a `setting`
   * node whose value sits directly in it after `colon` (`settingSpan` is that node's span).
   */
  protected literalValue(node: CstNode | undefined, colon?: IToken, settingSpan?: Span): ValueNode {
    const span = colon ? this.spanAfter(node, colon, settingSpan) : this.span(node);
    let t: IToken | undefined;
    if ((t = this.token(node, 'StringLiteral'))) {
      return {
        kind: 'string',
        value: unescapeString(stripDelimiters(t.image, "'")),
        multiline: false,
        span,
      };
    }
    if ((t = this.token(node, 'TripleString'))) {
      return {
        kind: 'string',
        value: normalizeBlockString(stripDelimiters(t.image, "'''")),
        multiline: true,
        span,
      };
    }
    const signed = this.node(node, 'signedNumber');
    if (signed) return { kind: 'number', value: this.signedNumberText(signed), span };
    if ((t = this.token(node, 'Backtick')))
      return { kind: 'expression', sql: stripDelimiters(t.image, '`'), span };
    if ((t = this.token(node, 'ColorLiteral'))) return { kind: 'color', value: t.image, span };
    return this.valuePath(this.node(node, 'valuePath'), span);
  }

  /** The span of `node` from its value (after `colon` and spaces) to its end. */
  protected spanAfter(node: CstNode | undefined, colon: IToken, whole = this.span(node)): Span {
    let start = (colon.endOffset ?? colon.startOffset) + 1;
    while (start < whole.endOffset && isWhiteSpace(this.source.charCodeAt(start))) start++;
    const line = this.lines.lineIndex(start);
    return {
      ...whole,
      line: line + 1,
      column: start - this.lines.lineStart(line) + 1,
      offset: start,
    };
  }

  /**
   * A name-like value. One unquoted word may be `true`/`false`/`null` (any case); one
   * quoted word is a string (`default: "x"`, as the reference reads it); several words
   * (`set null`, `no action`) are one identifier part joined by single spaces.
   */
  protected valuePath(node: CstNode | undefined, span: Span): ValueNode {
    const words = this.tokens(node, 'Name');
    const elements = (
      words.length > 0 ? this.ordered(node, ['AnyName', 'Name']) : this.tokens(node, 'AnyName')
    ) as IToken[];
    const parts = elements.map((t) => this.nameText(t));
    const only = elements.length === 1 ? elements[0] : undefined;
    if (only) {
      if (only.tokenType === QuotedName)
        return { kind: 'string', value: parts[0] ?? '', multiline: false, span };
      const word = (parts[0] ?? '').toLowerCase();
      if (word === 'true' || word === 'false')
        return { kind: 'boolean', value: word === 'true', span };
      if (word === 'null') return { kind: 'null', span };
    }
    const name: QualifiedName = { parts: words.length > 0 ? [parts.join(' ')] : parts, span };
    return { kind: 'identifier', name, span };
  }

  /** The operator token among `node`'s children. */
  protected refOperator(node: CstNode | undefined): RefOperator {
    const c = node?.children;
    if (c?.['Lt']) return '<';
    if (c?.['Gt']) return '>';
    if (c?.['ManyToMany']) return '<>';
    return '-';
  }

  /**
   * `a.b.c` → table `a.b`, columns `[c]`; `a.(x, y)` → table `a`, columns `[x, y]`.
   * An inline ref to a column of the same table (`ref: > id`) has an empty table part list.
   */
  protected refEndpoint(node: CstNode | undefined): RefEndpointNode {
    const names = this.tokens(node, 'AnyName');
    const paren = this.token(node, 'LParen');
    let tableNames: IToken[];
    let columnNames: IToken[];
    if (paren) {
      tableNames = names.filter((n) => n.startOffset < paren.startOffset);
      columnNames = names.filter((n) => n.startOffset > paren.startOffset);
    } else {
      tableNames = names.slice(0, -1);
      columnNames = names.slice(-1);
    }
    const span = this.span(node);
    const firstTable = tableNames[0];
    const lastTable = tableNames[tableNames.length - 1];
    return {
      table: {
        parts: tableNames.map((n) => this.nameText(n)),
        span: firstTable && lastTable ? this.tokenSpan(firstTable, lastTable) : span,
      },
      columns: columnNames.map((n) => this.nameText(n)),
      columnSpans: columnNames.map((n) => this.tokenSpan(n)),
      span,
    };
  }
}
