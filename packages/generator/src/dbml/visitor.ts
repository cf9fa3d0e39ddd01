/**
 * CST → AST: turns chevrotain's concrete syntax tree into the plain `ast.ts` nodes.
 *
 * After error recovery a CST node may miss children, so every accessor here tolerates
 * absence: the visitor never throws, it builds what it can (the diagnostics already say
 * what is wrong).
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
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
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { normalizeBlockString, stripDelimiters, unescapeString } from './strings.js';

type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function offsetOf(element: CstElement): number {
  if (isToken(element)) return element.startOffset;
  const offset = element.location?.startOffset;
  return offset === undefined || Number.isNaN(offset) ? Number.MAX_SAFE_INTEGER : offset;
}

/** Builds AST nodes for one file; spans carry the file's path. */
export class AstBuilder {
  /** Syntax problems the grammar tolerates for better recovery, reported here instead. */
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly path: string) {}

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

  // ---- small helpers -------------------------------------------------------------------

  private nodes(node: CstNode | undefined, key: string): CstNode[] {
    return (node?.children[key] ?? []) as CstNode[];
  }

  private node(node: CstNode | undefined, key: string): CstNode | undefined {
    return node?.children[key]?.[0] as CstNode | undefined;
  }

  private tokens(node: CstNode | undefined, key: string): IToken[] {
    return (node?.children[key] ?? []) as IToken[];
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
        result = groups === 0 ? list.slice() : result.concat(list);
        groups++;
      }
    }
    if (groups > 1) result.sort((a, b) => offsetOf(a) - offsetOf(b));
    return result;
  }

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
    const endOffset =
      loc.endOffset === undefined || Number.isNaN(loc.endOffset) ? loc.startOffset : loc.endOffset;
    return {
      file: this.path,
      line: loc.startLine ?? 1,
      column: loc.startColumn ?? 1,
      endLine: loc.endLine ?? loc.startLine ?? 1,
      endColumn: (loc.endColumn ?? loc.startColumn ?? 0) + 1,
      offset: loc.startOffset,
      endOffset: endOffset + 1,
    };
  }

  tokenSpan(first: IToken, last: IToken = first): Span {
    return {
      file: this.path,
      line: first.startLine ?? 1,
      column: first.startColumn ?? 1,
      endLine: last.endLine ?? last.startLine ?? 1,
      endColumn: (last.endColumn ?? last.startColumn ?? 0) + 1,
      offset: first.startOffset,
      endOffset: (last.endOffset ?? last.startOffset) + 1,
    };
  }

  private nameText(node: CstNode | undefined): string {
    const plain = this.token(node, 'Name');
    if (plain) return plain.image;
    const quoted = this.token(node, 'QuotedName');
    return quoted ? unescapeString(stripDelimiters(quoted.image, '"')) : '';
  }

  private qualifiedName(node: CstNode | undefined): QualifiedName {
    return { parts: this.nodes(node, 'name').map((n) => this.nameText(n)), span: this.span(node) };
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
    return null;
  }

  private project(node: CstNode): ProjectNode {
    const nameNode = this.node(node, 'name');
    const notes = this.nodes(node, 'noteElement');
    const lastNote = notes[notes.length - 1];
    return {
      kind: 'project',
      name: nameNode ? this.nameText(nameNode) : null,
      properties: this.nodes(node, 'property').map((p) => ({
        key: this.nameText(this.node(p, 'name')),
        value: this.literalValue(this.node(p, 'literalValue')),
        span: this.span(p),
      })),
      note: lastNote ? this.noteElement(lastNote) : null,
      span: this.span(node),
    };
  }

  private noteElement(node: CstNode): NoteNode {
    return {
      kind: 'note',
      value: this.noteText(this.node(node, 'noteText')),
      span: this.span(node),
    };
  }

  private noteText(node: CstNode | undefined): string {
    const single = this.token(node, 'StringLiteral');
    if (single) return unescapeString(stripDelimiters(single.image, "'"));
    const block = this.token(node, 'TripleString');
    if (block) return normalizeBlockString(stripDelimiters(block.image, "'''"));
    const quoted = this.token(node, 'QuotedName');
    return quoted ? unescapeString(stripDelimiters(quoted.image, '"')) : '';
  }

  // ---- tables --------------------------------------------------------------------------

  private table(node: CstNode): TableNode {
    const alias = this.node(node, 'name');
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
    this.requireName(node, 'TablePartial', !!this.node(node, 'name'));
    return {
      kind: 'tablePartial',
      name: this.nameText(this.node(node, 'name')),
      settings: this.settingsList(this.node(node, 'settingsList')),
      members: this.tableBody(this.node(node, 'tableBody')),
      span: this.span(node),
    };
  }

  private tableBody(node: CstNode | undefined): TableMemberNode[] {
    const members: TableMemberNode[] = [];
    const keys = [
      'column',
      'indexesBlock',
      'checksBlock',
      'noteElement',
      'partialInjection',
      'nestedRecords',
    ];
    for (const child of this.ordered(node, keys) as CstNode[]) {
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
            name: this.nameText(this.node(child, 'name')),
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
    const nameNode = this.node(node, 'name');
    const bare: SettingNode[] = this.tokens(node, 'Name').map((t) => {
      const span = this.tokenSpan(t);
      return { name: t.image.toLowerCase(), value: null, span, nameSpan: span };
    });
    const listed = this.settingsList(this.node(node, 'settingsList'));
    return {
      kind: 'column',
      name: this.nameText(nameNode),
      type: this.columnType(this.node(node, 'columnType')),
      settings: bare.length > 0 ? [...bare, ...listed] : listed,
      span: this.span(node),
      nameSpan: this.span(nameNode),
    };
  }

  private columnType(node: CstNode | undefined): ColumnTypeNode {
    const name = this.qualifiedName(this.node(node, 'qualifiedName'));
    const hasParens = this.tokens(node, 'LParen').length > 0;
    const args = this.nodes(node, 'typeArg').map((a) => this.typeArg(a));
    const brackets = this.tokens(node, 'LBracket');
    const sizes = this.tokens(node, 'NumberLiteral');
    const closes = this.tokens(node, 'RBracket');
    let dims = '';
    brackets.forEach((open, i) => {
      const close = closes[i];
      const size = sizes.find(
        (s) => s.startOffset > open.startOffset && (!close || s.startOffset < close.startOffset),
      );
      dims += size ? `[${size.image}]` : '[]';
    });
    return {
      name,
      args,
      arrayDims: brackets.length,
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
    return (this.ordered(node, ['Minus', 'Plus', 'NumberLiteral']) as IToken[])
      .map((t) => t.image)
      .join('');
  }

  private indexDef(node: CstNode): IndexNode {
    const parts: IndexNode['parts'][number][] = [];
    for (const part of this.ordered(node, ['indexPart']) as CstNode[]) {
      const expression = this.token(part, 'Backtick');
      if (expression) {
        parts.push({
          kind: 'expression',
          sql: stripDelimiters(expression.image, '`'),
          span: this.tokenSpan(expression),
        });
      } else {
        parts.push({
          kind: 'column',
          name: this.nameText(this.node(part, 'name')),
          span: this.span(part),
        });
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
      columns: this.nodes(columnList, 'name').map((n) => this.nameText(n)),
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
    const valueNode = this.node(node, 'settingValue');
    let value: ValueNode | RefInlineNode | null = null;
    if (valueNode) {
      const inline = this.node(valueNode, 'inlineRef');
      value = inline
        ? this.inlineRef(inline)
        : this.literalValue(this.node(valueNode, 'literalValue'));
    }
    return {
      name: words.map((w) => w.image.toLowerCase()).join(' '),
      value,
      span: this.span(node),
      nameSpan: first && last ? this.tokenSpan(first, last) : this.span(node),
    };
  }

  private inlineRef(node: CstNode): RefInlineNode {
    return {
      kind: 'inlineRef',
      operator: this.refOperator(this.node(node, 'refOperator')),
      target: this.refEndpoint(this.node(node, 'refEndpoint')),
      span: this.span(node),
    };
  }

  literalValue(node: CstNode | undefined): ValueNode {
    const span = this.span(node);
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

  /**
   * A name-like value. One unquoted word may be `true`/`false`/`null` (any case); one
   * quoted word is a string (`default: "x"`, as the reference reads it); several words
   * (`set null`, `no action`) are one identifier part joined by single spaces.
   */
  private valuePath(node: CstNode | undefined, span: Span): ValueNode {
    const elements = this.ordered(node, ['name', 'Name']);
    const parts: string[] = [];
    let spaced = false;
    for (const element of elements) {
      if (isToken(element)) {
        spaced = true;
        parts.push(element.image);
      } else {
        parts.push(this.nameText(element));
      }
    }
    const only = elements.length === 1 ? (elements[0] as CstNode) : undefined;
    if (only) {
      const quoted = this.token(only, 'QuotedName');
      if (quoted) return { kind: 'string', value: parts[0] ?? '', multiline: false, span };
      const word = (parts[0] ?? '').toLowerCase();
      if (word === 'true' || word === 'false')
        return { kind: 'boolean', value: word === 'true', span };
      if (word === 'null') return { kind: 'null', span };
    }
    const name: QualifiedName = { parts: spaced ? [parts.join(' ')] : parts, span };
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
    return {
      kind: 'ref',
      name: nameNode ? this.qualifiedName(nameNode) : null,
      from: this.refEndpoint(endpoints[0]),
      operator: this.refOperator(this.node(relation, 'refOperator')),
      to: this.refEndpoint(endpoints[1]),
      settings: [
        ...this.settingsList(misplaced),
        ...this.settingsList(this.node(relation, 'settingsList')),
      ],
      short: this.tokens(node, 'Colon').length > 0,
      span: this.span(node),
    };
  }

  private refOperator(node: CstNode | undefined): RefOperator {
    if (this.token(node, 'Lt')) return '<';
    if (this.token(node, 'Gt')) return '>';
    if (this.token(node, 'ManyToMany')) return '<>';
    return '-';
  }

  /**
   * `a.b.c` → table `a.b`, columns `[c]`; `a.(x, y)` → table `a`, columns `[x, y]`.
   * An inline ref to a column of the same table (`ref: > id`) has an empty table part list.
   */
  private refEndpoint(node: CstNode | undefined): RefEndpointNode {
    const names = this.nodes(node, 'name');
    const paren = this.token(node, 'LParen');
    let tableNames: CstNode[];
    let columnNames: CstNode[];
    if (paren) {
      tableNames = names.filter((n) => offsetOf(n) < paren.startOffset);
      columnNames = names.filter((n) => offsetOf(n) > paren.startOffset);
    } else {
      tableNames = names.slice(0, -1);
      columnNames = names.slice(-1);
    }
    const span = this.span(node);
    const firstTable = tableNames[0];
    const lastTable = tableNames[tableNames.length - 1];
    const tableSpan =
      firstTable && lastTable ? this.joinSpans(this.span(firstTable), this.span(lastTable)) : span;
    return {
      table: { parts: tableNames.map((n) => this.nameText(n)), span: tableSpan },
      columns: columnNames.map((n) => this.nameText(n)),
      span,
    };
  }

  private joinSpans(a: Span, b: Span): Span {
    return { ...a, endLine: b.endLine, endColumn: b.endColumn, endOffset: b.endOffset };
  }

  // ---- enums, groups, notes, use, other ------------------------------------------------

  private enumDecl(node: CstNode): EnumNode {
    this.requireName(node, 'Enum', !!this.node(node, 'qualifiedName'));
    return {
      kind: 'enum',
      name: this.qualifiedName(this.node(node, 'qualifiedName')),
      values: this.nodes(node, 'enumValue').map((v): EnumValueNode => ({
        name: this.nameText(this.node(v, 'name')),
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
      name: this.nameText(this.node(node, 'name')),
      value: this.noteText(this.node(node, 'noteText')),
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
            const alias = this.node(s, 'name');
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
