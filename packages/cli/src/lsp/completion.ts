/**
 * Completion, decided from the text before the cursor (the file is usually mid-edit and
 * does not parse there) and the names the file sees:
 * - `table.` → that table's columns (`enum.` → the enum's values, for defaults);
 * - inside `[...]` → column settings; after `ref: >` there → tables;
 * - a column's type position inside a Table/TablePartial body → built-in types and enums;
 * - anywhere else → tables.
 */
import { builtinTypeNames, formatName } from '@dbgen/generator';
import { nameKey, type Scope, type ScopeCache } from './scope.js';
import { columnsOf } from './symbols.js';

export type CompletionKind = 'table' | 'column' | 'type' | 'enum' | 'enumValue' | 'setting';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Text to insert when it differs from the label (`default: `). */
  readonly insertText?: string;
}

/** The settings a column takes, as the user types them. */
const COLUMN_SETTINGS: readonly Completion[] = [
  { label: 'pk', kind: 'setting', detail: 'primary key' },
  { label: 'primary key', kind: 'setting', detail: 'primary key' },
  { label: 'not null', kind: 'setting' },
  { label: 'null', kind: 'setting' },
  { label: 'unique', kind: 'setting' },
  { label: 'increment', kind: 'setting', detail: 'auto-increment' },
  { label: 'default:', kind: 'setting', insertText: 'default: ' },
  { label: 'ref:', kind: 'setting', insertText: 'ref: > ' },
  { label: 'note:', kind: 'setting', insertText: "note: ''" },
  { label: 'check:', kind: 'setting', insertText: 'check: ``' },
];

/** A name before a dot: `users`, `"user table"`, `auth.users` (the part before the dot). */
const DOTTED =
  /((?:(?:[\p{L}_][\p{L}\p{N}_]*|"(?:[^"\\]|\\.)*")\.)*)([\p{L}_][\p{L}\p{N}_]*|"(?:[^"\\]|\\.)*")\.[\p{L}\p{N}_]*$/u;
/** A column line up to its type: `  name ty`. */
const TYPE_POSITION = /^\s*(?:[\p{L}_][\p{L}\p{N}_]*|"(?:[^"\\]|\\.)*")\s+[\p{L}\p{N}_]*$/u;

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
}

function tableCompletions(scope: Scope): Completion[] {
  const seen = new Set<string>();
  const items: Completion[] = [];
  for (const [key, table] of scope.tables) {
    const label = key.startsWith('public.') ? key.slice('public.'.length) : key;
    if (seen.has(label)) continue;
    seen.add(label);
    const written = label.split('.').map(formatName).join('.');
    items.push({
      label: written,
      kind: 'table',
      detail: `Table ${table.name.parts.join('.')}`,
    });
  }
  return items;
}

/** Is the cursor in a `Table`/`TablePartial` body? The nearest unclosed `{` decides. */
function inTableBody(before: string): boolean {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const lineStart = before.lastIndexOf('\n', i) + 1;
      return /^\s*table(partial)?\b/i.test(before.slice(lineStart, i));
    }
  }
  return false;
}

export function complete(
  path: string,
  text: string,
  offset: number,
  scopes: ScopeCache,
): Completion[] {
  const scope = scopes.get(path);
  const before = text.slice(0, offset);
  const line = before.slice(before.lastIndexOf('\n') + 1);

  const dotted = DOTTED.exec(line);
  if (dotted) {
    const qualifier = dotted[1] ? dotted[1].slice(0, -1).split('.').map(unquote) : [];
    const parts = [...qualifier, unquote(dotted[2] ?? '')];
    const table = scope.tables.get(nameKey(parts));
    if (table) {
      return columnsOf(table, scopes).map(({ node }) => ({
        label: formatName(node.name),
        kind: 'column',
        detail: node.type.raw,
      }));
    }
    const enumNode = scope.enums.get(nameKey(parts));
    if (enumNode) {
      return enumNode.values.map((v) => ({
        label: formatName(v.name),
        kind: 'enumValue',
        detail: `Enum ${enumNode.name.parts.join('.')}`,
      }));
    }
    return [];
  }

  const open = line.lastIndexOf('[');
  if (open > line.lastIndexOf(']')) {
    const current = line.slice(Math.max(open, line.lastIndexOf(',')) + 1);
    if (/^\s*ref\s*:/i.test(current)) return tableCompletions(scope);
    return [...COLUMN_SETTINGS];
  }

  if (TYPE_POSITION.test(line) && inTableBody(before)) {
    const enums = [...scope.enums.entries()].map(([key, e]) => ({
      label: key.startsWith('public.') ? formatName(key.slice(7)) : key,
      kind: 'enum' as const,
      detail: `Enum (${e.values.length} values)`,
    }));
    const types = builtinTypeNames()
      .filter((name) => !name.includes(' '))
      .map((name) => ({ label: name, kind: 'type' as const }));
    return [...enums, ...types];
  }
  return tableCompletions(scope);
}
