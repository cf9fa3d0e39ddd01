/**
 * A rename that changes only the case of a table's name (`users` → `Users`), on every
 * dialect, keeps the table and its rows. SQLite's names ignore case, so a plain
 * `RENAME TO` is refused there as a clash of the table with itself; the DDL goes through
 * a name of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { column, id, schema, table } from '../support/ir.js';
import { query, runCli, writeSchema } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`a case-only table rename on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('push --rename users=Users keeps the rows', async () => {
      const named = (name: string) => schema([table(name, [id(), column('name', 'varchar(20)')])]);
      writeSchema(db.dir, named('users'));
      let run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
      assert.equal(run.code, 0, run.stderr);
      await query(db.url, `INSERT INTO users (id, name) VALUES (1, 'alice')`);
      writeSchema(db.dir, named('Users'));
      run = await runCli(
        ['push', '--schema', 'schema.json', '--url', db.url, '--rename', 'users=Users'],
        db.dir,
      );
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      const quote = dialect === 'mysql' ? '`' : '"';
      const rows = await query(db.url, `SELECT id, name FROM ${quote}Users${quote}`);
      assert.deepEqual(
        rows.map((r) => [Number(r['id']), r['name']]),
        [[1, 'alice']],
      );
      run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /nothing to push/i);
    });
  });
}
