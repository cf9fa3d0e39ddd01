/**
 * The names dbgen gives unnamed keys and indexes (`t_pkey`, `t_c_key`, `t_d_idx`) avoid the
 * schema's table names: PostgreSQL's indexes and SQLite's share their namespace with
 * tables, so a generated name equal to a table's made push and `migrate up` fail ("relation
 * already exists"). Such a name is numbered, as one taken by another key is (`t_c_key1`),
 * on every dialect alike, so the DDL, the diff and MySQL's pulled names agree. A table
 * renamed onto such a name (`x` → `t_c_key`) finds it free: the key that held it is dropped
 * before the renames (it failed with "relation already exists" on PostgreSQL).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, runCli } from './support/run.js';

const SCHEMA = `Table t {
  id integer [pk]
  c integer [unique]
  d integer
  indexes {
    d
  }
}

Table t_pkey {
  id integer [pk]
}

Table t_c_key {
  id integer [pk]
}

Table t_d_idx {
  id integer [pk]
}
`;

test('generated key names avoid table names: t_pkey1, t_c_key1, t_d_idx1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-names-'));
  try {
    writeFileSync(join(dir, 'schema.dbml'), SCHEMA);
    const sql = await runCli(['sql', '--dialect', 'postgres', '--schema', 'schema.dbml'], dir);
    assert.equal(sql.code, 0, sql.stderr);
    for (const name of ['t_pkey1', 't_c_key1', 't_d_idx1'])
      assert.match(sql.stdout, new RegExp(`"${name}"`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const dialect of DIALECTS) {
  describe(`keys of a table beside tables named as their default names, on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
      writeFileSync(join(db.dir, 'schema.dbml'), SCHEMA);
    });
    after(() => db.drop());

    test('push makes them, and a second push has nothing to do', async () => {
      const args = ['push', '--schema', 'schema.dbml', '--url', db.url];
      const first = await runCli(args, db.dir);
      assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
      const second = await runCli(args, db.dir);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /nothing to push/);
    });

    test('migrate up makes them on an empty database, with no drift', async () => {
      writeFileSync(join(db.dir, 'empty.dbml'), '');
      const emptied = await runCli(
        ['push', '--schema', 'empty.dbml', '--url', db.url, '--force'],
        db.dir,
      );
      assert.equal(emptied.code, 0, emptied.stderr);
      await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.dbml']);
      await migrate(db.dir, db.url, ['up']);
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout + status.stderr, /drift: none/);
    });

    test('migrate up renames a table onto the name of a key it renumbers; down back', async () => {
      const one = (name: string): string =>
        `Table t {\n  id integer [pk]\n  c integer [unique]\n}\n\nTable ${name} {\n  id integer [pk]\n}\n`;
      // A database of its own: the suite's holds the schema above and its history.
      const own = await createTestDatabase(dialect);
      try {
        writeFileSync(join(own.dir, 'renamed.dbml'), one('x'));
        await migrate(own.dir, own.url, ['new', 'init', '--schema', 'renamed.dbml']);
        await migrate(own.dir, own.url, ['up']);
        writeFileSync(join(own.dir, 'renamed.dbml'), one('t_c_key'));
        const args = ['new', 'rename', '--schema', 'renamed.dbml', '--rename', 'x=t_c_key'];
        await migrate(own.dir, own.url, args);
        await migrate(own.dir, own.url, ['up']);
        const status = await migrate(own.dir, own.url, ['status']);
        assert.match(status.stdout + status.stderr, /drift: none/);
        await migrate(own.dir, own.url, ['down']);
      } finally {
        await own.drop();
      }
    });
  });
}
