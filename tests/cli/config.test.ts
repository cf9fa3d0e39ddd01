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
    assert.deepEqual(loadConfig({}, dir, {}), { ...DEFAULT_CONFIG, urlSource: 'default' });
  });

  test('flags > dbgen.config.json > package.json for the schema and the output folder', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dbgen: { schema: 'pkg.dbml' } }));
    writeFileSync(
      join(dir, 'dbgen.config.json'),
      JSON.stringify({ schema: 'file.dbml', out: 'o' }),
    );
    const config = loadConfig({ out: 'flag-out', schema: undefined }, dir, {});
    assert.equal(config.schema, 'file.dbml');
    assert.equal(config.out, 'flag-out');
  });

  test('the URL: --url > DATABASE_URL > .env > dbgen.config.json > package.json', () => {
    const url = (flags: { url?: string }, env: NodeJS.ProcessEnv) => {
      const { url, urlSource } = loadConfig(flags, dir, env);
      return `${url} from ${urlSource}`;
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dbgen: { url: 'sqlite:./pkg.db' } }));
    assert.equal(url({}, {}), 'sqlite:./pkg.db from package.json');
    writeFileSync(join(dir, 'dbgen.config.json'), JSON.stringify({ url: 'sqlite:./todo.db' }));
    assert.equal(url({}, {}), 'sqlite:./todo.db from dbgen.config.json');
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=sqlite:./from-dotenv.db\n');
    assert.equal(url({}, {}), 'sqlite:./from-dotenv.db from .env');
    // The deploy's environment beats every file; an empty one counts as unset.
    assert.equal(
      url({}, { DATABASE_URL: 'postgres://h/prod' }),
      'postgres://h/prod from DATABASE_URL',
    );
    assert.equal(url({}, { DATABASE_URL: '' }), 'sqlite:./from-dotenv.db from .env');
    assert.equal(
      url({ url: 'sqlite:./flag.db' }, { DATABASE_URL: 'postgres://h/prod' }),
      'sqlite:./flag.db from --url',
    );
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
