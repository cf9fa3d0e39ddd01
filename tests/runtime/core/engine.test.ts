import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, sql, type Engine } from '@dbgen/runtime';
import { createEngine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

test('a bad URL names the URL and the accepted forms', () => {
  assert.throws(
    () => createEngine('mysql://root:secret@localhost/db'),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message.includes('"mysql://root:***@localhost/db"') &&
      e.message.includes('sqlite::memory:') &&
      e.message.includes('postgres://'),
  );
  assert.throws(() => createEngine('sqlite:'), /names no file/);
});

test('sqlite::memory: works', async () => {
  const engine = createEngine('sqlite::memory:');
  const { rows } = await engine.execute(sql`select ${1} + ${2} as "n"`);
  assert.deepEqual(rows, [{ n: 3 }]);
  await engine.close();
});

forEachDialect((_dialect, makeEngine) => {
  let engine: Engine;
  test('raw sql binds values and quotes identifiers', async () => {
    engine = makeEngine();
    await engine.execute(
      sql`create table ${sql.id('my table')} (${sql.id('id')} integer primary key, ${sql.id('name')} text)`,
    );
    const ins = await engine.execute(
      sql`insert into ${sql.id('my table')} values (${1}, ${"o'neil"}), (${2}, ${'b'})`,
    );
    assert.equal(ins.rowCount, 2);
    const { rows } = await engine.execute<{ id: number; name: string }>(
      sql`select * from ${sql.id('my table')} where ${sql.id('id')} in (${sql.join([1, 2])}) order by 1`,
    );
    assert.deepEqual(rows, [
      { id: 1, name: "o'neil" },
      { id: 2, name: 'b' },
    ]);
  });
});
