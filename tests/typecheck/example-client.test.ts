/**
 * Type-level tests of the client generated from schema.example.dbml: a usage file that
 * must compile (column types, nullable fields, enum values, relations, query methods), with
 * `@ts-expect-error` lines that must fail (tsc reports an unused directive otherwise), and a
 * control file whose mistakes tsc must report at the expected lines. The fixtures are
 * `.ts.txt` so that the repository's own type check does not look for their `./client/`.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileSchema, emitClient } from '@dbgen/generator';
import {
  buildRuntime,
  makeTempRoot,
  removeTempRoot,
  repoRoot,
  typecheck,
  writeFiles,
} from './support.js';

const fixtures = join(repoRoot, 'tests/typecheck/fixtures');
let root = '';

describe('the example client, type-level', () => {
  before(async () => {
    buildRuntime();
    root = makeTempRoot('typecheck-example');
    const compiled = await compileSchema(join(repoRoot, 'schema.example.dbml'));
    assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
    writeFiles(
      join(root, 'client'),
      await emitClient(compiled.ir, { schemaPath: 'schema.example.dbml' }),
    );
    copyFileSync(join(fixtures, 'example-usage.ts.txt'), join(root, 'example-usage.ts'));
    copyFileSync(join(fixtures, 'example-negative.ts.txt'), join(root, 'example-negative.ts'));
  });
  after(() => removeTempRoot(root));

  it('compiles the usage file; every @ts-expect-error line fails as it should', () => {
    assert.deepEqual(typecheck(root, ['client/*.ts', 'example-usage.ts']), []);
  });

  it('reports the control mistakes, each at its line', () => {
    const errors = typecheck(root, ['client/*.ts', 'example-negative.ts']);
    assert.deepEqual(
      errors.map((e) => `${e.file}:${e.line} ${e.message.slice(0, 6)}`),
      [
        'example-negative.ts:6 TS2322',
        'example-negative.ts:7 TS2345',
        'example-negative.ts:8 TS2345',
        'example-negative.ts:9 TS2339',
      ],
    );
  });
});
