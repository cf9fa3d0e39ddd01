/**
 * MySQL's UNSIGNED types round-trip on every dialect: PostgreSQL stores `int unsigned` as
 * a bigint under a CHECK `unsigned:<column>` (`smallint unsigned` an integer, `bigint
 * unsigned` a bigint from 0, a decimal its own type from 0), SQLite keeps the word in the
 * declared type with the range in the column's type check. Push after push is nothing to
 * do, `migrate status` sees no drift, and `pull` gives back the unsigned types, which push
 * as nothing and autogenerate as no change. A later change of type, or a rename, carries
 * the range with it. Records hold unsigned values up to 2^bits - 1 and refuse -1.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, query, runCli } from './support/run.js';
import { NOTHING } from './support/pull-round-trip.js';

const table = (a: string, records = ''): string => `Table t {
  id "bigint unsigned" [pk, increment]
  ${a}
  b "bigint unsigned"
  c "smallint unsigned"
  d "decimal(5,2) unsigned"
  e "double unsigned"
}
${records}`;

for (const dialect of DIALECTS) {
  describe(`unsigned types round-trip on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    const cli = async (args: string[], code = 0) => {
      const run = await runCli(args, db.dir);
      assert.equal(run.code, code, `dbgen ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`);
      return run;
    };
    const push = (file: string, code = 0) => cli(['push', '--schema', file, '--url', db.url], code);
    const write = (file: string, text: string) => writeFileSync(join(db.dir, file), text);
    const refused = async (statement: string, name: RegExp) =>
      assert.rejects(query(db.url, statement), (e: Error) => name.test(e.message));

    test('push, push again: nothing to do; no drift; -1 refused, 2^32 - 1 kept', async () => {
      write('s.dbml', table('a "int unsigned"'));
      await push('s.dbml');
      assert.match((await push('s.dbml')).stdout, NOTHING);
      await migrate(db.dir, db.url, ['new', 'init', '--schema', 's.dbml']);
      await migrate(db.dir, db.url, ['stamp', 'head']);
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
      await refused('INSERT INTO t (a) VALUES (-1)', /unsigned:a|type:a|column 'a'/);
      await refused('INSERT INTO t (e) VALUES (-0.5)', /unsigned:e|type:e|column 'e'/);
      await query(db.url, 'INSERT INTO t (a, d) VALUES (4294967295, 999.99)');
      const rows = await query(db.url, 'SELECT a FROM t');
      assert.deepEqual(
        rows.map((r) => Number(r['a'])),
        [4294967295],
      );
    });

    test('pull reads the unsigned types back; they push as nothing, autogenerate no change', async () => {
      await cli(['pull', '--url', db.url, '--out', 'pulled.dbml']);
      const pulled = readFileSync(join(db.dir, 'pulled.dbml'), 'utf8');
      for (const line of [
        '  a "integer unsigned"',
        '  b "bigint unsigned"',
        '  c "smallint unsigned"',
        '  d "decimal(5,2) unsigned"',
      ])
        assert.ok(pulled.includes(`${line}\n`), `${line} in:\n${pulled}`);
      assert.match(pulled, /^ {2}e "(double|double precision|float8) unsigned"\n/m);
      assert.doesNotMatch(pulled, /checks|unsigned:/);
      assert.match((await push('pulled.dbml')).stdout, NOTHING);
      const again = await migrate(db.dir, db.url, ['new', 'again', '--schema', 'pulled.dbml']);
      if (dialect === 'sqlite') {
        // SQLite's rowid key reads back as `integer` whatever it was written as (a plain
        // `bigint` key too): that is the one change; no unsigned column is in it.
        const file = readdirSync(join(db.dir, 'migrations')).find((f) => /_again\.js$/.test(f));
        const source = readFileSync(join(db.dir, 'migrations', file ?? ''), 'utf8');
        assert.match(source, /alterColumn\(\s*["']t["'],\s*["']id["']/);
        assert.doesNotMatch(source, /["'][abcde]["']/);
      } else assert.match(again.stdout + again.stderr, /no changes/);
    });

    test('renamed, then made bigint unsigned and back: the range follows the column', async () => {
      write('s.dbml', table('a2 "int unsigned"'));
      await cli(['push', '--schema', 's.dbml', '--url', db.url, '--rename', 't.a=a2']);
      // SQLite's RENAME COLUMN keeps the type check's name: `type:a` until a rebuild.
      await refused('INSERT INTO t (a2) VALUES (-1)', /unsigned:a2|type:a2?|column 'a2'/);
      write('s.dbml', table('a2 "bigint unsigned"'));
      await push('s.dbml');
      assert.match((await push('s.dbml')).stdout, NOTHING);
      await query(db.url, 'INSERT INTO t (a2) VALUES (4294967296)');
      await refused('INSERT INTO t (a2) VALUES (-1)', /unsigned:a2|type:a2|column 'a2'/);
      // Back to int unsigned: 2^32 no longer fits, and push asks first.
      write('s.dbml', table('a2 "int unsigned"'));
      const narrowed = await push('s.dbml', 1);
      assert.match(
        narrowed.stderr,
        /column public\.t\.a2 narrows \(bigint unsigned to int unsigned\): 1 value\(s\) do not fit/,
      );
      await query(db.url, 'DELETE FROM t WHERE a2 = 4294967296');
      await push('s.dbml');
      assert.match((await push('s.dbml')).stdout, NOTHING);
      await refused('INSERT INTO t (a2) VALUES (4294967296)', /unsigned:a2|type:a2|column 'a2'/);
      await cli(['pull', '--url', db.url, '--out', 'pulled.dbml']);
      assert.match(readFileSync(join(db.dir, 'pulled.dbml'), 'utf8'), /a2 "integer unsigned"/);
    });

    test('records: 4294967295 is checked and seeded, -1 refused by check', async () => {
      await query(db.url, 'DELETE FROM t');
      const records = (value: string) => `Records t(id, a2) {\n  10, ${value}\n}\n`;
      write('bad.dbml', table('a2 "int unsigned"', records('-1')));
      const bad = await cli(['check', 'bad.dbml'], 1);
      assert.match(bad.stdout + bad.stderr, /-1 is not an integer from 0 to 4294967295/);
      write('good.dbml', table('a2 "int unsigned"', records('4294967295')));
      await cli(['check', 'good.dbml']);
      await cli(['seed', '--schema', 'good.dbml', '--url', db.url]);
      const rows = await query(db.url, 'SELECT a2 FROM t WHERE id = 10');
      assert.deepEqual(
        rows.map((r) => Number(r['a2'])),
        [4294967295],
      );
    });
  });
}
