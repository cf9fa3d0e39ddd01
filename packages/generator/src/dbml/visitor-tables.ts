/** CST → AST, part 2: tables, table partials, their members, and records. */
import type { CstNode, IToken } from 'chevrotain';
import type {
  CheckNode,
  ColumnNode,
  ColumnTypeNode,
  IndexNode,
  QualifiedName,
  RecordsNode,
  SettingNode,
  TableMemberNode,
  TableNode,
  TablePartialNode,
  ValueNode,
} from './ast.js';
import { stripDelimiters, unescapeString } from './strings.js';
import { Backtick, QuotedName } from './tokens.js';

import { isToken } from './visitor-base.js';
import { ValueNodes } from './visitor-values.js';
import { sameSpan } from './visitor-util.js';

const NO_ARGS: readonly never[] = Object.freeze([]);

const TABLE_MEMBER_KEYS = [
  'column',
  'indexesBlock',
  'checksBlock',
  'noteElement',
  'partialInjection',
  'nestedRecords',
] as const;

/** Tables and table partials with their members, and records. */
export class TableNodes extends ValueNodes {
  // ---- tables --------------------------------------------------------------------------

  protected table(node: CstNode): TableNode {
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

  protected tablePartial(node: CstNode): TablePartialNode {
    this.requireName(node, 'TablePartial', !!this.token(node, 'AnyName'));
    return {
      kind: 'tablePartial',
      name: this.nameOf(node),
      nameSpan: this.nameSpanOf(node),
      settings: this.settingsList(this.node(node, 'settingsList')),
      members: this.tableBody(this.node(node, 'tableBody')),
      span: this.span(node),
    };
  }

  protected tableBody(node: CstNode | undefined): TableMemberNode[] {
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
            nameSpan: this.nameSpanOf(child),
          });
          break;
        case 'nestedRecords':
          members.push(this.records(child, false));
          break;
      }
    }
    return members;
  }

  protected column(node: CstNode): ColumnNode {
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

  protected columnType(node: CstNode | undefined): ColumnTypeNode {
    const nameTokens = this.tokens(node, 'AnyName');
    const first = nameTokens[0];
    const last = nameTokens[nameTokens.length - 1];
    const name: QualifiedName = {
      parts: nameTokens.map((t) => this.nameText(t)),
      span: first && last ? this.tokenSpan(first, last) : this.span(node),
    };
    const hasParens = this.tokens(node, 'LParen').length > 0;
    // All-number arguments are `argNumber` tokens, others `typeArg` nodes (parser-tables.ts).
    const numbers = this.tokens(node, 'argNumber');
    const typeArgs = this.nodes(node, 'typeArg');
    // Most types take no arguments: one shared (frozen) empty list for all of them.
    const args: readonly string[] =
      numbers.length > 0
        ? numbers.map((t) => t.image)
        : typeArgs.length > 0
          ? typeArgs.map((a) => this.typeArg(a))
          : NO_ARGS;
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
      span: sameSpan(name.span, this.span(node)),
    };
  }

  protected typeArg(node: CstNode): string {
    const signed = this.node(node, 'signedNumber');
    if (signed) return this.signedNumberText(signed);
    const plain = this.token(node, 'Name');
    if (plain) return plain.image;
    const quoted = this.token(node, 'QuotedName');
    if (quoted) return unescapeString(stripDelimiters(quoted.image, '"'));
    const str = this.token(node, 'StringLiteral');
    return str ? unescapeString(stripDelimiters(str.image, "'")) : '';
  }

  protected indexDef(node: CstNode): IndexNode {
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

  protected checkDef(node: CstNode): CheckNode {
    const expression = this.token(node, 'Backtick');
    return {
      kind: 'check',
      expression: expression ? stripDelimiters(expression.image, '`') : '',
      settings: this.settingsList(this.node(node, 'settingsList')),
      span: this.span(node),
    };
  }

  protected records(node: CstNode, topLevel: boolean): RecordsNode {
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
  protected recordRow(node: CstNode): ValueNode[] {
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
}
