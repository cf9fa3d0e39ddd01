/**
 * `formatDbml`: canonical DBML from a parsed file. Two-space indentation, one blank line
 * between top-level elements, keywords in one spelling (`Table`, `Ref`, `indexes`, ...),
 * settings in the order written, names quoted only where needed, strings re-quoted in a
 * form that reads back to the same value. Comments are kept: each goes before the item it
 * preceded, or after it on the same line. Blocks dbgen does not model (DiagramView, ...)
 * are copied verbatim.
 *
 * Guarantees (tested over the corpus): formatting twice gives the same text, and the
 * formatted text parses to the same AST (spans aside).
 */
import type {
  ColumnNode,
  ColumnTypeNode,
  DbmlFile,
  EnumNode,
  IndexNode,
  ProjectNode,
  QualifiedName,
  RecordsNode,
  RefEndpointNode,
  RefInlineNode,
  RefNode,
  SettingNode,
  Span,
  TableGroupNode,
  TableMemberNode,
  TableNode,
  TablePartialNode,
  TopLevelNode,
  UseNode,
  ValueNode,
} from './ast.js';

const INDENT = '  ';
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What the lexer reads as one identifier (numbers aside, which `PLAIN_NUMBER` catches). */
const BARE_NAME = /^[A-Za-z0-9_\u00C0-\u1FFF\u2C00-\uD7FF]+$/;
const PLAIN_NUMBER = /^[+-]*\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A name as DBML reads it back: bare when it is a plain identifier, else `"quoted"`. */
export function formatName(name: string): string {
  if (BARE_NAME.test(name) && !PLAIN_NUMBER.test(name) && name.toLowerCase() !== 'as') return name;
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function formatQualified(parts: readonly string[]): string {
  return parts.map(formatName).join('.');
}

function escapeSingle(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
}

/**
 * A string literal. Multi-line values become a `'''` block whose lines sit one level in
 * from `indent`; the block reads back to the same value because a `'''` value never starts
 * with a blank line nor has common indentation (the parser removed both).
 */
function formatString(value: string, multiline: boolean, indent: string): string {
  if (!multiline) return `'${escapeSingle(value)}'`;
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const inner = indent + INDENT;
  const lines = escaped.split('\n');
  const body = lines
    .map((line, i) =>
      i === lines.length - 1 && line === '' ? indent : line === '' ? '' : inner + line,
    )
    .join('\n');
  return `'''\n${body}'''`;
}

/**
 * A note's text (notes keep no quote style): a `'''` block when it has several lines and
 * reads back the same that way, else a single-quoted string with escapes.
 */
function formatNoteText(value: string, indent: string): string {
  const lines = value.split('\n');
  const blockSafe =
    lines.length > 1 &&
    (lines[0] ?? '').trim() !== '' &&
    lines.some((l) => l.trim() !== '' && !/^[ \t]/.test(l)) &&
    !value.includes('\r');
  return formatString(value, blockSafe, indent);
}

function formatValue(value: ValueNode | RefInlineNode, indent: string): string {
  switch (value.kind) {
    case 'string':
      return formatString(value.value, value.multiline, indent);
    case 'number':
      return value.value;
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'expression':
      return `\`${value.sql}\``;
    case 'color':
      return value.value;
    case 'identifier': {
      const parts = value.name.parts;
      // One part holding several words (`set null`) is written as the words.
      if (
        parts.length === 1 &&
        /^[A-Za-z_][A-Za-z0-9_]*( [A-Za-z_][A-Za-z0-9_]*)+$/.test(parts[0] ?? '')
      ) {
        return parts[0]!;
      }
      return formatQualified(parts);
    }
    case 'inlineRef':
      return `${value.operator} ${formatEndpoint(value.target)}`;
  }
}

function formatSettings(settings: readonly SettingNode[], indent: string): string {
  if (settings.length === 0) return '';
  const items = settings.map((s) =>
    s.value === null ? s.name : `${s.name}: ${formatValue(s.value, indent)}`,
  );
  return ` [${items.join(', ')}]`;
}

function formatEndpoint(endpoint: RefEndpointNode): string {
  const table = endpoint.table.parts.length > 0 ? `${formatQualified(endpoint.table.parts)}.` : '';
  if (endpoint.columns.length === 1) return `${table}${formatName(endpoint.columns[0] ?? '')}`;
  return `${table}(${endpoint.columns.map(formatName).join(', ')})`;
}

function formatTypeArg(arg: string): string {
  return PLAIN_NUMBER.test(arg) || PLAIN_NAME.test(arg) ? arg : `'${escapeSingle(arg)}'`;
}

function formatType(type: ColumnTypeNode): string {
  const name = type.name.parts.join('.');
  const hasArgs = type.args.length > 0 || type.raw.startsWith(`${name}(`);
  const dims = /(?:\[\d*\])*$/.exec(type.raw)?.[0] ?? '';
  return (
    formatQualified(type.name.parts) +
    (hasArgs ? `(${type.args.map(formatTypeArg).join(', ')})` : '') +
    (dims || '[]'.repeat(type.arrayDims))
  );
}

interface Comment {
  readonly text: string;
  readonly span: Span;
  used: boolean;
}

/** Writes lines, placing each comment before the item it preceded or after it on its line. */
class Printer {
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

/** Formats a parsed file; `source` is its text (for comments, blank lines and verbatim blocks). */
export function formatDbml(file: DbmlFile, source: string): string {
  const p = new Printer(file.comments, source);
  file.elements.forEach((element, i) => {
    if (i > 0) p.lines.push('');
    formatElement(p, element, source);
  });
  if (
    file.elements.length > 0 &&
    file.comments.some(
      (c) => c.span.offset >= (file.elements[file.elements.length - 1]?.span.endOffset ?? 0),
    )
  ) {
    p.lines.push('');
  }
  p.rest('');
  while (p.lines.length > 0 && p.lines[p.lines.length - 1] === '') p.lines.pop();
  return p.lines.length === 0 ? '' : `${p.lines.join('\n')}\n`;
}

function formatElement(p: Printer, element: TopLevelNode, source: string): void {
  switch (element.kind) {
    case 'project':
      return formatProject(p, element);
    case 'table':
      return formatTable(p, element);
    case 'tablePartial':
      return formatTable(p, element);
    case 'ref':
      return formatRef(p, element);
    case 'enum':
      return formatEnum(p, element);
    case 'tableGroup':
      return formatGroup(p, element);
    case 'stickyNote':
      return p.block(
        element.span,
        '',
        `Note ${formatName(element.name)}${formatSettings(element.settings, '')}`,
        () => {
          p.lines.push(INDENT + formatNoteText(element.value, INDENT));
        },
      );
    case 'records':
      return formatRecords(p, element, '');
    case 'use':
      return formatUse(p, element);
    case 'other':
      p.leading(element.span.offset, '');
      p.skipInside(element.span);
      p.lines.push(source.slice(element.span.offset, element.span.endOffset));
      return;
  }
}

function formatProject(p: Printer, project: ProjectNode): void {
  const header = project.name === null ? 'Project' : `Project ${formatName(project.name)}`;
  p.block(project.span, '', header, () => {
    for (const property of project.properties) {
      p.item(
        property.span,
        INDENT,
        `${formatName(property.key)}: ${formatValue(property.value, INDENT)}`,
      );
    }
    if (project.note)
      p.item(project.note.span, INDENT, `Note: ${formatNoteText(project.note.value, INDENT)}`);
  });
}

function formatTable(p: Printer, table: TableNode | TablePartialNode): void {
  const header =
    table.kind === 'table'
      ? `Table ${formatQualified(table.name.parts)}${table.alias === null ? '' : ` as ${formatName(table.alias)}`}`
      : `TablePartial ${formatName(table.name)}`;
  p.block(table.span, '', header + formatSettings(table.settings, ''), () => {
    let previousEnd = -1;
    for (const member of table.members) {
      p.blankIfGap(previousEnd, member.span.offset);
      formatMember(p, member);
      previousEnd = member.span.endOffset;
    }
  });
}

function formatMember(p: Printer, member: TableMemberNode): void {
  switch (member.kind) {
    case 'column':
      return p.item(member.span, INDENT, formatColumn(member));
    case 'indexes':
      return p.block(member.span, INDENT, 'indexes', () => {
        for (const index of member.indexes) p.item(index.span, INDENT + INDENT, formatIndex(index));
      });
    case 'checks':
      return p.block(member.span, INDENT, 'checks', () => {
        for (const check of member.checks) {
          p.item(
            check.span,
            INDENT + INDENT,
            `\`${check.expression}\`${formatSettings(check.settings, INDENT + INDENT)}`,
          );
        }
      });
    case 'note':
      return p.item(member.span, INDENT, `Note: ${formatNoteText(member.value, INDENT)}`);
    case 'partialInjection':
      return p.item(member.span, INDENT, `~${formatName(member.name)}`);
    case 'records':
      return formatRecords(p, member, INDENT);
  }
}

function formatColumn(column: ColumnNode): string {
  return `${formatName(column.name)} ${formatType(column.type)}${formatSettings(column.settings, INDENT)}`;
}

function formatIndex(index: IndexNode): string {
  const parts = index.parts.map((part) =>
    part.kind === 'column' ? formatName(part.name) : `\`${part.sql}\``,
  );
  const body = parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`;
  return body + formatSettings(index.settings, INDENT + INDENT);
}

function formatRecords(p: Printer, records: RecordsNode, indent: string): void {
  const columns =
    records.columns.length > 0 ? `(${records.columns.map(formatName).join(', ')})` : '';
  const header = records.table
    ? `Records ${formatQualified(records.table.parts)}${columns}`
    : `Records${columns ? ` ${columns}` : ''}`;
  p.block(records.span, indent, header, () => {
    for (const row of records.rows) {
      p.item(
        row.span,
        indent + INDENT,
        row.values.map((v) => formatValue(v, indent + INDENT)).join(', '),
      );
    }
  });
}

function formatRef(p: Printer, ref: RefNode): void {
  const name = ref.name ? ` ${formatQualified(ref.name.parts)}` : '';
  const relation = `${formatEndpoint(ref.from)} ${ref.operator} ${formatEndpoint(ref.to)}${formatSettings(ref.settings, INDENT)}`;
  if (ref.short) {
    p.item(ref.span, '', `Ref${name}: ${relation}`);
    return;
  }
  p.block(ref.span, '', `Ref${name}`, () => {
    p.lines.push(INDENT + relation);
  });
}

function formatEnum(p: Printer, node: EnumNode): void {
  p.block(node.span, '', `Enum ${formatQualified(node.name.parts)}`, () => {
    for (const value of node.values) {
      p.item(value.span, INDENT, formatName(value.name) + formatSettings(value.settings, INDENT));
    }
  });
}

function formatGroup(p: Printer, group: TableGroupNode): void {
  p.block(
    group.span,
    '',
    `TableGroup ${formatQualified(group.name.parts)}${formatSettings(group.settings, '')}`,
    () => {
      for (const table of group.tables) p.item(table.span, INDENT, formatQualified(table.parts));
      if (group.note)
        p.item(group.note.span, INDENT, `Note: ${formatNoteText(group.note.value, INDENT)}`);
    },
  );
}

function formatUse(p: Printer, use: UseNode): void {
  const keyword = use.reexport ? 'reuse' : 'use';
  const from = `from '${escapeSingle(use.path)}'`;
  if (use.selections === null) {
    p.item(use.span, '', `${keyword} * ${from}`);
    return;
  }
  const selections = use.selections;
  p.leading(use.span.offset, '');
  p.lines.push(`${keyword} {`);
  for (const s of selections) {
    const alias = s.alias === null ? '' : ` as ${formatName(s.alias)}`;
    p.item(s.span, INDENT, `${s.elementKind} ${formatQualified(s.name.parts)}${alias}`);
  }
  p.leading(use.span.endOffset, INDENT);
  p.lines.push(`} ${from}${p.trailing(use.span.endLine, use.span.endOffset)}`);
}

/** Exposed for tests: the name and value printers. */
export const formatParts = { formatName, formatValue: (v: ValueNode) => formatValue(v, '') };
export type { QualifiedName };
