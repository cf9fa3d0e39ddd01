/**
 * Read-only commands write nothing: `migrate status|current|history` and `pull` create
 * neither a missing SQLite file nor the history table, and work for a PostgreSQL role
 * that may not create tables. A database's refusal is one line with exit 1, naming the
 * privilege needed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { PG_SERVER_URL } from '../support/databases.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { query, runCli, writeSchema } from './support/run.js';

const READ_ONLY: readonly string[][] = [
  ['migrate', 'status'],
  ['migrate', 'current'],
  ['migrate', 'history'],
];

async function historyTableExists(url: string, dialect: string): Promise<boolean> {
  if (dialect === 'sqlite')
    return (
      (await query(url, `SELECT name FROM sqlite_master WHERE name = 'dbgen_migrations'`)).length >
      0
    );
  if (dialect === 'mysql')
    return (
      (
        await query(
          url,
          `SELECT 1 AS "present" FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'dbgen_migrations'`,
        )
      ).length > 0
    );
  const rows = await query(url, `SELECT to_regclass('dbgen_migrations') IS NOT NULL AS "present"`);
  return rows[0]?.['present'] === true;
}

for (const dialect of DIALECTS) {
  describe(`read-only commands on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
      writeSchema(db.dir, schema([table('users', [id(), col('name', 'text')])]));
      const made = await runCli(['migrate', 'new', 'initial', '--schema', 'schema.json'], db.dir);
      assert.equal(made.code, 0, made.stderr);
      // The database exists (PostgreSQL made it; SQLite: one statement creates the file).
      await query(db.url, 'CREATE TABLE other (x integer)');
    });
    after(async () => db.drop());

    for (const argv of READ_ONLY) {
      test(`${argv.join(' ')} leaves a never-migrated database without the history table`, async () => {
        const run = await runCli([...argv, '--url', db.url], db.dir);
        assert.equal(run.code, argv[1] === 'status' ? 1 : 0, run.stdout + run.stderr);
        assert.equal(await historyTableExists(db.url, dialect), false);
      });
    }

    test('status at base says so, with the pending migration', async () => {
      const run = await runCli(['migrate', 'status', '--url', db.url], db.dir);
      assert.match(run.stdout, /^current: base \(nothing applied\)\napplied: 0, pending: 1\n/);
    });

    // SQLite reads an unknown double-quoted "column" as a string literal: no error there.
    test(
      'a database error is one line with exit 1, not an internal error',
      {
        skip: dialect === 'sqlite' && 'SQLite gives no error for it',
      },
      async () => {
        await query(db.url, 'CREATE TABLE dbgen_migrations (x integer)');
        const run = await runCli(['migrate', 'current', '--url', db.url], db.dir);
        assert.equal(run.code, 1);
        assert.match(
          run.stderr.split('\n').at(-1) ?? '',
          /^error: the database refused: .*revision/,
        );
        assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
        await query(db.url, 'DROP TABLE dbgen_migrations');
      },
    );
  });
}

describe('read-only commands on a SQLite file that does not exist', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('sqlite');
    writeSchema(db.dir, schema([table('users', [id()])]));
    await runCli(['migrate', 'new', 'initial', '--schema', 'schema.json'], db.dir);
  });
  after(async () => db.drop());

  for (const argv of [...READ_ONLY, ['pull']]) {
    test(`${argv.join(' ')} --url sqlite:./tood.db: an error, and no file made`, async () => {
      const run = await runCli([...argv, '--url', 'sqlite:./tood.db'], db.dir);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        `error: SQLite database not found: ${join(db.dir, 'tood.db')} (from "sqlite:./tood.db"); this command only reads, so it does not create one`,
      );
      assert.equal(run.stdout, '');
      assert.equal(existsSync(join(db.dir, 'tood.db')), false);
    });
  }

  test('pull of an empty database warns instead of printing nothing', async () => {
    await query(`sqlite:${join(db.dir, 'empty.db')}`, 'PRAGMA user_version = 0');
    const run = await runCli(['pull', '--url', 'sqlite:./empty.db'], db.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^warning: the database has no tables and no enums$/m);
  });
});

describe('a PostgreSQL role without CREATE on schema public', () => {
  let db: TestDatabase;
  let roleUrl: string;
  const role = `dbgen_ro_${randomBytes(4).toString('hex')}`;
  const admin = async (url: string, statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  before(async () => {
    db = await createTestDatabase('postgres');
    await admin(PG_SERVER_URL, `CREATE ROLE ${role} LOGIN`);
    // PostgreSQL 15 gives PUBLIC no CREATE on schema public; make sure of it for older ones.
    await admin(db.url, 'REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    const url = new URL(db.url);
    url.username = role;
    roleUrl = url.toString();
    writeSchema(db.dir, schema([table('users', [id()])]));
    await runCli(['migrate', 'new', 'initial', '--schema', 'schema.json'], db.dir);
  });
  after(async () => {
    await db.drop();
    await admin(PG_SERVER_URL, `DROP ROLE IF EXISTS ${role}`);
  });

  test('status works and reports base; up fails in one line naming the privilege', async () => {
    const status = await runCli(['migrate', 'status', '--url', roleUrl], db.dir);
    assert.match(status.stdout, /^current: base \(nothing applied\)/, status.stderr);
    assert.equal(status.code, 0, status.stderr);
    const up = await runCli(['migrate', 'up', '--url', roleUrl], db.dir);
    assert.equal(up.code, 1);
    assert.equal(
      up.stderr.split('\n').at(-1),
      'error: the database refused: permission denied for schema public (the database role needs CREATE on schema public)',
    );
    assert.doesNotMatch(up.stderr, /internal error|\n\s+at /);
  });
});
