/**
 * Property tests of the whole schema compiler (issue 15): random mutations of the example
 * schema (and of the conformance corpus, when it is there) never make `compileSchemaSource`
 * throw or report an internal error, and their rendered diagnostics never carry control
 * characters. (How their cost grows with the input is measured by `npm run bench -- hostile`,
 * not asserted here: timing goals live in benchmarks.)
 *
 * Bounded and deterministic: `FUZZ_RUNS` runs (default 150) from `FUZZ_SEED` (default
 * fixed; fast-check prints the seed and the shrunk counterexample on a failure, and
 * `FUZZ_SEED=<seed>` replays it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { compileSchemaSource, renderDiagnosticList } from '@dbgen/generator';
import { apply, mutation } from './mutations.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261205);
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

function dbmlFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) return dbmlFiles(path);
      return entry.endsWith('.dbml') ? [path] : [];
    });
}

const corpus = process.env['DBGEN_CORPUS'] ?? join(repoRoot, '..', 'shared', 'dbml-corpus');
const fixtures = [join(repoRoot, 'schema.example.dbml')];
if (existsSync(join(corpus, 'valid'))) fixtures.push(...dbmlFiles(join(corpus, 'valid')));
else console.log(`# compile-fuzz: the DBML corpus is not at ${corpus}; fuzzing the example only`);
const sources = fixtures.map((path) => readFileSync(path, 'utf8'));

/** Internal errors: the parser's and the compiler's "please report it". */
const INTERNAL = new Set(['DBML129', 'DBML299']);
/** What must never reach a terminal (newlines separate lines; tabs are kept). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test(`compile fuzz: ${RUNS} mutated schemas never throw, never fail internally, render safely`, () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...sources),
      fc.array(mutation, { minLength: 1, maxLength: 8 }),
      (original, mutations) => {
        const source = mutations.reduce(apply, original);
        const result = compileSchemaSource(source, '/tmp/fuzz/schema.dbml', {
          readFile: () => undefined, // imports name no file: reported, never read from disk
        });
        for (const d of result.diagnostics) {
          assert.ok(!INTERNAL.has(d.code), `${d.code}: ${d.message}`);
          assert.ok(d.message.length > 0);
        }
        const rendered = renderDiagnosticList(result.diagnostics, result.sources).join('\n');
        assert.doesNotMatch(rendered, UNSAFE);
      },
    ),
    { numRuns: RUNS, seed: SEED },
  );
});
