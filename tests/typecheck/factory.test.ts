/**
 * The factories' types over a generated client: defaults must cover what the model's
 * constructor requires; overrides are typed columns and relation graphs (collections as
 * arrays, nested values typed by the related model). See fixtures/factory-usage.ts.txt.
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

let root = '';

describe('factories, type-level', () => {
  before(async () => {
    buildRuntime();
    root = makeTempRoot('typecheck-factory');
    const compiled = compileSchema(join(repoRoot, 'schema.example.dbml'));
    assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
    writeFiles(
      join(root, 'client'),
      await emitClient(compiled.ir, { schemaPath: 'schema.example.dbml' }),
    );
    copyFileSync(
      join(repoRoot, 'tests/typecheck/fixtures/factory-usage.ts.txt'),
      join(root, 'factory-usage.ts'),
    );
  });
  after(() => removeTempRoot(root));

  it('compiles the usage file; every @ts-expect-error line fails as it should', () => {
    assert.deepEqual(typecheck(root, ['client/*.ts', 'factory-usage.ts']), []);
  });
});
