/**
 * A migration with data steps is checksummed with its file's code (comments and layout
 * left out): an edited helper function a data step calls, defined outside its `update`,
 * is a change; a formatter run, a comment or CRLF line endings are not. A history
 * recorded by dbgen before (the operations alone) is still accepted, so upgrading reports
 * no applied data migration as changed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as prettier from 'prettier';
import { loadMigrations, migrationChecksum } from '@dbgen/runtime';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, query } from './support/run.js';

const FILE = `export const revision = 'aaaa00000001';
export const parent = null;
export const name = 'init';
// The data step calls it: an edit of it is an edit of the step.
const fix = (s) => s.toUpperCase();
export const up = (op) => [
  op.createTable('users', { columns: [{ name: 'id', type: 'integer', nullable: false, primaryKey: true }, { name: 'name', type: 'text' }] }),
  op.sql("INSERT INTO users (id, name) VALUES (1, 'ann')"),
  op.batch({ name: 'fix names', table: 'users', update: (rows) => rows.map((r) => ({ id: r.id, name: fix(r.name) })) }),
];
export const down = (op) => [op.dropTable('users')];
`;

for (const dialect of DIALECTS) {
  describe(`the checksum of a migration with data steps on ${dialect}`, () => {
    let db: TestDatabase;
    let path = '';
    before(async () => {
      db = await createTestDatabase(dialect);
      mkdirSync(join(db.dir, 'migrations'), { recursive: true });
      path = join(db.dir, 'migrations', '0001_init.js');
      writeFileSync(path, FILE);
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await query(db.url, 'SELECT name FROM users'), [{ name: 'ANN' }]);
    });
    after(async () => db.drop());

    test('an edited helper the data step calls is a change', async () => {
      writeFileSync(path, FILE.replace('s.toUpperCase()', 's.toLowerCase() + "!"'));
      const status = await migrate(db.dir, db.url, ['status'], 1);
      assert.match(
        status.stderr,
        /0001_init\.js \(revision aaaa00000001\) changed after it was applied/,
      );
      writeFileSync(path, FILE);
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
    });

    test('another formatting, a comment and CRLF line endings are not', async () => {
      const reformatted = await prettier.format(FILE, {
        parser: 'babel',
        singleQuote: false,
        semi: false,
        arrowParens: 'avoid',
        useTabs: true,
        printWidth: 40,
        trailingComma: 'none',
      });
      const edited = `/* reviewed */\r\n${reformatted.replace(/\n/g, ' // ok\r\n')}`;
      writeFileSync(path, edited);
      assert.notEqual(readFileSync(path, 'utf8'), FILE);
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
      writeFileSync(path, FILE);
    });

    test('a history recorded as the operations alone (dbgen before) is accepted', async () => {
      const [loaded] = await loadMigrations(join(db.dir, 'migrations'));
      assert.ok(loaded);
      const before = migrationChecksum(loaded);
      assert.notEqual(before, loaded.checksum);
      const [recorded] = await query(db.url, 'SELECT checksum FROM dbgen_migrations');
      assert.equal(recorded?.['checksum'], loaded.checksum);
      await query(db.url, `UPDATE dbgen_migrations SET checksum = '${before}'`);
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
      // `stamp` records the checksum with the file's code: a helper edit is seen again.
      await migrate(db.dir, db.url, ['stamp', 'aaaa00000001']);
      writeFileSync(path, FILE.replace('s.toUpperCase()', 's.trim()'));
      await migrate(db.dir, db.url, ['status'], 1);
      writeFileSync(path, FILE);
    });
  });
}
