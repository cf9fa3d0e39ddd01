/**
 * A migration that stopped halfway, then another migration step, then the resume. On
 * MySQL/MariaDB (DDL not transactional) the stopped migration's first statement stays
 * applied with a progress row; `migrate down` (reverting its parent) ran anyway, and the
 * later `up` resumed at the recorded statement on a recreated table, recording the
 * migration applied with its first column missing. Now any other step is refused, naming
 * the stopped migration and how to finish it. On SQLite and PostgreSQL the failed
 * migration rolled back whole, so `down` runs. Every dialect ends with both columns.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { usersColumns } from './support/hand-written.js';
import { migrate } from './support/run.js';
import { ALICE, writeTwoHeads } from './support/two-heads.js';

const FAILING = `op.sql('INSERT INTO no_such_table VALUES (1)')`;

/** 0002_alice: add a, a failing statement, add a2 (down drops both). */
function writeHalfway(dir: string): void {
  writeTwoHeads(dir, false);
  const path = join(dir, 'migrations', '0002_alice.js');
  const text = readFileSync(path, 'utf8')
    .replace(
      "[op.addColumn('users', { name: 'a', type: 'text' })]",
      `[op.addColumn('users', { name: 'a', type: 'text' }), ${FAILING}, op.addColumn('users', { name: 'a2', type: 'text' })]`,
    )
    .replace(
      "[op.dropColumn('users', 'a')]",
      "[op.dropColumn('users', 'a2'), op.dropColumn('users', 'a')]",
    );
  writeFileSync(path, text);
}

for (const dialect of DIALECTS) {
  describe(`a migration stopped halfway, then down, on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
      writeHalfway(db.dir);
    });
    after(async () => db.drop());

    test('up fails at the second statement of 0002', async () => {
      const up = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(up.stderr, /0002_alice\.js \(\w+\) failed at statement 2 of 3/);
      assert.deepEqual((await usersColumns(db)).sort(), dialect === 'mysql' ? ['a', 'id'] : ['id']);
    });

    test('down: refused beside the half-applied migration on MySQL, runs elsewhere', async () => {
      if (dialect === 'mysql') {
        const down = await migrate(db.dir, db.url, ['down'], 1);
        assert.match(
          down.stderr,
          new RegExp(
            `revision ${ALICE} stopped halfway through its upgrade: statement 1 is applied .*` +
              `Finish it with \`dbgen migrate up ${ALICE}\``,
          ),
        );
        assert.deepEqual((await usersColumns(db)).sort(), ['a', 'id']);
      } else {
        const down = await migrate(db.dir, db.url, ['down']);
        assert.match(down.stdout, /reverted 0001_init\.js/);
      }
    });

    test('with the statement fixed, up ends with both columns applied', async () => {
      const path = join(db.dir, 'migrations', '0002_alice.js');
      writeFileSync(path, readFileSync(path, 'utf8').replace(FAILING, `op.sql('SELECT 1')`));
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual((await usersColumns(db)).sort(), ['a', 'a2', 'id']);
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout, /pending: 0/);
      assert.match(status.stdout, /drift: none/);
    });
  });
}
