import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, ConnectionError, parseDatabaseUrl, sql, type Engine } from '@dbgen/runtime';
import { createEngine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

test('a bad URL names the URL and the accepted forms', () => {
  assert.throws(
    () => createEngine('oracle://root:secret@localhost/db'),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message.includes('"oracle://root:***@localhost/db"') &&
      e.message.includes('mysql://') &&
      e.message.includes('sqlite::memory:') &&
      e.message.includes('postgres://'),
  );
  assert.throws(() => createEngine('sqlite:'), /names no file/);
});

test('URL forms', () => {
  assert.deepEqual(parseDatabaseUrl('sqlite:./app.db'), {
    dialect: 'sqlite',
    filename: './app.db',
  });
  assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), {
    dialect: 'sqlite',
    filename: ':memory:',
  });
  assert.deepEqual(parseDatabaseUrl('sqlite:///var/db/app.db'), {
    dialect: 'sqlite',
    filename: '/var/db/app.db',
  });
  assert.deepEqual(parseDatabaseUrl('sqlite://./rel.db'), {
    dialect: 'sqlite',
    filename: './rel.db',
  });
  assert.deepEqual(parseDatabaseUrl('mariadb://u:p@h:3307/db'), {
    dialect: 'mysql',
    url: 'mariadb://u:p@h:3307/db',
  });
  assert.deepEqual(parseDatabaseUrl('postgresql://u@h/db'), {
    dialect: 'postgres',
    url: 'postgresql://u@h/db',
  });
  assert.deepEqual(parseDatabaseUrl('postgres://u:p@h:5433/db'), {
    dialect: 'postgres',
    url: 'postgres://u:p@h:5433/db',
  });
});

test('DATABASE_URL is used when no URL is given', async () => {
  const saved = process.env['DATABASE_URL'];
  process.env['DATABASE_URL'] = 'sqlite::memory:';
  try {
    const engine = createEngine({ poolSize: 2 });
    assert.equal(engine.dialect.name, 'sqlite');
    await engine.close();
    delete process.env['DATABASE_URL'];
    assert.throws(
      () => createEngine(),
      /no database URL: pass createEngine\(url\) or set DATABASE_URL/,
    );
  } finally {
    if (saved === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = saved;
  }
});

test('an unreachable server is a ConnectionError', async () => {
  const engine = createEngine({
    url: 'postgres://postgres@127.0.0.1:1/nowhere',
    acquireTimeoutMs: 5_000,
  });
  const error = await engine.execute(sql`select 1`).catch((e: unknown) => e);
  assert.ok(error instanceof ConnectionError, String(error));
  assert.match(error.message, /^could not connect to PostgreSQL: .*ECONNREFUSED/);
  await engine.close();
});

test('an unopenable SQLite file is a ConnectionError naming the file', async () => {
  const engine = createEngine('sqlite:/nonexistent-dir-dbgen/app.db');
  const error = await engine.execute(sql`select 1`).catch((e: unknown) => e);
  assert.ok(error instanceof ConnectionError, String(error));
  assert.match(
    error.message,
    /^could not open SQLite database "\/nonexistent-dir-dbgen\/app.db": /,
  );
  await engine.close();
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

  test('releasing a connection rolls back its unfinished transaction', async () => {
    const conn = await engine.connect();
    await conn.begin();
    assert.equal(conn.inTransaction, true);
    await conn.execute(sql`insert into ${sql.id('my table')} values (${99}, ${'pending'})`);
    await conn.release();
    const { rows } = await engine.execute(
      sql`select * from ${sql.id('my table')} where ${sql.id('id')} = ${99}`,
    );
    assert.deepEqual(rows, []);
    await assert.rejects(conn.execute(sql`select 1`), /this connection was released/);
  });
});
