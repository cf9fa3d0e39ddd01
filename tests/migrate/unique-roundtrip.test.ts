/**
 * Unique keys round trip through the database on every dialect: a DBML unique index is
 * no drift after `migrate up` and `push` leaves it alone (MySQL lists every unique index
 * as a constraint); a unique constraint made in SQL pulls to DBML that pushes back as
 * nothing to do and stamps without drift, even with a foreign key depending on it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, query, runCli } from './support/run.js';

const NOTHING = /already matches the schema: nothing to push/;

for (const dialect of DIALECTS) {
  describe(`unique keys round trip on ${dialect}`, () => {
    let db: TestDatabase;
    let other: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
      other = await createTestDatabase(dialect);
    });
    after(async () => {
      await db.drop();
      await other.drop();
    });

    test('a DBML unique index is no drift after migrate up, and push leaves it alone', async () => {
      writeFileSync(
        join(db.dir, 'schema.dbml'),
        'Table t {\n  id integer [pk]\n  a integer\n  b varchar(20)\n  indexes {\n    (a, b) [unique]\n  }\n}\n',
      );
      await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.dbml']);
      await migrate(db.dir, db.url, ['up']);
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout + status.stderr, /drift: none/);
      for (let i = 0; i < 2; i++) {
        const push = await runCli(['push', '--schema', 'schema.dbml', '--url', db.url], db.dir);
        assert.equal(push.code, 0, push.stderr);
        assert.match(push.stdout + push.stderr, NOTHING);
      }
    });

    test('a unique constraint a foreign key uses pulls to DBML that pushes back as nothing', async () => {
      // Named as dbgen would name them: MySQL would call an unnamed key after its column.
      await query(
        other.url,
        'create table a (id integer primary key, code varchar(20), constraint a_code_key unique (code))',
      );
      await query(
        other.url,
        'create table b (id integer primary key, code varchar(20), constraint b_code_fkey foreign key (code) references a (code))',
      );
      const pulled = await runCli(['pull', '--url', other.url, '--out', 'p.dbml'], other.dir);
      assert.equal(pulled.code, 0, pulled.stderr);
      const push = await runCli(['push', '--schema', 'p.dbml', '--url', other.url], other.dir);
      assert.equal(push.code, 0, push.stderr);
      assert.match(push.stdout + push.stderr, NOTHING);
      await migrate(other.dir, other.url, ['new', 'init', '--schema', 'p.dbml']);
      await migrate(other.dir, other.url, ['stamp', 'head']);
      const status = await migrate(other.dir, other.url, ['status']);
      assert.match(status.stdout + status.stderr, /drift: none/);
    });
  });
}
