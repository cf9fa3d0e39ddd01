/**
 * Hover text (Markdown) for the symbol under the cursor: a column's type, settings and
 * note; a table's column count and note; an enum's values; a partial's columns.
 */
import type {
  ColumnNode,
  QualifiedName,
  SettingNode,
  TableMemberNode,
  ValueNode,
} from '@dbgen/generator';
import { occurrenceAtCursor, type FileRange } from './navigation.js';
import type { ScopeCache } from './scope.js';
import { columnsOf, type ColumnOwner, type DbmlSymbol } from './symbols.js';

export interface HoverText {
  readonly markdown: string;
  readonly range: FileRange;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function noteSetting(settings: readonly SettingNode[]): string | undefined {
  const value = settings.find((s) => s.name === 'note')?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

function memberNote(members: readonly TableMemberNode[]): string | undefined {
  for (const m of members) if (m.kind === 'note') return m.value;
  return undefined;
}

/** A setting as the user wrote it (`default: 'x'`, `ref: > users.id`), from the source. */
function settingText(setting: SettingNode, source: string | undefined): string {
  if (source !== undefined) return source.slice(setting.span.offset, setting.span.endOffset);
  return setting.value === null ? setting.name : `${setting.name}: …`;
}

function ownerName(owner: ColumnOwner): string {
  return owner.kind === 'table' ? owner.name.parts.join('.') : `~${owner.name}`;
}

function columnHover(owner: ColumnOwner, node: ColumnNode, scopes: ScopeCache): string {
  const source = scopes.readFile(node.span.file);
  const settings = node.settings.filter((s) => s.name !== 'note');
  const lines = [
    '```dbml',
    `${ownerName(owner)}.${node.name} ${node.type.raw}${
      settings.length > 0 ? ` [${settings.map((s) => settingText(s, source)).join(', ')}]` : ''
    }`,
    '```',
  ];
  const note = noteSetting(node.settings);
  if (note !== undefined) lines.push('', note);
  return lines.join('\n');
}

/**
 * A table's or enum's name as declared (`auth.users`), read at its declaration: an
 * element imported under an alias carries the alias as its name.
 */
function declaredName(name: QualifiedName, scopes: ScopeCache): string {
  const source = scopes.readFile(name.span.file);
  const written = source?.slice(name.span.offset, name.span.endOffset);
  return written && written.length > 0 ? written : name.parts.join('.');
}

function valueText(value: ValueNode): string {
  return value.kind === 'string' ? value.value : '';
}

function describe(symbol: DbmlSymbol, scopes: ScopeCache): string {
  switch (symbol.kind) {
    case 'table': {
      const table = symbol.node;
      const columns = columnsOf(table, scopes);
      const head = `Table ${declaredName(table.name, scopes)}${table.alias ? ` as ${table.alias}` : ''}`;
      const lines = ['```dbml', head, '```', plural(columns.length, 'column')];
      const note = memberNote(table.members) ?? noteSetting(table.settings);
      if (note !== undefined) lines.push('', note);
      return lines.join('\n');
    }
    case 'column':
      return columnHover(symbol.owner, symbol.node, scopes);
    case 'enum': {
      const values = symbol.node.values.map((v) => {
        const note = v.settings.find((s) => s.name === 'note')?.value;
        const text = note && note.kind !== 'inlineRef' ? valueText(note) : '';
        return `- \`${v.name}\`${text ? ` — ${text}` : ''}`;
      });
      return [
        '```dbml',
        `Enum ${declaredName(symbol.node.name, scopes)}`,
        '```',
        `${plural(values.length, 'value')}:`,
        ...values,
      ].join('\n');
    }
    case 'partial': {
      const partial = symbol.node;
      const lines = [
        '```dbml',
        `TablePartial ${partial.name}`,
        '```',
        plural(columnsOf(partial, scopes).length, 'column'),
      ];
      const note = memberNote(partial.members) ?? noteSetting(partial.settings);
      if (note !== undefined) lines.push('', note);
      return lines.join('\n');
    }
  }
}

export function hover(path: string, offset: number, scopes: ScopeCache): HoverText | undefined {
  const at = occurrenceAtCursor(path, offset, scopes);
  if (!at) return undefined;
  return {
    markdown: describe(at.symbol, scopes),
    range: { file: at.span.file, offset: at.span.offset, endOffset: at.span.endOffset },
  };
}
