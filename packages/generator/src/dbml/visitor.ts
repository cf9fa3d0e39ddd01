/**
 * CST → AST: turns chevrotain's concrete syntax tree into the plain `ast.ts` nodes.
 *
 * After error recovery a CST node may miss children, so every accessor here tolerates
 * absence: the visitor never throws, it builds what it can (the diagnostics already say
 * what is wrong). A few mistakes the grammar tolerates on purpose (for better recovery)
 * are reported here, in `diagnostics`.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  CheckNode,
  ColumnNode,
  ColumnTypeNode,
  EnumNode,
  EnumValueNode,
  IndexNode,
  NoteNode,
  OtherBlockNode,
  ProjectNode,
  QualifiedName,
  RecordsNode,
  RefEndpointNode,
  RefInlineNode,
  RefNode,
  RefOperator,
  SettingNode,
  Span,
  StickyNoteNode,
  TableGroupNode,
  TableMemberNode,
  TableNode,
  TablePartialNode,
  TopLevelNode,
  UseNode,
  ValueNode,
} from './ast.js';
import { hasLoneCarriageReturn, LineMap, tokenSpan } from './lines.js';
import { normalizeBlockString, stripDelimiters, unescapeString } from './strings.js';
import { Backtick, QuotedName } from './tokens.js';

type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function offsetOf(element: CstElement): number {
  if (isToken(element)) return element.startOffset;
  const offset = element.location?.startOffset;
  return offset === undefined || Number.isNaN(offset) ? Number.MAX_SAFE_INTEGER : offset;
}

/**
 * Exactly the characters `/\s/` matches, tested on a char code: spans are trimmed one
 * character at a time, and a regex test on a one-character string per step was a visible
 * part of building the AST.
 */
