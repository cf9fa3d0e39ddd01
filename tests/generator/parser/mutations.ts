/**
 * Random edits of DBML text for the fuzz tests: characters and rough tokens deleted,
 * duplicated, swapped, inserted (from a list of DBML-significant snippets); truncation.
 */
import fc from 'fast-check';

const INSERTS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  "'",
  "'''",
  '"',
  '`',
  ':',
  ',',
  '.',
  '\n',
  '//',
  '/*',
  '*/',
  '~',
  '<>',
  '<',
  '>',
  '-',
  '#',
  '\\',
  'Table ',
  'Ref: ',
  'Enum e {',
  'indexes {',
  'Note: ',
  'use ',
  '1.2.3',
  '\\u12',
  '\t',
  '$',
];

export type Mutation =
  | { kind: 'deleteChars' | 'duplicateChars'; at: number; length: number }
  | { kind: 'swapChars' | 'swapTokens'; at: number; other: number }
  | { kind: 'deleteToken' | 'duplicateToken'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('deleteChars' as const, 'duplicateChars' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    kind: fc.constantFrom('swapChars' as const, 'swapTokens' as const),
    at: fc.nat(),
    other: fc.nat(),
  }),
  fc.record({
    kind: fc.constantFrom('deleteToken' as const, 'duplicateToken' as const),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...INSERTS),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Words, runs of spaces and single other characters: a rough token split. */
function roughTokens(text: string): string[] {
  return text.match(/\s+|\w+|[^\w\s]/g) ?? [];
}

export function apply(source: string, m: Mutation): string {
  const n = source.length;
  if (n === 0) return m.kind === 'insert' ? m.text : source;
  const at = m.at % n;
  switch (m.kind) {
    case 'deleteChars':
      return source.slice(0, at) + source.slice(at + m.length);
    case 'duplicateChars':
      return (
        source.slice(0, at + m.length) +
        source.slice(at, at + m.length) +
        source.slice(at + m.length)
      );
    case 'swapChars': {
      const other = m.other % n;
      const chars = [...source];
      [chars[at], chars[other]] = [chars[other] ?? '', chars[at] ?? ''];
      return chars.join('');
    }
    case 'insert':
      return source.slice(0, at) + m.text + source.slice(at);
    case 'truncate':
      return source.slice(0, at);
    default: {
      const tokens = roughTokens(source);
      if (tokens.length === 0) return source;
      const i = m.at % tokens.length;
      if (m.kind === 'deleteToken') tokens.splice(i, 1);
      else if (m.kind === 'duplicateToken') tokens.splice(i, 0, tokens[i] ?? '');
      else if (m.kind === 'swapTokens') {
        const j = m.other % tokens.length;
        [tokens[i], tokens[j]] = [tokens[j] ?? '', tokens[i] ?? ''];
      }
      return tokens.join('');
    }
  }
}
