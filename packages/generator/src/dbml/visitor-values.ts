/**
 * CST → AST, part 2: settings lists, literal values and ref endpoints, which every kind
 * of block uses. See `visitor-base.ts` for the layers.
 */
import type { CstNode, IToken } from 'chevrotain';
import type {
  QualifiedName,
  RefEndpointNode,
  RefInlineNode,
  RefOperator,
  SettingNode,
  Span,
  ValueNode,
} from './ast.js';
import { normalizeBlockString, stripDelimiters, unescapeString } from './strings.js';
import { QuotedName } from './tokens.js';
import { AstNodes } from './visitor-base.js';
import { isToken, isWhiteSpace, sameSpan } from './visitor-util.js';

const SETTING_KEYS = ['setting', 'flag', 'flagFirst'] as const;

const NO_SETTINGS: readonly SettingNode[] = Object.freeze([]);

/**
 * False for a setting the parser's recovery left without a word (`[pk,` and the file
 * ends): its syntax error is reported where it is; as a setting named '' it was reported
 * again, as unknown, at 1:1.
 */
function hasWords(setting: CstNode): boolean {
  return (setting.children['Name']?.length ?? 0) > 0;
}

/** Settings, values and ref endpoints. */
export class ValueNodes extends AstNodes {
  // ---- settings and values -------------------------------------------------------------

  protected settingsList(node: CstNode | undefined): readonly SettingNode[] {
    // No list: one shared empty array (frozen; the AST is never modified) instead of one
    // per table, ref and column without settings, all of which live until the IR is built.
    if (!node) return NO_SETTINGS;
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
