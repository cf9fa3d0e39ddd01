/**
 * `formatDbml`: canonical DBML from a parsed file. Two-space indentation, one blank line
 * between top-level elements (none inside a run of
 * short-form `Ref:` or `use` lines), keywords in one spelling (`Table`, `Ref`, `indexes`, ...),
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
  DbmlFile,
  EnumNode,
  IndexNode,
  ProjectNode,
  QualifiedName,
  RecordsNode,
  RefNode,
  TableGroupNode,
  TableMemberNode,
  TableNode,
  TablePartialNode,
  TopLevelNode,
  UseNode,
  ValueNode,
} from './ast.js';
import {
  INDENT,
  escapeSingle,
  formatEndpoint,
  formatNoteText,
  formatName,
  formatQualified,
  formatSettings,
  formatType,
  formatValue,
} from './format-text.js';
import { Printer } from './format-printer.js';

export { formatName } from './format-text.js';

/** Formats a parsed file; `source` is its text (for comments, blank lines and verbatim blocks). */
export function formatDbml(file: DbmlFile, source: string): string {
  const p = new Printer(file.comments, source);
  file.elements.forEach((element, i) => {
    const previous = file.elements[i - 1];
    if (previous !== undefined) {
      // A run of one-line elements (`Ref: a.b > c.d`, `use`) stays a run, as people write
      // them; a blank line the source put inside the run is kept.
      if (isOneLine(previous) && isOneLine(element) && previous.kind === element.kind)
        p.blankIfGap(previous.span.endOffset, element.span.offset);
      else p.lines.push('');
    }
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

function isOneLine(element: TopLevelNode): boolean {
  return (element.kind === 'ref' && element.short) || element.kind === 'use';
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
