/**
 * With two unmerged heads (alice, bob: bob sorts last in graph order), naming one head as
 * the target acts on that head's ancestry only: `up <bob>`, `down <bob>`, `stamp <bob>`
 * and `up <bob> --sql` leave alice alone. `head` still means every head.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { usersColumns } from './support/hand-written.js';
import { migrate, query, runCli } from './support/run.js';
import { ALICE, BOB, INIT, writeTwoHeads } from './support/two-heads.js';

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

async function historyRevisions(url: string): Promise<string[]> {
  const rows = await query(url, 'SELECT revision FROM dbgen_migrations');
  return rows.map((r) => String(r['revision'])).sort();
}

for (const dialect of DIALECTS) {
  describe(`a branch head as the target on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
      writeTwoHeads(db.dir);
    });
    after(async () => db.drop());

    test('up <bob> applies init and bob only', async () => {
      const up = await migrate(db.dir, db.url, ['up', BOB]);
      assert.deepEqual(lines(up.stdout), [
        `applied 0001_init.js (${INIT})`,
        `applied 0002_bob.js (${BOB})`,
      ]);
      assert.deepEqual(lines((await migrate(db.dir, db.url, ['current'])).stdout), [`${BOB} bob`]);
      assert.deepEqual((await usersColumns(db)).sort(), ['b', 'id']);
    });

    test('up head applies the other head too; ready names both', async () => {
      const up = await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(lines(up.stdout), [`applied 0002_alice.js (${ALICE})`]);
      const ready = await migrate(db.dir, db.url, ['ready']);
      assert.match(ready.stdout, /ready: at 0002_alice\.js \(\w+\), 0002_bob\.js \(\w+\)/);
    });

    test('down <bob> reverts alice and keeps bob', async () => {
      const down = await migrate(db.dir, db.url, ['down', BOB]);
      assert.deepEqual(lines(down.stdout), [`reverted 0002_alice.js (${ALICE})`]);
      assert.deepEqual(await historyRevisions(db.url), [INIT, BOB]);
      assert.deepEqual((await usersColumns(db)).sort(), ['b', 'id']);
    });

    test('stamp <bob> records init and bob only; stamp head records every head', async () => {
      await migrate(db.dir, db.url, ['stamp', 'head']);
      assert.deepEqual(await historyRevisions(db.url), [INIT, ALICE, BOB]);
      const stamped = await migrate(db.dir, db.url, ['stamp', BOB]);
      assert.match(stamped.stdout, new RegExp(`stamped: 0002_bob\\.js \\(${BOB}\\)`));
      assert.deepEqual(await historyRevisions(db.url), [INIT, BOB]);
    });
  });
}

describe('a branch head as the --sql target (no database)', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('sqlite');
    writeTwoHeads(db.dir);
  });
  after(async () => db.drop());

  const labels = (sql: string): string[] => lines(sql).filter((l) => l.startsWith('-- '));

  test('up <bob> --sql renders init and bob only', async () => {
    const run = await runCli(['migrate', 'up', BOB, '--sql', '--dialect', 'sqlite'], db.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(labels(run.stdout), [
      `-- 0001_init.js (${INIT}): upgrade`,
      `-- 0002_bob.js (${BOB}): upgrade`,
    ]);
  });

  test('down <bob> --sql from head reverts alice only; --from <bob> is bob alone', async () => {
    const down = await runCli(['migrate', 'down', BOB, '--sql', '--dialect', 'sqlite'], db.dir);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(labels(down.stdout), [`-- 0002_alice.js (${ALICE}): downgrade`]);
    const fromBob = await runCli(
      ['migrate', 'up', '--sql', '--dialect', 'sqlite', '--from', BOB],
      db.dir,
    );
    assert.equal(fromBob.code, 0, fromBob.stderr);
    assert.deepEqual(labels(fromBob.stdout), [`-- 0002_alice.js (${ALICE}): upgrade`]);
  });
});
