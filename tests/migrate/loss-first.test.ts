/**
 * A migration's data-loss checks run before its first statement where DDL is not
 * transactional (MySQL/MariaDB: migrate/loss-first.ts), so a refusal changes nothing
 * there either; on PostgreSQL and SQLite the rollback already made it so. A loss that can
 * only be seen when its operation comes (a table the migration creates and fills) is
 * refused then, and on MySQL/MariaDB the message names the statements that stay applied.
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
import { migrate, query } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`data loss checked first on ${dialect}`, () => {
    let db: TestDatabase;
    let first = '';
    before(async () => {
      db = await createTestDatabase(dialect);
      first = revisionOf(await initialUsers(db));
    });
    after(async () => db.drop());

    const unchanged = (): Promise<void> => assertStillAtFirst(db, dialect, first);

    test('a refused drop after an added column changes nothing; --force then applies both', async () => {
      const path = await handWritten(
        db,
        'swap',
        `op.addColumn('users', { name: 'x', type: 'integer' }), op.dropColumn('users', 'name')`,
        `op.addColumn('users', { name: 'name', type: 'text' }), op.dropColumn('users', 'x')`,
      );
      const refused = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(
        refused.stderr,
        /0002_swap\.js \(\w+\) drops column public\.users\.name, which holds data; nothing was changed\. Re-run with --force to drop it/,
      );
      await unchanged();
      await migrate(db.dir, db.url, ['up', '--force']);
      assert.deepEqual(await usersColumns(db), ['id', 'x']);
      await migrate(db.dir, db.url, ['down', '-1']);
      await query(db.url, `UPDATE users SET name = 'ann'`);
      rmSync(path);
    });

    test('a column renamed then dropped is checked under its name before the rename', async () => {
      const path = await handWritten(
        db,
        'rename drop',
        `op.renameColumn('users', 'name', 'full'), op.dropColumn('users', 'full')`,
        `op.addColumn('users', { name: 'name', type: 'text' })`,
      );
      const refused = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(
        refused.stderr,
        /drops column public\.users\.full, which holds data; nothing was changed\./,
      );
      await unchanged();
      rmSync(path);
    });

    test('a table the migration creates and fills is refused when its drop comes', async () => {
      const path = await handWritten(
        db,
        'scratch',
        `op.createTable('tmp', { columns: [{ name: 'id', type: 'integer', nullable: false, primaryKey: true }], primaryKey: { name: 'tmp_pkey', columns: ['id'] } }), ` +
          `op.sql('INSERT INTO tmp (id) VALUES (1)'), op.dropTable('tmp')`,
        ``,
      );
      const refused = await migrate(db.dir, db.url, ['up'], 1);
      /** 1 when table tmp exists, 0 when not. */
      const tables = (): Promise<number> =>
        query(db.url, 'SELECT * FROM tmp').then(
          () => 1,
          () => 0,
        );
      if (dialect !== 'mysql') {
        assert.match(
          refused.stderr,
          /drops table public\.tmp, which holds data; nothing was changed\./,
        );
        assert.equal(await tables(), 0);
        await unchanged();
      } else {
        // Statements 1 and 2 committed: the message lists them and says how to go on.
        assert.match(
          refused.stderr,
          /drops table public\.tmp, which holds data; refused, but part of the migration stays:\nStatements 1 to 2 of it were applied and stay applied \(mysql DDL is not transactional\):\n {2}1\. CREATE TABLE `tmp`[^]*\n {2}2\. INSERT INTO tmp \(id\) VALUES \(1\)\nRe-run with --force to drop it \(no terminal to ask on\) \(it resumes at statement 3\), or abandon the migration: undo statements 1 to 2 by hand, then run `dbgen migrate abandon [0-9a-z]+` \(it forgets its row in dbgen_migration_progress\)\./,
        );
        assert.doesNotMatch(refused.stderr, /nothing was changed/);
        assert.equal(await tables(), 1);
        assert.deepEqual(
          (await query(db.url, 'SELECT "done" FROM "dbgen_migration_progress"')).map((r) =>
            Number(r['done']),
          ),
          [2],
        );
      }
      await migrate(db.dir, db.url, ['up', '--force']);
      assert.equal(await tables(), 0);
      if (dialect === 'mysql')
        assert.deepEqual(await query(db.url, 'SELECT * FROM "dbgen_migration_progress"'), []);
      await migrate(db.dir, db.url, ['down', '-1']);
      rmSync(path);
    });
  });
}
