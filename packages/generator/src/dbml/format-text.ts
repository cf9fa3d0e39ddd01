/** Formatting of the pieces of DBML: names, strings, values, settings lists and types. */
import type {
  ColumnTypeNode,
  RefEndpointNode,
  RefInlineNode,
  SettingNode,
  ValueNode,
} from './ast.js';

export const INDENT = '  ';
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What the lexer reads as one identifier (numbers aside, which `PLAIN_NUMBER` catches). */
const BARE_NAME = /^[A-Za-z0-9_\u00C0-\u1FFF\u2C00-\uD7FF]+$/;
const PLAIN_NUMBER = /^[+-]*\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A name as DBML reads it back: bare when it is a plain identifier, else `"quoted"`. */
export function formatName(name: string): string {
  if (BARE_NAME.test(name) && !PLAIN_NUMBER.test(name) && name.toLowerCase() !== 'as') return name;
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function formatQualified(parts: readonly string[]): string {
  return parts.map(formatName).join('.');
}

export function escapeSingle(text: string): string {
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
  // Inside `'''` only three quotes in a row end the block, so a lone `'` (an apostrophe)
  // stays as written; quotes in a run of three or more, or at the very end (where the
  // closing `'''` follows), are escaped.
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'{3,}|'+$/g, (quotes) => "\\'".repeat(quotes.length));
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
export function formatNoteText(value: string, indent: string): string {
  const lines = value.split('\n');
  const blockSafe =
    lines.length > 1 &&
    (lines[0] ?? '').trim() !== '' &&
    lines.some((l) => l.trim() !== '' && !/^[ \t]/.test(l)) &&
    !value.includes('\r');
  return formatString(value, blockSafe, indent);
}

export function formatValue(value: ValueNode | RefInlineNode, indent: string): string {
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

export function formatSettings(settings: readonly SettingNode[], indent: string): string {
  if (settings.length === 0) return '';
  const items = settings.map((s) =>
    s.value === null ? s.name : `${s.name}: ${formatValue(s.value, indent)}`,
  );
  return ` [${items.join(', ')}]`;
}

export function formatEndpoint(endpoint: RefEndpointNode): string {
  const table = endpoint.table.parts.length > 0 ? `${formatQualified(endpoint.table.parts)}.` : '';
  if (endpoint.columns.length === 1) return `${table}${formatName(endpoint.columns[0] ?? '')}`;
  return `${table}(${endpoint.columns.map(formatName).join(', ')})`;
}

function formatTypeArg(arg: string): string {
  return PLAIN_NUMBER.test(arg) || PLAIN_NAME.test(arg) ? arg : `'${escapeSingle(arg)}'`;
}

export function formatType(type: ColumnTypeNode): string {
  const name = type.name.parts.join('.');
  const hasArgs = type.args.length > 0 || type.raw.startsWith(`${name}(`);
  const dims = /(?:\[\d*\])*$/.exec(type.raw)?.[0] ?? '';
  return (
    formatQualified(type.name.parts) +
    (hasArgs ? `(${type.args.map(formatTypeArg).join(', ')})` : '') +
    (dims || '[]'.repeat(type.arrayDims))
  );
}
