/**
 * The IR builder must survive whatever the recovering parser hands it: corpus files with
 * lines deleted, duplicated or cut end in diagnostics, never in an internal error.
 * Seeded (fast-check), so a failure reproduces; DBGEN_FUZZ_RUNS=n for a longer run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileSchemaSource } from '@dbgen/generator';

import { CORPUS } from '../../support/corpus.js';
const RUNS = Number(process.env['DBGEN_FUZZ_RUNS'] ?? 60);

function corpusSources(): string[] {
  const root = join(CORPUS, 'valid');
  return readdirSync(root).flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((f) => f.endsWith('.dbml'))
      .map((f) => readFileSync(join(root, folder, f), 'utf8')),
  );
}

type Edit =
  | { kind: 'delete'; line: number }
  | { kind: 'duplicate'; line: number }
  | { kind: 'cut'; line: number; at: number }
  | { kind: 'swap'; line: number; other: number };

function apply(source: string, edits: readonly Edit[]): string {
  const lines = source.split('\n');
  for (const edit of edits) {
    if (lines.length === 0) break;
    const i = edit.line % lines.length;
    const line = lines[i] ?? '';
    switch (edit.kind) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, line);
        break;
      case 'cut':
        lines[i] = line.slice(0, edit.at % (line.length + 1));
        break;
      case 'swap': {
        const j = edit.other % lines.length;
        lines[i] = lines[j] ?? '';
        lines[j] = line;
        break;
      }
    }
  }
  return lines.join('\n');
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), line: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }),
);

test(
  'mutated corpus files end in diagnostics, never in an internal error',
  { skip: !existsSync(CORPUS) },
  () => {
    const sources = corpusSources();
    fc.assert(
      fc.property(
        fc.nat({ max: sources.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (index, edits) => {
          const text = apply(sources[index] ?? '', edits);
          const result = compileSchemaSource(text, '/fuzz/schema.dbml', {
            readFile: () => undefined,
          });
          const internal = result.diagnostics.find((d) => d.code === 'DBML299');
          assert.equal(internal, undefined, internal?.message);
          for (const d of result.diagnostics) {
            assert.equal(typeof d.message, 'string');
            assert.ok(d.code.startsWith('DBML'));
          }
          if (result.ir !== null) JSON.stringify(result.ir); // the IR stays plain data
        },
      ),
      { seed: 20261124, numRuns: RUNS },
    );
  },
);
