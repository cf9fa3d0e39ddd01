/**
 * Property tests of the whole schema compiler (issue 15): random mutations of the example
 * schema (and of the conformance corpus, when it is there) never make `compileSchemaSource`
 * throw or report an internal error, and their rendered diagnostics never carry control
 * characters; the large generated inputs of the issue cost linear time.
 *
 * Bounded and deterministic: `FUZZ_RUNS` runs (default 150) from `FUZZ_SEED` (default
 * fixed; fast-check prints the seed and the shrunk counterexample on a failure, and
 * `FUZZ_SEED=<seed>` replays it). The scaling checks compare the CPU time of an input of
 * size n with one of size 4n (linear: about 4 times; quadratic: 16): a generous ratio,
 * medians of three runs, so a loaded machine does not make them flaky; absolute timing
 * goals are in bench/.
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

// ---- linear time on the large inputs ---------------------------------------------

/** CPU time (user + system, ms) of compiling and rendering `source`: median of three. */
function cpuTime(source: string): number {
  const times = [0, 1, 2].map(() => {
    const before = process.cpuUsage();
    const result = compileSchemaSource(source, '/tmp/scale/schema.dbml');
    renderDiagnosticList(result.diagnostics, result.sources).join('\n');
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  });
  return times.sort((a, b) => a - b)[1]!;
}

const LARGE_INPUTS: Record<string, (n: number) => string> = {
  'line breaks inside an open settings list': (n) => `Table t {\n  id int [pk,${'\n'.repeat(n)}`,
  'duplicate columns': (n) => `Table t {\n  id int [pk]\n${'  a int\n'.repeat(n / 4)}}\n`,
  'zero-width and right-to-left characters': (n) =>
    `Table t {\n  id int [pk]\n  ${'\u200b \u202e '.repeat(n / 4)}\n}\n`,
  'enums and refs to nowhere': (n) =>
    `${Array.from({ length: n / 8 }, (_, i) => `Enum e${i} { a }\nRef: x${i}.a > y${i}.b`).join('\n')}\n`,
  'nested brackets': (n) => `DiagramView v {\n  x ${'('.repeat(n / 2)}1${')'.repeat(n / 2)}\n}\n`,
  'random text': (n) => {
    let x = 15;
    let s = '';
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      s += String.fromCharCode(1 + (x % 126));
    }
    return s;
  },
};

for (const [name, generate] of Object.entries(LARGE_INPUTS)) {
  test(`linear time: ${name} (4 times the input costs less than 10 times the time)`, () => {
    const n = 20_000;
    cpuTime(generate(n / 4)); // warm up the code paths
    const small = cpuTime(generate(n));
    const large = cpuTime(generate(4 * n));
    // Tiny times are timer noise: only a large input that is also slow can fail.
    const ratio = large / Math.max(small, 50);
    assert.ok(ratio < 10, `${name}: ${small.toFixed(0)} ms for n, ${large.toFixed(0)} ms for 4n`);
  });
}
