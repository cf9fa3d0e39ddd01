/**
 * Fuzz: random mutations of corpus files (characters and tokens deleted, duplicated,
 * swapped, inserted; files truncated) never make `parseDbml` throw, and every parse ends
 * (the parser's step budget bounds the work of any input; no timer is involved). Clean
 * results also format and read back to the same AST.
 *
 * Fixed seed; `FUZZ_RUNS=5000 node scripts/run-tests.mjs tests/generator/parser/fuzz.test.ts`
 * runs longer, `FUZZ_SEED=...` replays another sequence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatDbml, parseDbml } from '@dbgen/generator';
import { CORPUS, dbmlFilesUnder, withoutSpans } from './helpers.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261124);

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

type Mutation =
  | { kind: 'deleteChars' | 'duplicateChars'; at: number; length: number }
  | { kind: 'swapChars' | 'swapTokens'; at: number; other: number }
  | { kind: 'deleteToken' | 'duplicateToken'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
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

function apply(source: string, m: Mutation): string {
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

if (existsSync(CORPUS)) {
  const sources = [
    ...dbmlFilesUnder(join(CORPUS, 'valid')),
    ...dbmlFilesUnder(join(CORPUS, 'invalid')),
    ...dbmlFilesUnder(join(CORPUS, 'disputed')),
  ].map((path) => readFileSync(path, 'utf8'));

  test(`fuzz: ${RUNS} mutated corpus files never throw and always end in diagnostics or an AST`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (original, mutations) => {
          const source = mutations.reduce(apply, original);
          const { file, diagnostics } = parseDbml(source, 'fuzz.dbml');
          for (const d of diagnostics) {
            assert.match(d.code, /^DBML1\d\d$/);
            assert.ok(d.message.length > 0);
            assert.ok(
              d.span && d.span.line >= 1 && d.span.offset >= 0 && d.span.offset <= source.length,
            );
          }
          if (diagnostics.length === 0) {
            const formatted = formatDbml(file, source);
            const again = parseDbml(formatted, 'fuzz.dbml');
            assert.deepEqual(again.diagnostics, [], formatted);
            assert.deepEqual(withoutSpans(again.file.elements), withoutSpans(file.elements));
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
}

test('fuzz: a pathological input ends through the step budget, not a timer', () => {
  const source = `${'Table t { a int ['.repeat(3000)}${'('.repeat(3000)}`;
  const { diagnostics } = parseDbml(source, 'deep.dbml');
  assert.ok(diagnostics.length > 0);
});
