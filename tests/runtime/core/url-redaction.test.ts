// Passwords in database URLs never reach an error message, on every dialect: a SQLite URL
// with credentials is refused (masked) instead of becoming a file named after them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConfigError,
  ConnectionError,
  DatabaseUrlError,
  connectForMigrations,
  createEngine,
  redactUrl,
  sql,
} from '@dbgen/runtime';

const SECRET = 'Sup3rSecret';

test('redactUrl hides passwords, whole, wherever a URL carries one', () => {
  for (const url of [
    `postgres://app:${SECRET}@db.example.org:5432/prod`,
    `postgresql://app:${SECRET}@@db.example.org/prod`,
    `postgres://app:a@${SECRET}@db.example.org/prod`,
    `sqlite://app:${SECRET}@host/file.db`,
    `mysql://root:${SECRET}@127.0.0.1:3306/test`,
    `postgres://db.example.org/prod?user=app&password=${SECRET}&sslmode=require`,
  ]) {
    const shown = redactUrl(url);
    assert.ok(!shown.includes(SECRET), shown);
    assert.match(shown, /\*\*\*/);
  }
  assert.equal(redactUrl('sqlite:./data/a@b.db'), 'sqlite:./data/a@b.db');
  assert.equal(redactUrl('postgres://app@db/prod'), 'postgres://app@db/prod');
});

test('a SQLite URL with a user and password is refused, the password masked', async () => {
  const url = `sqlite://u:${SECRET}@localhost/app.db`;
  const error = (() => {
    try {
      createEngine(url);
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(error instanceof ConfigError, String(error));
  assert.ok(!error.message.includes(SECRET), error.message);
  assert.match(error.message, /u:\*\*\*@localhost/);
  const migrating = await connectForMigrations(url).catch((e: unknown) => e);
  assert.ok(migrating instanceof DatabaseUrlError, String(migrating));
  assert.ok(!(migrating as Error).message.includes(SECRET), (migrating as Error).message);
});

test('bad PostgreSQL URLs and failed connections do not show the password', async () => {
  const invalid = (() => {
    try {
      createEngine(`postgres://u:${SECRET}@[bad`);
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(invalid instanceof ConfigError, String(invalid));
  assert.ok(!invalid.message.includes(SECRET), invalid.message);
  // Nothing listens on port 1: the connection fails.
  const engine = createEngine({
    url: `postgresql://postgres:${SECRET}@127.0.0.1:1/nothing`,
    acquireTimeoutMs: 2_000,
  });
  try {
    const error = await engine.execute(sql`select 1`).catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionError, String(error));
    assert.ok(!error.message.includes(SECRET), error.message);
    assert.ok(!String(error.stack).includes(SECRET));
  } finally {
    await engine.close();
  }
});
