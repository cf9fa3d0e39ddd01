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
import { apply, mutation } from './mutations.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261124);

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
