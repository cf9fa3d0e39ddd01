/**
 * MySQL/MariaDB names a key made without a name after its first column, per table: two
 * tables with an unnamed unique on `email` both have a key `email`, where DBML,
 * PostgreSQL and SQLite keep one name per schema. `dbgen pull` reads such clashing names
 * as dbgen and PostgreSQL name an unnamed key (`users_email_key`, `posts_title_idx`), so
 * the DBML checks, pushes back to the same database as nothing to do (no drift), and
 * pushes to an empty database of every dialect, which pulls back the same. A default name
 * no other table has stays as the database has it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, pullDatabases, pulledRoundTrip } from './support/pull-round-trip.js';

describe('pull names unnamed MySQL keys that clash across tables', () => {
  const { source, targets } = pullDatabases([
    'CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) UNIQUE, title varchar(50), KEY (title))',
    'CREATE TABLE admins (id integer PRIMARY KEY, email varchar(100), UNIQUE (email))',
    'CREATE TABLE posts (id integer PRIMARY KEY, title varchar(50), INDEX (title))',
    // A second unnamed unique on the same column: MySQL names it email_2.
    'CREATE TABLE members (id integer PRIMARY KEY, email varchar(100) UNIQUE, UNIQUE (email))',
    'CREATE TABLE staff (id integer PRIMARY KEY, email varchar(100) UNIQUE, UNIQUE (email))',
    // Named after its column too, but no other table has a key `label`: kept.
    'CREATE TABLE tags (id integer PRIMARY KEY, label varchar(20) UNIQUE)',
  ]);

  test('the pulled DBML checks, each clashing key qualified with its table', async () => {
    await cli(source.dir, ['pull', '--url', source.url, '--out', 'pulled.dbml']);
    await cli(source.dir, ['check', 'pulled.dbml']);
    const pulled = (await cli(source.dir, ['pull', '--url', source.url])).stdout;
    const names = [...pulled.matchAll(/name: '([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(names, [
      'admins_email_key',
      'label',
      'members_email_key',
      'members_email_key1',
      'posts_title_idx',
      'staff_email_key',
      'staff_email_key1',
      'users_email_key',
      'users_title_idx',
    ]);
    assert.match(pulled, /Table admins \{[^}]*email \[unique, name: 'admins_email_key'\]/);
    assert.match(pulled, /Table posts \{[^}]*title \[name: 'posts_title_idx'\]/);
  });

  pulledRoundTrip(source, targets);
});
