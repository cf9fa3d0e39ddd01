/**
 * `dbgen seed` when the database refuses a record, on every dialect: the record is named
 * (table, record number, key), the message says nothing was written, the exit code is 1,
 * and the application's rows are untouched. On MySQL/MariaDB the upsert must not go
 * through another unique key: ON DUPLICATE KEY UPDATE used to overwrite the row owning
 * the email and drop the record, with exit 0.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import { createEngine, sql, type Engine } from '@dbgen/runtime';
import { runCli } from '../support/cli.js';
import { createTables } from '../support/create-tables.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../support/databases.js';

const TABLES = `
Table users {
  id integer [pk]
  email varchar(50) [not null, unique]
  name varchar(50) [not null]
}

Table posts {
  id integer [pk]
  user_id integer [not null, ref: > users.id]
  title varchar(50) [not null]
}
`;

const records = (users: string, posts = '') =>
  `${TABLES}\nrecords users(id, email, name) {\n${users}\n}\n` +
  (posts === '' ? '' : `records posts(id, user_id, title) {\n${posts}\n}\n`);

const dialects = (['sqlite', 'postgres', 'mysql'] as const).filter(
  (d) => process.env['DBGEN_TEST_DIALECTS']?.split(',').includes(d) ?? true,
);

for (const dialect of dialects as readonly TestDialect[]) {
  describe(`dbgen seed refusals (${dialect})`, () => {
    let db: TestDatabase;
    let engine: Engine;
    let dir = '';
    before(async () => {
      db = await createTestDatabase(dialect);
      engine = createEngine({ url: db.url });
      const ir = compileSchemaSource(TABLES, '/p/schema.dbml').ir!;
      await createTables(engine, ir, dialect);
      dir = mkdtempSync(join(tmpdir(), 'dbgen-seed-refused-'));
    });
    after(async () => {
      await engine.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const seed = async (schema: string) => {
      writeFileSync(join(dir, 'schema.dbml'), schema);
      return runCli(['seed', '--schema', 'schema.dbml', '--url', db.url], dir);
    };
    const rows = async () =>
      (await engine.execute(sql`select id, email, name from users order by id`)).rows.map(
        (r) => `${String(r['id'])} ${String(r['email'])} ${String(r['name'])}`,
      );

    it("a record whose other unique key is an existing row's is refused, not written over it", async () => {
      await engine.execute(sql`delete from posts`);
      await engine.execute(sql`delete from users`);
      await engine.execute(
        sql`insert into users (id, email, name) values (50, 'grace@x', 'Grace (real user)')`,
      );
      const run = await seed(
        records(`  1, 'ada@x', 'Ada (seeded)'\n  3, 'grace@x', 'Grace (seeded)'`),
      );
      assert.equal(run.code, 1, run.stdout);
      assert.match(
        run.stderr,
        /"public\.users" record 2 \(id 3\) was refused by the database: .*(email|Duplicate).*; nothing was written/,
      );
      assert.deepEqual(await rows(), ['50 grace@x Grace (real user)']);
    });

    it('two records with the same unique value: the second is named', async () => {
      const run = await seed(records(`  1, 'ada@x', 'Ada'\n  2, 'ada@x', 'Twin of Ada'`));
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stderr, /"public\.users" record 2 \(id 2\) was refused by the database/);
      assert.match(run.stderr, /nothing was written/);
      assert.deepEqual(await rows(), ['50 grace@x Grace (real user)']);
    });

    it('a record whose foreign key points nowhere is named; nothing was written', async () => {
      const run = await seed(
        records(`  1, 'ada@x', 'Ada'`, `  1, 1, 'fine'\n  2, 99, 'no such user'`),
      );
      assert.equal(run.code, 1, run.stdout);
      assert.match(
        run.stderr,
        /"public\.posts" record 2 \(id 2\) was refused by the database: .*; nothing was written/,
      );
      assert.deepEqual(await rows(), ['50 grace@x Grace (real user)']);
      const posts = await engine.execute(sql`select count(*) as n from posts`);
      assert.equal(Number(posts.rows[0]?.['n']), 0);
    });

    it('records that fit are upserted by their key on a second run, the other rows kept', async () => {
      const schema = records(`  1, 'ada@x', 'Ada'\n  2, 'bob@x', 'Bob'`);
      assert.equal((await seed(schema)).code, 0);
      await engine.execute(sql`update users set name = 'edited' where id = 2`);
      const again = await seed(schema);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(await rows(), [
        '1 ada@x Ada',
        '2 bob@x Bob',
        '50 grace@x Grace (real user)',
      ]);
    });
  });
}
