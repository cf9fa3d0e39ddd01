/**
 * MySQL/MariaDB run a migration's statements one commit each and resume a failed one after
 * its last applied statement (migrate/resumable.ts). The statements a run plans are kept
 * with its progress row (migrate/resume-plan.ts): a resume whose migration now plans other
 * statements at the applied positions (the user renamed the column statement 1 added) is
 * refused before anything runs, even with --force, instead of skipping the new statement
 * by position. Fixing the statement that failed still resumes. A push (run-statements.ts)
 * failing at its first statement says that none was applied.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { connectForMigrations } from '@dbgen/runtime';
import { runStatements } from '../../packages/runtime/src/migrate/run-statements.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { handWritten, initialUsers, revisionOf, usersColumns } from './support/hand-written.js';
import { migrate, query } from './support/run.js';

const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

describe(
  'a resumed MySQL/MariaDB migration is checked against what ran',
  {
    skip: only && !only.includes('mysql') ? 'mysql left out' : false,
  },
  () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase('mysql');
      await initialUsers(db);
    });
    after(async () => db.drop());

    const edit = (path: string, from: string, to: string): void =>
      writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
    const progress = () => query(db.url, 'SELECT "done" FROM "dbgen_migration_progress"');

    test('statement 1 edited after it ran: refused, even with --force; restored: resumes', async () => {
      const path = await handWritten(
        db,
        'broken',
        `op.addColumn('users', { name: 'x', type: 'integer' }), op.sql('INSERT INTO no_such_table VALUES (1)')`,
        `op.dropColumn('users', 'x')`,
      );
      const revision = revisionOf(path);
      const failed = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(failed.stderr, /failed at statement 2 of 2/);
      assert.deepEqual(await usersColumns(db), ['id', 'name', 'x']);

      // The user renames the column statement 1 already added.
      edit(path, `name: 'x'`, `name: 'z'`);
      for (const args of [['up'], ['up', '--force']]) {
        const refused = await migrate(db.dir, db.url, args, 1);
        assert.match(
          refused.stderr,
          new RegExp(
            `0002_broken\\.js \\(${revision}\\) changed since an earlier run of its upgrade stopped halfway; nothing was run\\. ` +
              'That run applied statements 1 to 1, which stay applied \\(mysql DDL is not transactional\\):\\n' +
              ' {2}1\\. ALTER TABLE `users` ADD COLUMN `x` [^\\n]*\\nbut it now plans, as statement 1:\\n' +
              ' {2}1\\. ALTER TABLE `users` ADD COLUMN `z` [^\\n]*\\n' +
              `Resuming would skip [^]*run \`dbgen migrate up ${revision}\` again \\(it resumes at statement 2\\), ` +
              `or abandon the earlier run: undo the statement above by hand, run \`dbgen migrate abandon ${revision}\` ` +
              `\\(it forgets its row in dbgen_migration_progress\\)`,
          ),
        );
        assert.doesNotMatch(refused.stderr, /applied 0002/);
        assert.deepEqual(await usersColumns(db), ['id', 'name', 'x']);
        assert.deepEqual(
          (await progress()).map((r) => Number(r['done'])),
          [1],
        );
      }

      // Back as it ran, with the failing statement fixed: resumes at statement 2.
      edit(path, `name: 'z'`, `name: 'x'`);
      edit(path, 'INSERT INTO no_such_table VALUES (1)', 'SELECT 1');
      const resumed = await migrate(db.dir, db.url, ['up']);
      assert.match(resumed.stderr + resumed.stdout, /applied 0002_broken\.js/);
      assert.deepEqual(await usersColumns(db), ['id', 'name', 'x']);
      assert.deepEqual(await progress(), []);
      await migrate(db.dir, db.url, ['down', '-1']);
      rmSync(path);
    });

    test('a statement added before the applied one is refused too', async () => {
      const path = await handWritten(
        db,
        'broken two',
        `op.addColumn('users', { name: 'x', type: 'integer' }), op.sql('INSERT INTO no_such_table VALUES (1)')`,
        `op.dropColumn('users', 'x')`,
      );
      await migrate(db.dir, db.url, ['up'], 1);
      edit(
        path,
        `op.addColumn('users', { name: 'x'`,
        `op.sql('SELECT 2'), op.addColumn('users', { name: 'x'`,
      );
      const refused = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(refused.stderr, /but it now plans, as statement 1:\n {2}1\. SELECT 2\n/);
      assert.deepEqual(await usersColumns(db), ['id', 'name', 'x']);
      // The way out the message gives: undo by hand, forget the progress, run again.
      await query(db.url, 'ALTER TABLE users DROP COLUMN x');
      await query(db.url, 'DELETE FROM dbgen_migration_progress');
      edit(path, 'INSERT INTO no_such_table VALUES (1)', 'SELECT 1');
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await usersColumns(db), ['id', 'name', 'x']);
      await migrate(db.dir, db.url, ['down', '-1']);
      rmSync(path);
    });

    test('a progress row without a kept plan (an older dbgen) still resumes, saying it is unchecked', async () => {
      const path = await handWritten(
        db,
        'old row',
        `op.addColumn('users', { name: 'x', type: 'integer' }), op.sql('INSERT INTO no_such_table VALUES (1)')`,
        `op.dropColumn('users', 'x')`,
      );
      await migrate(db.dir, db.url, ['up'], 1);
      await query(db.url, 'UPDATE dbgen_migration_progress SET planned_statements = NULL');
      edit(path, 'INSERT INTO no_such_table VALUES (1)', 'SELECT 1');
      const resumed = await migrate(db.dir, db.url, ['up']);
      assert.match(
        resumed.stdout + resumed.stderr,
        /0002_old_row\.js \(\w+\): resuming at statement 2 unchecked \(no plan kept\)/,
      );
      assert.deepEqual(await usersColumns(db), ['id', 'name', 'x']);
      await migrate(db.dir, db.url, ['down', '-1']);
      rmSync(path);
    });

    test('statements failing at the first one (a push) say none was applied', async () => {
      const connection = await connectForMigrations(db.url);
      try {
        await assert.rejects(
          runStatements(connection, ['INSERT INTO no_such_table VALUES (1)', 'SELECT 1'], 'push'),
          (error: Error) => {
            assert.match(error.message, /^push failed at statement 1 of 2:\n/);
            assert.match(error.message, /\nNo statement was applied\.$/);
            assert.doesNotMatch(error.message, /Statements 1 to 0/);
            return true;
          },
        );
      } finally {
        await connection.close();
      }
    });
  },
);
