/**
 * `dbgen push` and `dbgen migrate reset` on every dialect: push applies the schema to the
 * live database without a migration, does nothing when they match, and refuses a change
 * that loses data (a dropped column holding values, a narrowed type, a dropped table with
 * rows) without --force, listing what would be lost; reset drops everything and re-applies
 * the migrations, and wants --yes where it cannot ask.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { liveSchema, migrate, query, runCli, writeSchema } from './support/run.js';

async function push(db: TestDatabase, args: string[], expectCode = 0) {
  const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url, ...args], db.dir);
  assert.equal(run.code, expectCode, `${run.stdout}\n${run.stderr}`);
  return run;
}

async function columnsOf(url: string, name: string): Promise<string[]> {
  const live = await liveSchema(url);
  return live.tables.find((t) => t.name === name)?.columns.map((c) => c.name) ?? [];
}

const people = (columns = [col('name', 'varchar(100)', { nullable: false }), col('bio', 'text')]) =>
  table('people', [id(), ...columns]);
const notes = table('notes', [id(), col('body', 'text')]);

for (const dialect of DIALECTS) {
  describe(`push on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('creates the tables, then has nothing to push; no history table is written', async () => {
      writeSchema(db.dir, schema([people(), notes]));
      const first = await push(db, []);
      assert.match(first.stdout, /pushed \d+ change\(s\)/);
      assert.deepEqual((await liveSchema(db.url)).tables.map((t) => t.name).sort(), [
        'notes',
        'people',
      ]);
      const again = await push(db, []);
      assert.equal(again.stdout, 'the database already matches the schema: nothing to push');
      const history = await query(db.url, 'SELECT 1 FROM dbgen_migrations').catch(() => null);
      assert.equal(history, null, 'push writes no migration history');
    });

    test('adds a column and widens a type without asking', async () => {
      await query(db.url, `INSERT INTO people (name, bio) VALUES ('ann', 'writes')`);
      writeSchema(
        db.dir,
        schema([
          people([
            col('name', 'varchar(200)', { nullable: false }),
            col('bio', 'text'),
            col('age', 'integer'),
          ]),
          notes,
        ]),
      );
      await push(db, []);
      assert.deepEqual(await columnsOf(db.url, 'people'), ['age', 'bio', 'id', 'name']);
      assert.deepEqual(await query(db.url, 'SELECT name, bio FROM people'), [
        { name: 'ann', bio: 'writes' },
      ]);
    });

    test('refuses data loss without --force, listing what would be lost; nothing changes', async () => {
      await query(db.url, `INSERT INTO notes (body) VALUES ('keep me')`);
      // bio dropped (1 value), name narrowed to varchar(2) (1 value), notes dropped (1 row).
      writeSchema(
        db.dir,
        schema([people([col('name', 'varchar(2)', { nullable: false }), col('age', 'integer')])]),
      );
      const refused = await push(db, [], 1);
      assert.match(refused.stderr, /push would lose data; nothing was changed:/);
      assert.match(refused.stderr, /column public\.people\.bio is dropped: 1 value\(s\)/);
      assert.match(
        refused.stderr,
        /column public\.people\.name narrows \((varchar|character varying)\(200\) to varchar\(2\)\): 1 value\(s\) do not fit/,
      );
      assert.match(refused.stderr, /table public\.notes is dropped: 1 row\(s\)/);
      assert.match(refused.stderr, /Re-run with --force/);
      assert.deepEqual(await columnsOf(db.url, 'people'), ['age', 'bio', 'id', 'name']);
      assert.deepEqual(await query(db.url, 'SELECT body FROM notes'), [{ body: 'keep me' }]);
    });

    test('--force pushes the data-losing change', async () => {
      writeSchema(
        db.dir,
        schema([people([col('name', 'varchar(100)', { nullable: false }), col('age', 'integer')])]),
      );
      await push(db, ['--force']);
      assert.deepEqual(await columnsOf(db.url, 'people'), ['age', 'id', 'name']);
      assert.deepEqual(
        (await liveSchema(db.url)).tables.map((t) => t.name),
        ['people'],
      );
      assert.deepEqual(await query(db.url, 'SELECT name FROM people'), [{ name: 'ann' }]);
    });
  });

  describe(`migrate reset on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('without a terminal it wants --yes and changes nothing; with --yes it drops and re-applies', async () => {
      writeSchema(db.dir, schema([table('users', [id(), col('name', 'text')])]));
      await migrate(db.dir, db.url, ['new', 'initial', '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
      await query(db.url, `INSERT INTO users (name) VALUES ('ann')`);
      // Something the migrations do not hold (a prototype pushed earlier, say).
      await query(db.url, 'CREATE TABLE scratch (id integer PRIMARY KEY)');
      const refused = await migrate(db.dir, db.url, ['reset'], 1);
      assert.match(
        refused.stderr,
        /migrate reset drops table public\.\w+, table public\.\w+ and dbgen's history in .+, then applies 1 migration\(s\); re-run with --yes/,
      );
      assert.deepEqual(await query(db.url, 'SELECT name FROM users'), [{ name: 'ann' }]);

      const reset = await migrate(db.dir, db.url, ['reset', '--yes']);
      assert.match(
        reset.stdout,
        /^dropped table public\.\w+, table public\.\w+\napplied 0001_initial\.js/,
      );
      assert.match(reset.stdout, /reset: dropped 2 object\(s\), applied 1 migration\(s\)$/);
      assert.deepEqual(await query(db.url, 'SELECT name FROM users'), []);
      assert.deepEqual(
        (await liveSchema(db.url)).tables.map((t) => t.name),
        ['users'],
      );
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout, /applied: 1, pending: 0\ndrift: none$/);
      assert.equal(
        readdirSync(join(db.dir, 'migrations')).filter((f) => f.endsWith('.js')).length,
        1,
      );
    });
  });
}
