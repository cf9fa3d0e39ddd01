/**
 * PostgreSQL serial columns pull as `increment`: their default, nextval of the sequence
 * the column owns, is how the database increments them, and a new database built from
 * the pulled DBML has no such sequence. A default of nextval of a sequence the column
 * does not own is a default like any other and is kept.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { migrate, query, runCli } from './support/run.js';

describe('pull of PostgreSQL serial columns', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  before(async () => {
    source = await createTestDatabase('postgres');
    target = await createTestDatabase('postgres');
  });
  after(async () => {
    await source.drop();
    await target.drop();
  });

  test('serial and bigserial pull as increment; the pulled DBML builds a new database', async () => {
    await query(source.url, 'create sequence shared_seq');
    await query(
      source.url,
      `create table users (id bigserial primary key, n serial, ticket integer default nextval('shared_seq'), name text)`,
    );
    const pulled = await runCli(['pull', '--url', source.url, '--out', 'schema.dbml'], target.dir);
    assert.equal(pulled.code, 0, pulled.stderr);
    const text = readFileSync(join(target.dir, 'schema.dbml'), 'utf8');
    assert.match(text, /^ {2}id bigint \[pk, increment\]$/m);
    assert.match(text, /^ {2}n integer \[increment, not null\]$/m);
    assert.match(text, /^ {2}ticket integer \[default: `nextval\('shared_seq'::regclass\)`\]$/m);
    assert.doesNotMatch(text, /users_id_seq|users_n_seq/);

    // A new database from the pulled file (the sequence shared_seq is the user's to make).
    await query(target.url, 'create sequence shared_seq');
    await migrate(target.dir, target.url, ['new', 'init', '--schema', 'schema.dbml']);
    await migrate(target.dir, target.url, ['up']);
    await query(target.url, `insert into users (name) values ('a'), ('b')`);
    const rows = await query(target.url, 'select id, n from users order by id');
    assert.deepEqual(
      rows.map((r) => [Number(r['id']), Number(r['n'])]),
      [
        [1, 1],
        [2, 2],
      ],
    );

    // The database it came from takes the pulled file as what it has.
    const push = await runCli(['push', '--schema', 'schema.dbml', '--url', source.url], target.dir);
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stdout + push.stderr, /already matches the schema: nothing to push/);
  });
});
