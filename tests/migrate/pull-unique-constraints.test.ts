/**
 * PostgreSQL tells a unique constraint from a unique index. A named or composite unique
 * constraint (DBML has neither) is pulled as a unique index marked `@dbgen constraint`,
 * so a push of the pulled file leaves it alone: before, push dropped the constraint and
 * made a plain unique index, losing what it had besides (NULLS NOT DISTINCT). The IR has
 * no NULLS NOT DISTINCT: pull says so in comments above the table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { migrate, query } from './support/run.js';
import { cli, NOTHING } from './support/pull-round-trip.js';

describe('pull of PostgreSQL unique constraints', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('postgres');
  });
  after(async () => {
    await db.drop();
  });

  test('pull then push is nothing to do; NULLS NOT DISTINCT stays and is named', async () => {
    await query(
      db.url,
      `create table t (id integer primary key, code text, c2 text, a integer, b integer,
         constraint code_uq unique (code), constraint c2_uq unique nulls not distinct (c2),
         unique (a, b))`,
    );
    await query(db.url, 'create unique index t_b_nnd on t (b) nulls not distinct');
    await cli(db.dir, ['pull', '--url', db.url, '--out', 'pulled.dbml']);
    const pulled = readFileSync(join(db.dir, 'pulled.dbml'), 'utf8');
    assert.match(pulled, /c2 \[unique, name: 'c2_uq', note: '@dbgen constraint'\]/);
    assert.match(pulled, /\(a, b\) \[unique, name: 't_a_b_key', note: '@dbgen constraint'\]/);
    // A unique index stays an index.
    assert.match(pulled, /b \[unique, name: 't_b_nnd'\]/);
    assert.match(pulled, /^\/\/ unique c2_uq is NULLS NOT DISTINCT .*\n/m);
    assert.match(
      pulled,
      /^\/\/ unique index t_b_nnd is NULLS NOT DISTINCT .*\n(\/\/.*\n)*Table t \{/m,
    );
    assert.doesNotMatch(pulled, /code_uq is NULLS/);
    await cli(db.dir, ['check', 'pulled.dbml']);

    const push = await cli(db.dir, ['push', '--schema', 'pulled.dbml', '--url', db.url]);
    assert.match(push.stdout, NOTHING);
    const kinds = await query(
      db.url,
      `select conname from pg_constraint where conrelid = 't'::regclass and contype = 'u' order by 1`,
    );
    assert.deepEqual(
      kinds.map((r) => r['conname']),
      ['c2_uq', 'code_uq', 't_a_b_key'],
    );
    await query(db.url, 'insert into t (id) values (1)');
    await assert.rejects(query(db.url, 'insert into t (id) values (2)'), /c2_uq|t_b_nnd/);

    // No drift either: the migrations made from the pulled file are the database.
    await migrate(db.dir, db.url, ['new', 'init', '--schema', 'pulled.dbml']);
    await migrate(db.dir, db.url, ['stamp', 'head']);
    assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
  });
});
