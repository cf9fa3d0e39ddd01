import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

describe('dbgen pull (SQLite)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-pull-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the live schema as DBML, or writes it with --out', async () => {
    writeFileSync(
      join(dir, 'schema.dbml'),
      `Enum mood { happy
 sad }
Table users {
  id integer [pk, increment]
  email varchar(255) [not null, unique]
  mood mood [default: 'happy']
}
Table posts {
  id integer [pk, increment]
  author_id integer [not null, ref: > users.id]
  title text [not null]
  indexes { (author_id, title) [name: 'by_author'] }
}
`,
    );
    assert.equal(
      (await runCli(['migrate', 'new', 'initial', '--url', 'sqlite:./app.db'], dir)).code,
      0,
    );
    assert.equal((await runCli(['migrate', 'up', '--url', 'sqlite:./app.db'], dir)).code, 0);
    const run = await runCli(['pull', '--url', 'sqlite:./app.db'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      `Enum mood {
  happy
  sad
}

Table posts {
  id integer [pk, increment]
  author_id integer [not null]
  title text [not null]

  indexes {
    (author_id, title) [name: 'by_author']
  }
}

Table users {
  id integer [pk, increment]
  email varchar(255) [not null, unique]
  mood mood [default: 'happy']
}

Ref posts_author_id_fkey: posts.author_id > users.id`,
    );
    const written = await runCli(['pull', '--url', 'sqlite:./app.db', '--out', 'pulled.dbml'], dir);
    assert.equal(written.stdout, `wrote ${join(dir, 'pulled.dbml')}`);
    assert.equal(readFileSync(join(dir, 'pulled.dbml'), 'utf8'), `${run.stdout}\n`);
  });

  test('a database that cannot be reached is a plain error', async () => {
    const run = await runCli(['pull', '--url', 'mysql://x'], dir);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^error: cannot connect to mysql:\/\/x: could not connect to MySQL\/MariaDB: .*ENOTFOUND x$/,
    );
  });
});
