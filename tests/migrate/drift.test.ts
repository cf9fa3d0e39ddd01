/**
 * Drift as `migrate status` reports it: by name, not by position (a column that
 * `migrate down` re-added sits at the end of its table: not drift), and saying what
 * differs and where.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { migrate, query, writeSchema } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`drift on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('migrate down past a dropped column: the column comes back last, and that is no drift', async () => {
      const columns = [id(), col('name', 'text'), col('email', 'text')];
      writeSchema(db.dir, schema([table('users', columns)]));
      await migrate(db.dir, db.url, ['new', 'initial', '--schema', 'schema.json']);
      writeSchema(db.dir, schema([table('users', [id(), col('email', 'text')])]));
      await migrate(db.dir, db.url, ['new', 'drop name', '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
      await migrate(db.dir, db.url, ['down']);
      const order = await query(
        db.url,
        dialect === 'sqlite'
          ? `SELECT name FROM pragma_table_info('users') ORDER BY cid`
          : `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'users'${dialect === 'mysql' ? ' AND table_schema = DATABASE()' : ''} ORDER BY ordinal_position`,
      );
      assert.deepEqual(
        order.map((r) => r['name']),
        ['id', 'email', 'name'],
        'the re-added column is last',
      );
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout, /\ndrift: none$/);
    });

    test('the drift message names each difference', async () => {
      await query(db.url, 'CREATE INDEX by_email ON users (email)');
      await query(db.url, 'CREATE TABLE extra (x integer)');
      const status = await migrate(db.dir, db.url, ['status'], 1);
      assert.match(
        status.stdout,
        /\ndrift: the database differs from the applied migrations in 2 place\(s\):\n {2}index by_email of public\.users: in the database, not in the migrations\n {2}table public\.extra: in the database, not in the migrations$/,
      );
      await query(db.url, 'DROP TABLE extra');
      // MySQL's indexes belong to their table.
      await query(db.url, `DROP INDEX by_email${dialect === 'mysql' ? ' ON users' : ''}`);
      await query(db.url, 'ALTER TABLE users DROP COLUMN email');
      await query(db.url, 'ALTER TABLE users ADD COLUMN email integer');
      const typed = await migrate(db.dir, db.url, ['status'], 1);
      assert.match(
        typed.stdout,
        /\n {2}column public\.users\.email: type "text" in the migrations, "integer" in the database$/,
      );
    });
  });
}