function isWhiteSpace(code: number): boolean {
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

/** The children of an absent key: shared, so never modify what `nodes`/`tokens` return. */
const NONE: readonly never[] = Object.freeze([]);

const TABLE_MEMBER_KEYS = [
  'column',
  'indexesBlock',
  'checksBlock',
  'noteElement',
  'partialInjection',
  'nestedRecords',
] as const;

/** Builds AST nodes for one file; spans carry the file's path. */
export class AstBuilder {
  /** Syntax problems the grammar tolerates for better recovery, reported here instead. */
  readonly diagnostics: Diagnostic[] = [];

  /** Lines of node spans: counted at `\n` only, as they always have been. */
  private readonly lines: LineMap;

  /** Comment start offsets by their (exclusive) end offsets, to trim them off node ends. */
  private readonly commentStartByEnd = new Map<number, number>();

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

  private nodes(node: CstNode | undefined, key: string): CstNode[] {
    return (node?.children[key] ?? NONE) as CstNode[];
  }

  private node(node: CstNode | undefined, key: string): CstNode | undefined {
    return node?.children[key]?.[0] as CstNode | undefined;
  }

  private tokens(node: CstNode | undefined, key: string): IToken[] {
    return (node?.children[key] ?? NONE) as IToken[];
  }

  private token(node: CstNode | undefined, key: string): IToken | undefined {
    return node?.children[key]?.[0] as IToken | undefined;
  }

  /** The children under `keys`, in source order. */
  private ordered(node: CstNode | undefined, keys: readonly string[]): CstElement[] {
    if (!node) return [];
    const children = node.children as Children;
    let result: CstElement[] = [];
    let groups = 0;
    for (const key of keys) {
      const list = children[key];
      if (list && list.length > 0) {
        result = groups === 0 ? list : result.concat(list);
        groups++;
      }
    }
    if (groups > 1) result.sort((a, b) => offsetOf(a) - offsetOf(b));
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
    const start = loc.startOffset;
    let last = loc.endOffset === undefined || Number.isNaN(loc.endOffset) ? start : loc.endOffset;
    // A node that ends its line owns the line break token; its span stops before it.
    // (and so the comments and spaces before that line break).
    for (;;) {
      while (last > start && isWhiteSpace(this.source.charCodeAt(last))) last--;
      const commentStart = this.commentStartByEnd.get(last + 1);
      if (commentStart === undefined || commentStart <= start) break;
      last = commentStart - 1;
    }
    const line = this.lines.lineIndex(start);
    const endLine = this.lines.lineIndex(last);
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
  private nameText(token: IToken | undefined): string {
    if (!token) return '';
    return token.tokenType === QuotedName
      ? unescapeString(stripDelimiters(token.image, '"'))
      : token.image;
  }

  /** The (first) `AnyName` token of `node` as text. */
  private nameOf(node: CstNode | undefined): string {
    return this.nameText(this.token(node, 'AnyName'));
  }

  private qualifiedName(node: CstNode | undefined): QualifiedName {
    return {
      parts: this.tokens(node, 'AnyName').map((t) => this.nameText(t)),
      span: this.span(node),
    };
  }

  /** Reports a block written without its name (`Enum {`), at its keyword. */
  private requireName(node: CstNode, keyword: string, present: boolean): void {
    if (present) return;
    const token = this.token(node, keyword);
    this.diagnostics.push({
      code: 'DBML130',
      severity: 'error',
      message: `expected a name after '${token?.image ?? keyword}'`,
      span: token ? this.tokenSpan(token) : this.span(node),
    });
  }

  // ---- file and elements ---------------------------------------------------------------

  buildFile(root: CstNode): TopLevelNode[] {
    const elements: TopLevelNode[] = [];
    for (const element of this.nodes(root, 'element')) {
      const built = this.element(element);
      if (built) elements.push(built);
    }
    return elements;
  }

  private element(node: CstNode): TopLevelNode | null {
    const c = node.children as Children;
    const child = (key: string): CstNode | undefined => c[key]?.[0] as CstNode | undefined;
    let n: CstNode | undefined;
    if ((n = child('table'))) return this.table(n);
    if ((n = child('ref'))) return this.ref(n);
    if ((n = child('enumDecl'))) return this.enumDecl(n);
    if ((n = child('tablePartial'))) return this.tablePartial(n);
    if ((n = child('tableGroup'))) return this.tableGroup(n);
    if ((n = child('project'))) return this.project(n);
    if ((n = child('stickyNote'))) return this.stickyNote(n);
    if ((n = child('topRecords'))) return this.records(n, true);
    if ((n = child('useDecl'))) return this.useDecl(n);
    if ((n = child('otherBlock'))) return this.otherBlock(n);
    const misplaced = child('indexesBlock') ?? child('checksBlock');
    if (misplaced) {
      const keyword = misplaced.name === 'indexesBlock' ? 'indexes' : 'checks';
      this.diagnostics.push({
        code: 'DBML132',
        severity: 'error',
        message: `a '${keyword}' block belongs inside a Table or TablePartial, not at the top level`,
        span: this.span(misplaced),
      });
    }
    return null;
  }

  private project(node: CstNode): ProjectNode {
    const nameToken = this.token(node, 'AnyName');
    const notes = this.nodes(node, 'noteElement');
    const lastNote = notes[notes.length - 1];
    return {
      kind: 'project',
      name: nameToken ? this.nameText(nameToken) : null,
      properties: this.nodes(node, 'property').map((p) => ({
        key: this.nameOf(p),
        value: this.literalValue(this.node(p, 'literalValue')),
        span: this.span(p),
      })),
      note: lastNote ? this.noteElement(lastNote) : null,
      span: this.span(node),
    };
  }

  private noteElement(node: CstNode): NoteNode {
    return { kind: 'note', value: this.noteText(node), span: this.span(node) };
  }

  /** The note string among `node`'s children (`'x'`, `'''x'''` or `"x"`). */
  private noteText(node: CstNode | undefined): string {
    const block = this.node(node, 'noteBlock');
    return block ? this.noteString(block) : this.noteString(node);
  }

  private noteString(node: CstNode | undefined): string {
    const single = this.token(node, 'StringLiteral');
    if (single) return unescapeString(stripDelimiters(single.image, "'"));
    const block = this.token(node, 'TripleString');
    if (block) return normalizeBlockString(stripDelimiters(block.image, "'''"));
    const quoted = this.token(node, 'QuotedName');
    return quoted ? unescapeString(stripDelimiters(quoted.image, '"')) : '';
  }

  // ---- tables --------------------------------------------------------------------------

  private table(node: CstNode): TableNode {
    const alias = this.token(node, 'AnyName');
    this.requireName(node, 'Table', !!this.node(node, 'qualifiedName'));
    return {
      kind: 'table',
      name: this.qualifiedName(this.node(node, 'qualifiedName')),
      alias: alias ? this.nameText(alias) : null,
      settings: this.settingsList(this.node(node, 'settingsList')),
      members: this.tableBody(this.node(node, 'tableBody')),
      span: this.span(node),
    };
  }

  private tablePartial(node: CstNode): TablePartialNode {
    this.requireName(node, 'TablePartial', !!this.token(node, 'AnyName'));
    return {
      kind: 'tablePartial',
      name: this.nameOf(node),
      settings: this.settingsList(this.node(node, 'settingsList')),
      members: this.tableBody(this.node(node, 'tableBody')),
      span: this.span(node),
    };
  }

  private tableBody(node: CstNode | undefined): TableMemberNode[] {
    const members: TableMemberNode[] = [];
    for (const child of this.ordered(node, TABLE_MEMBER_KEYS) as CstNode[]) {
      switch (child.name) {
        case 'column':
          members.push(this.column(child));
          break;
        case 'indexesBlock':
          members.push({
            kind: 'indexes',
            indexes: this.nodes(child, 'indexDef').map((d) => this.indexDef(d)),
            span: this.span(child),
          });
          break;
        case 'checksBlock':
          members.push({
            kind: 'checks',
            checks: this.nodes(child, 'checkDef').map((d) => this.checkDef(d)),
            span: this.span(child),
          });
          break;
        case 'noteElement':
          members.push(this.noteElement(child));
          break;
        case 'partialInjection':
          members.push({
            kind: 'partialInjection',
            name: this.nameOf(child),
            span: this.span(child),
          });
          break;
        case 'nestedRecords':
          members.push(this.records(child, false));
          break;
      }
    }
    return members;
  }

  private column(node: CstNode): ColumnNode {
    const nameToken = this.token(node, 'AnyName');
    const bareWords = this.tokens(node, 'Name');
    const listed = this.settingsList(this.node(node, 'settingsList'));
    const settings =
      bareWords.length === 0
        ? listed
        : [
            ...bareWords.map((t): SettingNode => {
              const span = this.tokenSpan(t);
              return { name: t.image.toLowerCase(), value: null, span, nameSpan: span };
            }),
            ...listed,
          ];
    return {
      kind: 'column',
      name: this.nameText(nameToken),
      type: this.columnType(this.node(node, 'columnType')),
      settings,
      span: this.span(node),
      nameSpan: nameToken ? this.tokenSpan(nameToken) : this.span(node),
    };
  }

  private columnType(node: CstNode | undefined): ColumnTypeNode {
    const nameTokens = this.tokens(node, 'AnyName');
    const first = nameTokens[0];
    const last = nameTokens[nameTokens.length - 1];
    const name: QualifiedName = {
      parts: nameTokens.map((t) => this.nameText(t)),
      span: first && last ? this.tokenSpan(first, last) : this.span(node),
    };
    const hasParens = this.tokens(node, 'LParen').length > 0;
    const args = this.nodes(node, 'typeArg').map((a) => this.typeArg(a));
    const opens = this.tokens(node, 'LBracket');
    let dims = '';
    if (opens.length > 0) {
      const closes = this.tokens(node, 'RBracket');
      const sizes = this.tokens(node, 'NumberLiteral');
      opens.forEach((open, i) => {
        const close = closes[i];
        const size = sizes.find(
          (s) => s.startOffset > open.startOffset && (!close || s.startOffset < close.startOffset),
        );
        dims += size ? `[${size.image}]` : '[]';
      });
    }
    return {
      name,
      args,
      arrayDims: opens.length,
      raw: name.parts.join('.') + (hasParens ? `(${args.join(',')})` : '') + dims,
      span: this.span(node),
    };
  }

  private typeArg(node: CstNode): string {
    const signed = this.node(node, 'signedNumber');
    if (signed) return this.signedNumberText(signed);
    const plain = this.token(node, 'Name');
    if (plain) return plain.image;
    const quoted = this.token(node, 'QuotedName');
    if (quoted) return unescapeString(stripDelimiters(quoted.image, '"'));
    const str = this.token(node, 'StringLiteral');
    return str ? unescapeString(stripDelimiters(str.image, "'")) : '';
  }

  private signedNumberText(node: CstNode): string {
    const number = this.token(node, 'NumberLiteral')?.image ?? '';
    if (!node.children['Minus'] && !node.children['Plus']) return number;
    const signs = this.ordered(node, ['Minus', 'Plus']) as IToken[];
    return signs.map((t) => t.image).join('') + number;
  }

  private indexDef(node: CstNode): IndexNode {
    const parts: IndexNode['parts'][number][] = [];
    for (const token of this.ordered(node, ['AnyName', 'Backtick']) as IToken[]) {
      const span = this.tokenSpan(token);
      if (token.tokenType === Backtick) {
        parts.push({ kind: 'expression', sql: stripDelimiters(token.image, '`'), span });
      } else {
        parts.push({ kind: 'column', name: this.nameText(token), span });
      }
    }
    return {
      kind: 'index',
      parts,
      settings: this.settingsList(this.node(node, 'settingsList')),
      span: this.span(node),
    };
  }

  private checkDef(node: CstNode): CheckNode {
    const expression = this.token(node, 'Backtick');
    return {
      kind: 'check',
      expression: expression ? stripDelimiters(expression.image, '`') : '',
      settings: this.settingsList(this.node(node, 'settingsList')),
      span: this.span(node),
    };
  }

  private records(node: CstNode, topLevel: boolean): RecordsNode {
    const columnList = this.node(node, 'columnList');
    const body = this.node(node, 'recordsBody');
    return {
      kind: 'records',
      table: topLevel ? this.qualifiedName(this.node(node, 'qualifiedName')) : null,
      columns: this.tokens(columnList, 'AnyName').map((t) => this.nameText(t)),
      rows: this.nodes(body, 'recordRow').map((row) => ({
        values: this.recordRow(row),
        span: this.span(row),
      })),
      span: this.span(node),
    };
  }

  /** Values in order; an empty field (`1,,3` or a trailing comma) is a null. */
  private recordRow(node: CstNode): ValueNode[] {
    const values: ValueNode[] = [];
    let expectingValue = true;
    let lastComma: IToken | undefined;
    for (const element of this.ordered(node, ['literalValue', 'Comma'])) {
      if (isToken(element)) {
        if (expectingValue) values.push({ kind: 'null', span: this.tokenSpan(element) });
        expectingValue = true;
        lastComma = element;
      } else {
        values.push(this.literalValue(element));
        expectingValue = false;
      }
    }
    if (expectingValue && lastComma) values.push({ kind: 'null', span: this.tokenSpan(lastComma) });
    return values;
  }

  // ---- settings and values -------------------------------------------------------------

  private settingsList(node: CstNode | undefined): SettingNode[] {
    return this.nodes(node, 'setting').map((s) => this.setting(s));
  }

  private setting(node: CstNode): SettingNode {
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

  private inlineRef(node: CstNode): RefInlineNode {
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
  private literalValue(node: CstNode | undefined, colon?: IToken, settingSpan?: Span): ValueNode {
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
  private spanAfter(node: CstNode | undefined, colon: IToken, whole = this.span(node)): Span {
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
  private valuePath(node: CstNode | undefined, span: Span): ValueNode {
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

  // ---- refs ----------------------------------------------------------------------------

  private ref(node: CstNode): RefNode {
    const nameNode = this.node(node, 'qualifiedName');
    const relation = this.node(node, 'refRelation');
    const endpoints = this.nodes(relation, 'refEndpoint');
    const misplaced = this.node(node, 'settingsList');
    if (misplaced) {
      this.diagnostics.push({
        code: 'DBML131',
        severity: 'error',
        message:
          "a Ref's settings go after its relationship ('Ref: a.id > b.id [delete: cascade]'), not after its name",
        span: this.span(misplaced),
      });
    }
    const settings = this.settingsList(this.node(relation, 'settingsList'));
    return {
      kind: 'ref',
      name: nameNode ? this.qualifiedName(nameNode) : null,
      from: this.refEndpoint(endpoints[0]),
      operator: this.refOperator(relation),
      to: this.refEndpoint(endpoints[1]),
      settings: misplaced ? [...this.settingsList(misplaced), ...settings] : settings,
      short: this.tokens(node, 'Colon').length > 0,
      span: this.span(node),
    };
  }

  /** The operator token among `node`'s children. */
  private refOperator(node: CstNode | undefined): RefOperator {
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
  private refEndpoint(node: CstNode | undefined): RefEndpointNode {
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
      span,
    };
  }

  // ---- enums, groups, notes, use, other ------------------------------------------------

  private enumDecl(node: CstNode): EnumNode {
    this.requireName(node, 'Enum', !!this.node(node, 'qualifiedName'));
    return {
      kind: 'enum',
      name: this.qualifiedName(this.node(node, 'qualifiedName')),
      values: this.nodes(node, 'enumValue').map((v): EnumValueNode => ({
        name: this.nameOf(v),
        settings: this.settingsList(this.node(v, 'settingsList')),
        span: this.span(v),
      })),
      span: this.span(node),
    };
  }

  private tableGroup(node: CstNode): TableGroupNode {
    this.requireName(node, 'TableGroup', !!this.node(node, 'qualifiedName'));
    const notes = this.nodes(node, 'noteElement');
    const lastNote = notes[notes.length - 1];
    return {
      kind: 'tableGroup',
      name: this.qualifiedName(this.node(node, 'qualifiedName')),
      tables: this.nodes(node, 'groupEntry').map((e) =>
        this.qualifiedName(this.node(e, 'qualifiedName')),
      ),
      settings: this.settingsList(this.node(node, 'settingsList')),
      note: lastNote ? this.noteElement(lastNote) : null,
      span: this.span(node),
    };
  }

  private stickyNote(node: CstNode): StickyNoteNode {
    return {
      kind: 'stickyNote',
      name: this.nameOf(node),
      value: this.noteText(node),
      settings: this.settingsList(this.node(node, 'settingsList')),
      span: this.span(node),
    };
  }

  private useDecl(node: CstNode): UseNode {
    const path = this.token(node, 'StringLiteral');
    const star = this.token(node, 'Star');
    return {
      kind: 'use',
      reexport: this.tokens(node, 'Reuse').length > 0,
      selections: star
        ? null
        : this.nodes(node, 'useSelection').map((s) => {
            const alias = this.token(s, 'AnyName');
            return {
              elementKind: (this.token(s, 'Name')?.image ?? '').toLowerCase(),
              name: this.qualifiedName(this.node(s, 'qualifiedName')),
              alias: alias ? this.nameText(alias) : null,
              span: this.span(s),
            };
          }),
      path: path ? unescapeString(stripDelimiters(path.image, "'")) : '',
      span: this.span(node),
    };
  }

  private otherBlock(node: CstNode): OtherBlockNode {
    return {
      kind: 'other',
      keyword: this.token(node, 'Identifier')?.image ?? '',
      span: this.span(node),
    };
  }
}
