/**
 * MariaDB column types pull as what they are: UNSIGNED stays (`"integer unsigned"`, a
 * range from 0, was dropped), a TIMESTAMP keeps its precision (a bare one read as
 * `timestamp`, which compared equal to dbgen's DATETIME(6)), and what the IR cannot hold
 * (TIMESTAMP itself, ON UPDATE CURRENT_TIMESTAMP) is named in comments above the table
 * instead of dropped without a word. The pulled file checks and pushes back as nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cli, NOTHING, pullDatabases } from './support/pull-round-trip.js';

describe('pull of MariaDB unsigned and TIMESTAMP columns', () => {
  const { source } = pullDatabases([
    `CREATE TABLE t (id int PRIMARY KEY, a int(10) unsigned, b bigint unsigned,
      c tinyint unsigned zerofill, d decimal(5,2) unsigned, e int,
      ts timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
      t3 timestamp(3) NULL, dt datetime(6))`,
  ]);

  test('unsigned and precision are kept, ON UPDATE is named, push is nothing to do', async () => {
    await cli(source.dir, ['pull', '--url', source.url, '--out', 'pulled.dbml']);
    const pulled = readFileSync(join(source.dir, 'pulled.dbml'), 'utf8');
    for (const line of [
      '  a "integer unsigned"',
      '  b "bigint unsigned"',
      '  c "smallint unsigned"',
      '  d "decimal(5,2) unsigned"',
      '  e integer',
      '  ts timestamp(0) [not null, default: `now()`]',
      '  t3 timestamp(3)',
      '  dt timestamp',
    ]) {
      assert.ok(pulled.includes(`${line}\n`), `${line}\n in:\n${pulled}`);
    }
    assert.match(
      pulled,
      /^\/\/ column ts is a MySQL TIMESTAMP .* with ON UPDATE CURRENT_TIMESTAMP\(\), which DBML cannot say.*\n/m,
    );
    assert.match(pulled, /^\/\/ column t3 is a MySQL TIMESTAMP\(3\) .*\n(\/\/.*\n)*Table t \{/m);
    assert.doesNotMatch(pulled, /column (a|dt) is/);
    await cli(source.dir, ['check', 'pulled.dbml']);
    const push = await cli(source.dir, ['push', '--schema', 'pulled.dbml', '--url', source.url]);
    assert.match(push.stdout, NOTHING);
  });
});
