/**
 * MySQL/MariaDB names keys per table, so a name given twice (`KEY idx_created` in two
 * tables), or a key named as a table (an unnamed UNIQUE (token) beside a table `token`),
 * is fine there but not in DBML, PostgreSQL or SQLite, where index names are per schema
 * and meet table names. `dbgen pull` renames every holder of such a name as dbgen names
 * an unnamed key (`users_created_at_idx`, `posts_id_title_key`); a name held once stays.
 * A prefix key (`KEY (title(20))`), which DBML cannot say, pulls as a whole one with a
 * note that says so. The DBML checks, pushes back as nothing to do (no drift), and pushes
 * to an empty database of every dialect.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, pullDatabases, pulledRoundTrip } from './support/pull-round-trip.js';

/** The body of `Table name { ... }` in `dbml`. */
function table(dbml: string, name: string): string {
  const match = new RegExp(`^Table ${name} \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(dbml);
  assert.ok(match, `no table ${name} in:\n${dbml}`);
  return match[1] ?? '';
}

describe('pull renames MySQL key names that clash across tables or with a table', () => {
  const { source, targets } = pullDatabases([
    'CREATE TABLE users (id integer PRIMARY KEY, created_at datetime(6), KEY idx_created (created_at))',
    `CREATE TABLE posts (id integer PRIMARY KEY, title varchar(200), created_at datetime(6),
        KEY idx_created (created_at), UNIQUE KEY uq (id, title))`,
    // `uq` again; KEY (a, b) is named `a`, by no other table: kept, as is `only_here`.
    `CREATE TABLE tags (id integer PRIMARY KEY, a integer, b integer, UNIQUE KEY uq (a, b),
        KEY (a, b), KEY only_here (b))`,
    // The unnamed unique is named `token`, as the table.
    'CREATE TABLE token (id integer PRIMARY KEY)',
    'CREATE TABLE sessions (id integer PRIMARY KEY, token varchar(64), UNIQUE (token))',
    // Prefix keys: an index over 20 characters, a unique over 50 (with a comment).
    `CREATE TABLE docs (id integer PRIMARY KEY, title varchar(300), slug varchar(100),
        KEY (title(20)), UNIQUE KEY slug_prefix (slug(50)) COMMENT 'short slugs', KEY (slug, title(10)))`,
  ]);

  test('the pulled DBML checks, every holder of a clashing name renamed', async () => {
    await cli(source.dir, ['pull', '--url', source.url, '--out', 'pulled.dbml']);
    await cli(source.dir, ['check', 'pulled.dbml']);
    const pulled = (await cli(source.dir, ['pull', '--url', source.url])).stdout;
    const names = [...pulled.matchAll(/name: '([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(names, [
      'a',
      'only_here',
      'posts_created_at_idx',
      'posts_id_title_key',
      'slug',
      'slug_prefix',
      'tags_a_b_key',
      'title',
      'users_created_at_idx',
    ]);
    // sessions' unique, renamed sessions_token_key, is its column's unique.
    assert.match(table(pulled, 'sessions'), /^ {2}token varchar\(64\) \[unique\]$/m);
  });

  test('a prefix key pulls with a note that gives the prefix', async () => {
    const docs = table((await cli(source.dir, ['pull', '--url', source.url])).stdout, 'docs');
    assert.match(
      docs,
      /title \[name: 'title', note: 'MySQL keys a prefix: title\(20\)\. DBML has no prefix keys: pushed, this index covers whole values/,
    );
    assert.match(
      docs,
      /slug \[unique, name: 'slug_prefix', note: '''\n {6}short slugs\n {6}MySQL keys a prefix: slug\(50\)\. DBML has no prefix keys: pushed, this unique covers whole values/,
    );
    assert.match(
      docs,
      /\(slug, title\) \[name: 'slug', note: 'MySQL keys a prefix: \(slug, title\(10\)\)\./,
    );
  });

  pulledRoundTrip(source, targets, false);
});
