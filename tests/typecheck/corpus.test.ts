/**
 * Generates a client for every valid DBML corpus file the IR accepts (and for
 * schema.example.dbml) and type-checks all of them in one `tsc` run under the strictest
 * settings (see support.ts), against the built runtime. A file the IR rejects is skipped,
 * with the IR's first error as the reason.
 */
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileSchema, emitClient } from '@dbgen/generator';
import {
  buildRuntime,
  makeTempRoot,
  removeTempRoot,
  repoRoot,
  typecheck,
  writeFiles,
  type TscError,
} from './support.js';
import { CORPUS as CORPUS_ROOT, corpusFilesUnder, SKIP_WITHOUT_CORPUS } from '../support/corpus.js';

const CORPUS = join(CORPUS_ROOT, 'valid');

const schemas = [join(repoRoot, 'schema.example.dbml'), ...corpusFilesUnder(CORPUS)];
const folderOf = (i: number): string => `client${i}`;
const skipped = new Map<string, string>();
/** The one valid-corpus file no client can be made of: it imports files that do not exist. */
const EXPECTED_REJECTED = join('dbml-parse_parser', 'use_declarations.in.dbml');
let errors: TscError[] = [];
let root = '';

describe('generated clients type-check under strict settings', () => {
  before(async () => {
    buildRuntime();
    root = makeTempRoot('typecheck-corpus');
    for (const [i, schema] of schemas.entries()) {
      const compiled = await compileSchema(schema);
      if (compiled.ir === null) {
        const first = compiled.diagnostics.find((d) => d.severity === 'error');
        skipped.set(
          schema,
          `the IR rejects it: ${first?.code ?? ''} ${first?.message ?? '(no message)'}`,
        );
        continue;
      }
      writeFiles(
        join(root, folderOf(i)),
        await emitClient(compiled.ir, { schemaPath: relative(repoRoot, schema) }),
      );
    }
    errors = typecheck(root);
  });
  after(() => removeTempRoot(root));

  for (const [i, schema] of schemas.entries()) {
    const name = schema.startsWith(CORPUS) ? relative(CORPUS, schema) : relative(repoRoot, schema);
    it(name, () => {
      const reason = skipped.get(schema);
      if (reason !== undefined) {
        // Only the file whose imports do not exist may be rejected (the corpus suite checks
        // its "file not found"); any other rejection is a regression, not a skip.
        assert.equal(name, EXPECTED_REJECTED, `the IR must accept ${name}: ${reason}`);
        assert.match(reason, /file not found/);
        return;
      }
      const mine = errors.filter((e) => e.file.startsWith(`${folderOf(i)}/`) || e.file === '');
      assert.deepEqual(mine, []);
    });
  }

  it('checked most of the corpus (the IR accepts it)', { skip: SKIP_WITHOUT_CORPUS }, () => {
    assert.ok(
      schemas.length - skipped.size >= 30,
      `only ${schemas.length - skipped.size} of ${schemas.length} compiled`,
    );
  });
});
