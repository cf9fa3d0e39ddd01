// A dialect from outside the package (lite-dialect.ts: SQLite under the `lite:` scheme,
// with its own driver adapter) passed to createEngine({ url, dialect }): it runs the Core
// and ORM behaviour suites, and migrations find it by its scheme once it is known.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { connectForMigrations, createEngine, dialectNamed, sql } from '@dbgen/runtime';
import { liteDialect, liteStatements } from './lite-dialect.js';

const ROOT = resolve(import.meta.dirname, '../..');

const SUITES = [
  'tests/runtime/core/behaviour.test.ts',
  'tests/runtime/core/builder-db.test.ts',
  'tests/runtime/core/execute-path.test.ts',
  'tests/runtime/core/insert-mixed.test.ts',
  'tests/runtime/core/row-types.test.ts',
  'tests/runtime/core/stream-release.test.ts',
  'tests/runtime/core/types.test.ts',
  'tests/runtime/orm/session.test.ts',
  'tests/runtime/orm/query.test.ts',
  'tests/runtime/orm/relationships.test.ts',
  'tests/runtime/orm/unit-of-work-sql.test.ts',
  'tests/runtime/orm/typed-rows.test.ts',
  'tests/runtime/orm/generated-client.test.ts',
];

test(
  'the Core and ORM behaviour suites pass through the lite dialect',
  { timeout: 900_000 },
  () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBGEN_TEST_SQLITE_DIALECT: join(import.meta.dirname, 'lite-dialect.ts'),
      DBGEN_TEST_DIALECTS: 'sqlite',
    };
    // Else the child runner reports to this one's protocol instead of printing TAP.
    delete env['NODE_TEST_CONTEXT'];
    const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...SUITES], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    });
    const count = (name: string): number =>
      Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? NaN);
    const failures = run.stdout.split('\n').filter((line) => /^\s*not ok/.test(line));
    assert.deepEqual(failures, [], run.stdout.slice(-4000));
    assert.equal(run.status, 0, run.stderr.slice(-2000));
    assert.equal(count('fail'), 0, run.stderr.slice(-2000));
    assert.ok(count('pass') > 50, `only ${count('pass')} tests passed`);
    const suites = run.stdout.match(/^# Subtest: sqlite \(through the lite dialect\)$/gm) ?? [];
    assert.equal(suites.length, SUITES.length, 'every file ran its SQLite suite through lite');
    assert.doesNotMatch(run.stdout, /^# Subtest: postgres$/m);
  },
);

test('an engine made with the lite dialect runs its statements through its adapter', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-lite-'));
  try {
    const before = liteStatements;
    const engine = createEngine({ url: `lite:${join(dir, 'app.db')}`, dialect: liteDialect });
    assert.equal(engine.dialect, liteDialect);
    await engine.execute(sql`create table notes (id integer primary key, body text not null)`);
    await engine.execute(sql`insert into notes (body) values (${'hello'})`);
    const { rows } = await engine.execute<{ body: string }>(sql`select body from notes`);
    assert.deepEqual(rows, [{ body: 'hello' }]);
    assert.ok(liteStatements >= before + 3, 'the statements went through the lite adapter');
    await engine.close();

    // Known by name and scheme from now on: migrations and `dbgen sql --dialect lite` find it.
    assert.equal(dialectNamed('lite'), liteDialect);
    const connection = await connectForMigrations('lite:./app.db', dir);
    try {
      assert.equal(connection.dialect, 'lite');
      assert.deepEqual(await connection.query('select body from notes'), [{ body: 'hello' }]);
    } finally {
      await connection.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
