/**
 * `dbgen migrate abandon`: on a data step stopped halfway, it refuses without --yes where
 * there is no terminal to ask on (naming the run and what it changed, changing nothing),
 * forgets the run with --yes, and refuses when nothing is stopped, with exit code 1 and
 * one line each time. The migration then runs again from its first row.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { handWritten, initialUsers, revisionOf } from './support/hand-written.js';
import { migrate, query } from './support/run.js';

const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

/** Upper-cases every name, one row a batch; fails at bob while the file says so. */
const UPPER = `op.batch({
  name: 'upper names',
  table: 'users',
  batchSize: 1,
  update: (rows) => {
    if (rows[0].name === 'bob') throw new Error('bob is not ready');
    return rows.map((r) => ({ id: r.id, name: r.name.toUpperCase() }));
  },
})`;

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`dbgen migrate abandon on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
      await initialUsers(db);
      await query(db.url, `INSERT INTO users (name) VALUES ('bob')`);
    });
    after(async () => db.drop());
    const names = async (): Promise<string[]> =>
      (await query(db.url, 'SELECT "name" FROM "users" ORDER BY "id"')).map((r) =>
        String(r['name']),
      );
    const progressRows = async (): Promise<number> =>
      (await query(db.url, 'SELECT * FROM "dbgen_data_progress"')).length;

    test('asks for --yes, forgets with it, then has nothing to abandon', async () => {
      const path = await handWritten(db, 'upper', UPPER, '');
      const revision = revisionOf(path);
      const failed = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(failed.stderr, /bob is not ready/);
      assert.match(failed.stderr, new RegExp(`dbgen migrate abandon ${revision}`));
      assert.deepEqual(await names(), ['ANN', 'bob']);
      // Status shows the stopped run and both ways on.
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(
        status.stdout,
        new RegExp(
          `\\n {2}stopped: the stopped upgrade of 0002_upper\\.js \\(${revision}\\) \\(1 row changed by data steps\\); ` +
            `finish it with \`dbgen migrate up ${revision}\`, or undo it by hand and \`dbgen migrate abandon ${revision}\`\\n`,
        ),
      );

      const asked = await migrate(db.dir, db.url, ['abandon'], 1);
      assert.match(
        asked.stderr,
        new RegExp(
          `migrate abandon forgets the stopped upgrade of \\S*upper\\.js \\(${revision}\\) ` +
            '\\(1 row changed by data steps\\); its next run starts from its first statement, so what it ' +
            'applied must be undone first; re-run with --yes to do it \\(no terminal to ask on\\)',
        ),
      );
      assert.doesNotMatch(asked.stderr, /\n\s+at /);
      assert.equal(await progressRows(), 1);

      const wrong = await migrate(db.dir, db.url, ['abandon', 'zzz', '--yes'], 1);
      assert.match(
        wrong.stderr,
        /no run of revision zzz is stopped halfway; stopped: the stopped upgrade of/,
      );
      assert.equal(await progressRows(), 1);

      // The user undoes ann's row, and abandons the run.
      await query(db.url, `UPDATE users SET name = 'ann' WHERE name = 'ANN'`);
      // Named by its file number, as the other migrate commands take it.
      const done = await migrate(db.dir, db.url, ['abandon', '0002', '--yes']);
      assert.match(
        done.stdout,
        new RegExp(
          `^forgot the stopped upgrade of \\S*upper\\.js \\(${revision}\\) \\(1 row changed by data steps\\): ` +
            'its next run starts from its first statement$',
        ),
      );
      assert.equal(await progressRows(), 0);
      assert.doesNotMatch((await migrate(db.dir, db.url, ['status'])).stdout, /stopped/);
      assert.match(
        (await migrate(db.dir, db.url, ['abandon', '--yes'], 1)).stderr,
        /no migration run is stopped halfway: there is nothing to abandon/,
      );

      // Fixed, the migration runs from its first row: every name once.
      writeFileSync(path, readFileSync(path, 'utf8').replace("rows[0].name === 'bob'", 'false'));
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await names(), ['ANN', 'BOB']);
    });
  });
}
