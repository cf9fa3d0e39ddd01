/**
 * When an applied migration's file changed (or is missing), the error's `stamp` advice
 * names the revisions the database is at, so following it leaves the history where the
 * database is: the next `up` has nothing to do. Stamping the changed (older) revision
 * instead rewrote the history to end there, and `up` re-ran what the database held.
 * With two unmerged applied heads both are named (`stamp` takes several revisions).
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, query } from './support/run.js';
import { ALICE, BOB, INIT, migrationFile, writeTwoHeads } from './support/two-heads.js';

/** Edits 0001_init.js after it was applied: its table gets a second column. */
function editInit(dir: string): void {
  const path = join(dir, 'migrations', '0001_init.js');
  const text = readFileSync(path, 'utf8');
  const edited = text.replace(
    'primaryKey: true }]',
    "primaryKey: true }, { name: 'extra', type: 'text' }]",
  );
  assert.notEqual(edited, text);
  writeFileSync(path, edited);
}

/** Runs the `dbgen migrate stamp …` the error of `migrate current` advises; returns its revisions. */
async function followAdvice(db: TestDatabase, pattern: RegExp): Promise<string[]> {
  const refused = await migrate(db.dir, db.url, ['current'], 1);
  assert.match(refused.stderr, pattern);
  const advised = /`dbgen migrate stamp ([^`]+)`/.exec(refused.stderr)?.[1] ?? '';
  const revisions = advised.split(' ');
  await migrate(db.dir, db.url, ['stamp', ...revisions]);
  return revisions;
}

async function historyRevisions(url: string): Promise<string[]> {
  const rows = await query(url, 'SELECT revision FROM dbgen_migrations');
  return rows.map((r) => String(r['revision'])).sort();
}

for (const dialect of DIALECTS) {
  describe(`the stamp advice for a changed or missing applied migration on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
    });
    afterEach(async () => db.drop());

    test('a changed older migration: the advice stamps the current revision; up has nothing to do', async () => {
      writeTwoHeads(db.dir, false);
      await migrate(db.dir, db.url, ['up']);
      editInit(db.dir);
      const stamped = await followAdvice(
        db,
        /0001_init\.js \(revision \w+\) changed after it was applied/,
      );
      assert.deepEqual(stamped, [ALICE]);
      assert.deepEqual(await historyRevisions(db.url), [INIT, ALICE]);
      const up = await migrate(db.dir, db.url, ['up']);
      assert.match(up.stdout, /already at head: nothing to apply/);
    });

    test('two unmerged applied heads: the advice names both and says why', async () => {
      writeTwoHeads(db.dir);
      await migrate(db.dir, db.url, ['up']);
      editInit(db.dir);
      const stamped = await followAdvice(db, /2 unmerged branches, so every applied head is named/);
      assert.deepEqual(stamped, [ALICE, BOB]);
      assert.deepEqual(await historyRevisions(db.url), [INIT, ALICE, BOB]);
      const current = await migrate(db.dir, db.url, ['current']);
      assert.deepEqual(current.stdout.split('\n'), [`${ALICE} alice`, `${BOB} bob`]);
      const up = await migrate(db.dir, db.url, ['up']);
      assert.match(up.stdout, /already at head: nothing to apply/);
    });

    test('a missing file on one branch: the advice keeps the other branch', async () => {
      writeTwoHeads(db.dir);
      const dave = join(db.dir, 'migrations', '0003_dave.js');
      writeFileSync(
        dave,
        migrationFile(
          'dddd00000003',
          ALICE,
          'dave',
          `op.addColumn('users', { name: 'd', type: 'text' })`,
          `op.dropColumn('users', 'd')`,
        ),
      );
      await migrate(db.dir, db.url, ['up']);
      rmSync(dave);
      const stamped = await followAdvice(db, /revision dddd00000003 \("dave"\) is applied/);
      assert.deepEqual(stamped, [ALICE, BOB]);
      assert.deepEqual(await historyRevisions(db.url), [INIT, ALICE, BOB]);
    });
  });
}
