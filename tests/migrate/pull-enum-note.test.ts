/**
 * An enum's own note (PostgreSQL's COMMENT ON TYPE) has no place in DBML: the spec gives
 * notes to enum values only, and an `Enum` takes neither settings nor a `Note:` element.
 * `dbgen pull` writes it as `//` comments above the enum, so the pulled file still checks
 * (a `Note:` inside the enum failed with DBML121 and broke every command), the text is
 * not lost, and a push of the pulled file leaves the type (and its comment) as it is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { query } from './support/run.js';
import { cli, NOTHING } from './support/pull-round-trip.js';

describe('pull of an enum with a note (PostgreSQL)', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('postgres');
  });
  after(async () => {
    await db.drop();
  });

  test('the note is written as comments, the file checks and pushes back as nothing', async () => {
    await query(db.url, `create type mood as enum ('happy', 'sad')`);
    await query(db.url, `comment on type mood is 'feelings\nsecond line'`);
    await query(db.url, `create table t (id integer primary key, m mood default 'happy')`);
    await cli(db.dir, ['pull', '--url', db.url, '--out', 'pulled.dbml']);
    const pulled = (await cli(db.dir, ['pull', '--url', db.url])).stdout;
    assert.match(pulled, /^\/\/ feelings\n\/\/ second line\nEnum mood \{$/m);
    assert.doesNotMatch(pulled, /Note:/);
    await cli(db.dir, ['check', 'pulled.dbml']);
    const push = await cli(db.dir, ['push', '--schema', 'pulled.dbml', '--url', db.url]);
    assert.match(push.stdout, NOTHING);
    const [row] = await query(db.url, `select obj_description('mood'::regtype, 'pg_type') as note`);
    assert.equal(row?.['note'], 'feelings\nsecond line');
  });
});
