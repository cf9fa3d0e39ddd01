import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DEFAULT_CONFIG, loadConfig } from '../../packages/cli/src/config.js';

describe('configuration precedence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('defaults when nothing is configured', () => {
    assert.deepEqual(loadConfig({}, dir, {}), DEFAULT_CONFIG);
  });

  test('flags > dbgen.config.json > package.json > DATABASE_URL > .env', () => {
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=sqlite:./from-dotenv.db\n');
    assert.equal(loadConfig({}, dir, {}).url, 'sqlite:./from-dotenv.db');
    assert.equal(loadConfig({}, dir, { DATABASE_URL: 'postgres://env' }).url, 'postgres://env');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dbgen: { schema: 'pkg.dbml' } }));
    writeFileSync(
      join(dir, 'dbgen.config.json'),
      JSON.stringify({ schema: 'file.dbml', out: 'o' }),
    );
    const config = loadConfig({ out: 'flag-out', schema: undefined }, dir, {});
    assert.equal(config.schema, 'file.dbml');
    assert.equal(config.out, 'flag-out');
  });

  test('an unknown setting or a wrong type is named', () => {
    writeFileSync(join(dir, 'dbgen.config.json'), JSON.stringify({ shcema: 'x.dbml' }));
    assert.throws(() => loadConfig({}, dir, {}), /unknown setting "shcema"/);
    writeFileSync(join(dir, 'dbgen.config.json'), JSON.stringify({ schema: 3 }));
    assert.throws(() => loadConfig({}, dir, {}), /setting "schema" must be a string, found 3/);
    writeFileSync(join(dir, 'dbgen.config.json'), '{');
    assert.throws(() => loadConfig({}, dir, {}), /dbgen\.config\.json: not valid JSON/);
  });
});
