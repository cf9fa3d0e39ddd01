import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

const V1 = `Table users {
  id integer [pk, increment]
  name text [not null]
}
`;
const V2 = V1.replace('name text [not null]', 'full_name text [not null]');

describe('dbgen migrate (SQLite, settings from dbgen.config.json)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-migrate-cli-'));
    writeFileSync(join(dir, 'schema.dbml'), V1);
    writeFileSync(
      join(dir, 'dbgen.config.json'),
      JSON.stringify({ url: 'sqlite:./app.db', migrations: 'db/migrations' }),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('check fails until a migration holds the schema, then passes', async () => {
    const before = await runCli(['migrate', 'check'], dir);
    assert.equal(before.code, 1);
    assert.equal(
      before.stderr,
      `${join(dir, 'schema.dbml')} has 1 change(s) no migration holds; run \`dbgen migrate new <name>\`:\n` +
        `  op.createTable('users', {\n` +
        `    columns: [\n` +
        `      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },\n` +
        `      { name: 'name', type: 'text', nullable: false },\n` +
        `    ],\n` +
        `    primaryKey: { name: 'users_pkey', columns: ['id'] },\n` +
        `  })`,
    );
    const created = await runCli(['migrate', 'new', 'initial'], dir);
    assert.equal(
      created.stdout,
      `wrote ${join(dir, 'db/migrations/0001_initial.js')} (1 operation(s) up, 1 down)`,
    );
    assert.deepEqual(readdirSync(join(dir, 'db/migrations')), [
      '0001_initial.js',
      '0001_initial.snapshot.json',
    ]);
    const after = await runCli(['migrate', 'check'], dir);
    assert.equal(after.code, 0, after.stderr);
    const again = await runCli(['migrate', 'new', 'again'], dir);
    assert.equal(
      again.stdout,
      'no changes: the schema matches the last migration; nothing written',
    );
    assert.equal(readdirSync(join(dir, 'db/migrations')).length, 2);
  });

  test('a possible rename is refused without a terminal, naming the flags; --rename settles it', async () => {
    await runCli(['migrate', 'new', 'initial'], dir);
    writeFileSync(join(dir, 'schema.dbml'), V2);
    const refused = await runCli(['migrate', 'new', 'rename'], dir);
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      'error: the schema removes and adds names that may be renames (in public.users: columns removed: name; columns added: full_name). ' +
        'Say which are renames with --rename table.old_column=new_column or --rename old_table=new_table, ' +
        'or pass --drop-and-add if they really are drops and adds.',
    );
    const bad = await runCli(['migrate', 'new', 'rename', '--rename', 'users.nme=full_name'], dir);
    assert.equal(
      bad.stderr,
      'error: --rename users.nme=full_name: the last migration has no table or column "users.nme"',
    );
    const renamed = await runCli(
      ['migrate', 'new', 'rename', '--rename', 'users.name=full_name'],
      dir,
    );
    assert.equal(renamed.code, 0, renamed.stderr);
    const sql = await runCli(['migrate', 'up', '--sql', '--from', '0001'], dir);
    assert.match(
      sql.stdout,
      /^-- 0002_rename\.js \(\w+\): upgrade\nBEGIN;\nALTER TABLE "users" RENAME COLUMN "name" TO "full_name";\nINSERT INTO "dbgen_migrations"/,
    );
  });

  test('up, current, history, down -1 and usage errors', async () => {
    await runCli(['migrate', 'new', 'initial'], dir);
    writeFileSync(join(dir, 'schema.dbml'), V1.replace('}', '  bio text\n}'));
    await runCli(['migrate', 'new', 'bio'], dir);
    const up = await runCli(['migrate', 'up'], dir);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /^applied 0001_initial\.js \(\w+\)\napplied 0002_bio\.js \(\w+\)$/);
    assert.match((await runCli(['migrate', 'current'], dir)).stdout, /^\w{12} bio$/);
    assert.match(
      (await runCli(['migrate', 'history'], dir)).stdout,
      /^0001_initial\.js \(\w+\) {2}initial {2}applied .+\n0002_bio\.js \(\w+\) {2}bio {2}applied .+$/,
    );
    const down = await runCli(['migrate', 'down', '-1'], dir);
    assert.match(down.stdout, /^reverted 0002_bio\.js \(\w+\)$/);
    assert.match(
      (await runCli(['migrate', 'status'], dir)).stdout,
      /^current: 0001_initial\.js \(\w+\)\napplied: 1, pending: 1\n {2}pending 0002_bio\.js \(\w+\)\ndrift: none$/,
    );
    const unknown = await runCli(['migrate', 'down', '--bogus'], dir);
    assert.equal(unknown.code, 2);
    const none = await runCli(['migrate', 'up', 'nope'], dir);
    assert.equal(none.code, 1);
    assert.equal(
      none.stderr,
      'database: sqlite:./app.db (from dbgen.config.json)\n' +
        'error: no migration matches "nope" (use a revision, its prefix, a file number like 0002, head or base)',
    );
  });
});
