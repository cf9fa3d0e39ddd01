/**
 * An added NOT NULL column without a default, on a table with rows: PostgreSQL and SQLite
 * refuse it; MariaDB/MySQL filled every row with 0 / '' without a word. Now every dialect
 * refuses it, in `migrate up`, in the `down` that re-adds a dropped NOT NULL column, and in
 * `dbgen push`, with the table unchanged; on MySQL/MariaDB before the first statement,
 * saying how to write the change, and --force does not agree to it.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import {
  assertStillAtFirst,
  handWritten,
  initialUsers,
  revisionOf,
  usersColumns,
} from './support/hand-written.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { migrate, query, runCli, writeSchema } from './support/run.js';

const ADVICE =
  /Give the column a default, or add it nullable, fill it, then alter it to NOT NULL\./;

for (const dialect of DIALECTS) {
  describe(`an added NOT NULL column without a default on ${dialect}`, () => {
    let db: TestDatabase;
    let first = '';
    before(async () => {
      db = await createTestDatabase(dialect);
      first = revisionOf(await initialUsers(db));
    });
    after(async () => db.drop());

    /** users as the first migration left it: the columns, and ann's row. */
    async function unchanged(): Promise<void> {
      await assertStillAtFirst(db, dialect, first);
      assert.deepEqual(
        (await query(db.url, 'SELECT name FROM users')).map((r) => r['name']),
        ['ann'],
      );
    }

    test('migrate up refuses it (also with --force); the table is unchanged', async () => {
      const path = await handWritten(
        db,
        'add age',
        `op.addColumn('users', { name: 'nick', type: 'text' }), ` +
          `op.addColumn('users', { name: 'age', type: 'integer', nullable: false })`,
        `op.dropColumn('users', 'age'), op.dropColumn('users', 'nick')`,
      );
      for (const args of [['up'], ['up', '--force']]) {
        const refused = await migrate(db.dir, db.url, args, 1);
        if (dialect === 'mysql') {
          assert.match(
            refused.stderr,
            /0002_add_age\.js \(\w+\) adds column public\.users\.age NOT NULL without a default to a table that holds rows: MySQL\/MariaDB would give every existing row a made-up value \(0, '', \.\.\.\); nothing was changed\. /,
          );
          assert.match(refused.stderr, ADVICE);
        }
        await unchanged();
      }
      rmSync(path);
    });

    test('a default, or an empty table, lets it run', async () => {
      const path = await handWritten(
        db,
        'add age default',
        `op.addColumn('users', { name: 'age', type: 'integer', nullable: false, default: 7 })`,
        `op.dropColumn('users', 'age')`,
      );
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(
        (await query(db.url, 'SELECT age FROM users')).map((r) => Number(r['age'])),
        [7],
      );
      await migrate(db.dir, db.url, ['down', '--force']);
      rmSync(path);
      if (dialect === 'sqlite') return; // SQLite refuses it even on an empty table
      const empty = await handWritten(
        db,
        'empty add',
        `op.createTable('tags', { columns: [{ name: 'id', type: 'integer', nullable: false, primaryKey: true }], primaryKey: { name: 'tags_pkey', columns: ['id'] } }), ` +
          `op.addColumn('tags', { name: 'label', type: 'text', nullable: false })`,
        `op.dropTable('tags')`,
      );
      await migrate(db.dir, db.url, ['up']);
      await migrate(db.dir, db.url, ['down']);
      rmSync(empty);
      await unchanged();
    });

    test('the down that re-adds a dropped NOT NULL column is refused; the table is as up left it', async () => {
      const path = await handWritten(
        db,
        'drop name',
        `op.dropColumn('users', 'name')`,
        `op.addColumn('users', { name: 'name', type: 'text', nullable: false })`,
      );
      const second = revisionOf(path);
      await migrate(db.dir, db.url, ['up', '--force']);
      const refused = await migrate(db.dir, db.url, ['down', '--force'], 1);
      if (dialect === 'mysql') {
        assert.match(
          refused.stderr,
          /0002_drop_name\.js \(\w+\) adds column public\.users\.name NOT NULL without a default to a table that holds rows: [^\n]*; nothing was changed\. /,
        );
        assert.match(refused.stderr, ADVICE);
      }
      assert.deepEqual(await usersColumns(db), ['id']);
      assert.deepEqual(
        (await query(db.url, 'SELECT id FROM users')).map((r) => Number(r['id'])),
        [1],
      );
      assert.match((await migrate(db.dir, db.url, ['current'])).stdout, new RegExp(`^${second}`));
      // Back to the first migration's table for the tests after this one.
      await query(db.url, 'DELETE FROM users');
      await migrate(db.dir, db.url, ['down']);
      await query(db.url, `INSERT INTO users (name) VALUES ('ann')`);
      rmSync(path);
      await unchanged();
    });
  });

  describe(`push of an added NOT NULL column without a default on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('is refused (also with --force) when the table has rows; the table is unchanged', async () => {
      const push = (args: string[]) =>
        runCli(['push', '--schema', 'schema.json', '--url', db.url, ...args], db.dir);
      writeSchema(db.dir, schema([table('users', [id(), col('name', 'text')])]));
      assert.equal((await push([])).code, 0);
      await query(db.url, `INSERT INTO users (name) VALUES ('ann')`);
      writeSchema(
        db.dir,
        schema([
          table('users', [id(), col('name', 'text'), col('age', 'integer', { nullable: false })]),
        ]),
      );
      for (const args of [[], ['--force']]) {
        const run = await push(args);
        assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
        if (dialect === 'mysql') {
          assert.match(
            run.stderr,
            /push refused; nothing was changed:\n {2}adds column public\.users\.age NOT NULL without a default to a table that holds rows: /,
          );
          assert.match(run.stderr, ADVICE);
        }
        const rows = await query(db.url, 'SELECT * FROM users');
        assert.deepEqual(
          rows.map((r) => Object.keys(r).sort()),
          [['id', 'name']],
        );
      }
    });
  });
}
