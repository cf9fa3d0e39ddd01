/**
 * PostgreSQL: a column changed between `timetz` and `time` is seen by autogenerate and
 * push (both are the logical type `time`; the diff told them apart by nothing) and
 * converted at UTC, as `timestamptz` ↔ `timestamp` are (dialects/postgres/zone-cast.ts),
 * on a database whose TimeZone is not UTC: `12:00+02` becomes `10:00`, and `10:00` comes
 * back as `10:00+00`, not `12:00` and `10:00-05`. The offset is lost all the same, so
 * `timetz` → `time` is asked about (refused without --force) when a value's offset is not
 * UTC (it converted without a word, and down gave `10:00+00` for `12:00+02`). A `timetz`
 * array cannot be converted at UTC: push asks about the elements whose offset is not UTC.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query, runCli } from './support/run.js';

const ZONE = 'America/New_York';

describe(`timetz ↔ time on PostgreSQL under TimeZone ${ZONE}`, () => {
  const db = tableSuiteDatabase('postgres');
  before(async () => {
    const name = new URL(db.url).pathname.slice(1);
    // New connections (each push, migrate and query below) take the database's zone.
    await query(db.url, `ALTER DATABASE "${name}" SET timezone TO '${ZONE}'`);
  });

  const writeTable = (type: string): void =>
    writeFileSync(join(db.dir, 'schema.dbml'), `Table t {\n  id integer [pk]\n  c ${type}\n}\n`);

  async function push(type: string, expectCode = 0, flags: readonly string[] = []) {
    writeTable(type);
    const args = ['push', '--schema', 'schema.dbml', '--url', db.url, ...flags];
    const run = await runCli(args, db.dir);
    assert.equal(run.code, expectCode, `${run.stdout}\n${run.stderr}`);
    return run;
  }

  /** Column `c` of every row by id, as PostgreSQL writes it, and its type. */
  async function read(): Promise<{ values: unknown[]; type: unknown }> {
    const rows = await query(db.url, 'SELECT c::text AS c FROM t ORDER BY id');
    const type = await query(
      db.url,
      "SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'",
    );
    return { values: rows.map((r) => r['c']), type: type[0]?.['data_type'] };
  }

  test('push timetz → time → timetz keeps the UTC time; a second push has nothing to do', async () => {
    await push('timetz');
    await query(db.url, `INSERT INTO t VALUES (1, '12:00:00+02'), (2, '23:30:00-05'), (3, NULL)`);
    const refused = await push('time', 1);
    assert.match(
      refused.stderr,
      /column public\.t\.c narrows \(time with time zone to time, which converts to UTC, dropping the offsets\): 2 value\(s\) may not fit/,
    );
    assert.equal((await read()).type, 'time with time zone');
    const changed = await push('time', 0, ['--force']);
    assert.match(changed.stdout, /pushed 1 change/);
    assert.deepEqual(await read(), {
      values: ['10:00:00', '04:30:00', null],
      type: 'time without time zone',
    });
    assert.match((await push('time')).stdout, /nothing to push/);
    await push('timetz');
    assert.deepEqual(await read(), {
      values: ['10:00:00+00', '04:30:00+00', null],
      type: 'time with time zone',
    });
    assert.match((await push('timetz')).stdout, /nothing to push/);
  });

  test('migrate new sees timetz → time; up converts at UTC, down back', async () => {
    writeTable('timetz(3)');
    await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.dbml']);
    await migrate(db.dir, db.url, ['up']);
    await query(db.url, `INSERT INTO t VALUES (1, '12:00:00.5+02')`);
    writeTable('time(3)');
    const made = await migrate(db.dir, db.url, ['new', 'plain', '--schema', 'schema.dbml']);
    assert.doesNotMatch(made.stdout + made.stderr, /no changes/);
    // The offset +02 would be lost: refused, nothing changed, until forced.
    const refused = await migrate(db.dir, db.url, ['up'], 1);
    assert.match(refused.stdout + refused.stderr, /dropping the offsets/);
    assert.deepEqual(await read(), { values: ['12:00:00.5+02'], type: 'time with time zone' });
    await migrate(db.dir, db.url, ['up', '--force']);
    assert.deepEqual(await read(), { values: ['10:00:00.5'], type: 'time without time zone' });
    const status = await migrate(db.dir, db.url, ['status']);
    assert.match(status.stdout + status.stderr, /drift: none/);
    await migrate(db.dir, db.url, ['down']);
    assert.deepEqual(await read(), { values: ['10:00:00.5+00'], type: 'time with time zone' });
  });

  test('push timetz[] → time[] counts the arrays with an offset other than UTC', async () => {
    await push('timetz[]');
    await query(
      db.url,
      `INSERT INTO t VALUES (1, '{12:00:00+02,08:00:00+00}'), (2, '{09:00:00+00}'), (3, NULL)`,
    );
    const refused = await push('time[]', 1);
    assert.match(
      refused.stderr,
      /column public\.t\.c narrows \(time with time zone\[\] to time\[\], which drops the UTC offsets\): 1 value\(s\) may not fit/,
    );
    await query(db.url, 'DELETE FROM t WHERE id = 1');
    await push('time[]');
    assert.deepEqual((await read()).values, ['{09:00:00}', null]);
    // A time array converts at UTC (in a temporary function whose TimeZone is UTC).
    await push('timetz[]');
    assert.deepEqual((await read()).values, ['{09:00:00+00}', null]);
  });

  test('push timetz → time without a question when every offset is UTC', async () => {
    await push('timetz');
    await query(db.url, `INSERT INTO t VALUES (1, '12:00:00+00'), (2, NULL)`);
    assert.match((await push('time')).stdout, /pushed 1 change/);
    assert.deepEqual(await read(), { values: ['12:00:00', null], type: 'time without time zone' });
  });
});
