import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEngine, sql } from '@dbgen/runtime';
import { runCli } from '../support/cli.js';
import { SEED_SCHEMA } from '../seed/schema.js';

describe('dbgen seed', () => {
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-seed-'));
    writeFileSync(join(dir, 'schema.dbml'), SEED_SCHEMA);
    const created = await runCli(['migrate', 'new', 'init', '--schema', 'schema.dbml'], dir);
    assert.equal(created.code, 0, created.stderr);
    const up = await runCli(['migrate', 'up', '--url', 'sqlite:./app.db'], dir);
    assert.equal(up.code, 0, up.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const count = async (table: string): Promise<number> => {
    const engine = createEngine(`sqlite:${join(dir, 'app.db')}`);
    try {
      const { rows } = await engine.execute<{ n: number }>(
        sql`select count(*) as n from ${sql.id(table)}`,
      );
      return Number(rows[0]?.n);
    } finally {
      await engine.close();
    }
  };

  it('loads the records, and a second run writes the same rows again', async () => {
    const first = await runCli(
      ['seed', '--schema', 'schema.dbml', '--url', 'sqlite:./app.db'],
      dir,
    );
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^seeded 13 rows into 5 tables \(users 2, categories 3, posts 3, tags 2, post_tags 3\) in \d+ ms$/,
    );
    assert.match(first.stderr, /database: sqlite:\.\/app\.db \(from --url\)/);
    const again = await runCli(
      ['seed', '--schema', 'schema.dbml', '--url', 'sqlite:./app.db'],
      dir,
    );
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await count('users'), 2);
    assert.equal(await count('post_tags'), 3);
  });

  it('--reset empties the tables first, children first', async () => {
    const engine = createEngine(`sqlite:${join(dir, 'app.db')}`);
    await engine.execute(sql`insert into comments (post_id, body) values (1, 'extra')`);
    await engine.close();
    const reset = await runCli(
      ['seed', '--schema', 'schema.dbml', '--url', 'sqlite:./app.db', '--reset'],
      dir,
    );
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /^emptied comments, post_tags, tags, posts, categories, users\n/);
    assert.equal(await count('comments'), 0);
    assert.equal(await count('posts'), 3);
  });

  it('a bad record is one line naming it, exit 1, nothing written', async () => {
    writeFileSync(join(dir, 'bad.dbml'), SEED_SCHEMA.replace("'Hello'", "'Hello', 'extra'"));
    const extra = await runCli(['seed', '--schema', 'bad.dbml', '--url', 'sqlite:./app.db'], dir);
    assert.equal(extra.code, 1);
    assert.match(extra.stderr, /has errors/);
    writeFileSync(join(dir, 'bad.dbml'), SEED_SCHEMA.replace('2, 1, 2,', "2, 'x', 2,"));
    const typed = await runCli(
      ['seed', '--schema', 'bad.dbml', '--url', 'sqlite:./app.db', '--reset'],
      dir,
    );
    assert.equal(typed.code, 1);
    assert.match(
      typed.stderr,
      /bad\.dbml:39:8: error: in the Records of 'posts', column 'author_id' \(integer\): "x" is not a number \(integer\) \[DBML242\]/,
    );
    assert.doesNotMatch(typed.stderr, /\n\s+at /);
    assert.equal(await count('posts'), 3, 'the reset was rolled back with the rest');
  });

  it('a SQLite file that is not there: one line, and no empty file left behind', async () => {
    const missing = await runCli(
      ['seed', '--schema', 'schema.dbml', '--url', 'sqlite:./missing.db'],
      dir,
    );
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr,
      `error: database file not found: ${join(dir, 'missing.db')} (from sqlite:./missing.db); ` +
        'create it and its tables first: dbgen migrate up',
    );
    assert.equal(existsSync(join(dir, 'missing.db')), false);
  });

  it('a database without the tables: one line that says to create them', async () => {
    writeFileSync(join(dir, 'empty.db'), '');
    const empty = await runCli(
      ['seed', '--schema', 'schema.dbml', '--url', 'sqlite:./empty.db'],
      dir,
    );
    assert.equal(empty.code, 1);
    assert.match(
      empty.stderr,
      /error: the database refused: no such table: \w+ \(create the tables first: dbgen migrate up\)/,
    );
  });
});
