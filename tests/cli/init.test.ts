import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

describe('dbgen init', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-init-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('scaffolds schema, config, .env and a generate script in an empty folder', async () => {
    const run = await runCli(['init'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(readFileSync(join(dir, 'schema.dbml'), 'utf8'), /Table users \{/);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'dbgen.config.json'), 'utf8')), {
      schema: 'schema.dbml',
      out: 'generated',
      migrations: 'migrations',
    });
    assert.equal(readFileSync(join(dir, '.env'), 'utf8'), 'DATABASE_URL=sqlite:./app.db\n');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.scripts.generate, 'dbgen generate');
    assert.match(run.stdout, /created {2}schema\.dbml/);
  });

  test('never overwrites an existing file, and keeps an existing generate script', async () => {
    writeFileSync(join(dir, 'schema.dbml'), 'Table mine { id int [pk] }\n');
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://x\n');
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', scripts: { generate: 'custom', test: 't' } }),
    );
    const run = await runCli(['init'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(join(dir, 'schema.dbml'), 'utf8'), 'Table mine { id int [pk] }\n');
    assert.equal(readFileSync(join(dir, '.env'), 'utf8'), 'DATABASE_URL=postgres://x\n');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts, {
      generate: 'custom',
      test: 't',
    });
    assert.match(run.stdout, /kept {5}schema\.dbml \(exists\)/);
    assert.ok(existsSync(join(dir, 'dbgen.config.json')));
  });

  test('adds the generate script to an existing package.json, keeping its other fields', async () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
    assert.equal((await runCli(['init', '--schema', 'db/app.dbml'], dir)).code, 0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.deepEqual(pkg, { name: 'x', version: '1.0.0', scripts: { generate: 'dbgen generate' } });
    assert.ok(existsSync(join(dir, 'db', 'app.dbml')));
  });

  // Absolute paths were joined onto the folder: `--schema /abs/s.dbml` said "created
  // /abs/s.dbml" but wrote ./abs/s.dbml, and the config then named a file that was not there.
  test('absolute --schema and --out paths are written where they say', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'dbgen-init-abs-'));
    try {
      const schema = join(elsewhere, 's.dbml');
      const run = await runCli(['init', '--schema', schema, '--out', join(elsewhere, 'gen')], dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(readFileSync(schema, 'utf8'), /Table users \{/);
      assert.equal(existsSync(join(dir, elsewhere.slice(1))), false);
      const generated = await runCli(['generate'], dir);
      assert.equal(generated.code, 0, generated.stderr);
      assert.ok(existsSync(join(elsewhere, 'gen', 'index.js')));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('a broken package.json is a clear error, not a crash', async () => {
    writeFileSync(join(dir, 'package.json'), '{ nope');
    const run = await runCli(['init'], dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: package\.json is not valid JSON/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});
