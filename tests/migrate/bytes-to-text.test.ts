/**
 * PostgreSQL converts `bytea` to a string type by writing each value as its hex text
 * (`00 ff 41` becomes `\x00ff41`): a conversion that changes every value although each
 * one "fits", asked about (refused without --force) by `dbgen push` and `migrate up`
 * where the column holds a value (migrate/value-change.ts), never made silently.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillTable, migrateTable, pushTable, tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query } from './support/run.js';

describe('bytea → text on postgres', () => {
  const db = tableSuiteDatabase('postgres');
  const texts = async (): Promise<unknown[]> =>
    (await query(db.url, 'SELECT c::text AS c FROM t ORDER BY id')).map((r) => r['c']);

  test('push asks before writing the bytes as hex text, and only where values exist', async () => {
    await pushTable(db, 'bytea', 0);
    // No value yet: nothing to ask about.
    await fillTable(db, ['NULL']);
    await pushTable(db, 'text', 0);
    await pushTable(db, 'bytea', 0);
    await query(db.url, `INSERT INTO t (id, c) VALUES (2, '\\x00ff41'::bytea)`);
    const refused = await pushTable(db, 'text', 1);
    assert.match(
      refused.stderr,
      /column public\.t\.c narrows \(bytea to text, which writes each value as its hex text\): 1 value\(s\) may not fit/,
    );
    assert.deepEqual(await texts(), [null, '\\x00ff41']);
    await pushTable(db, 'text', 0, ['--force']);
    assert.deepEqual(await texts(), [null, '\\x00ff41']);
  });

  test('migrate up bytea → varchar is refused while a value would become hex text', async () => {
    await migrateTable(db, 'bytea', 'init', 0);
    await query(db.url, `INSERT INTO t (id, c) VALUES (1, 'A'::bytea)`);
    const refused = await migrateTable(db, 'varchar(100)', 'as_text', 1);
    assert.match(
      refused.stderr,
      /narrows column public\.t\.c \(bytea to varchar\(100\), which writes each value as its hex text\), which holds values that may not fit/,
    );
    const [row] = await query(db.url, `SELECT pg_typeof(c)::text AS type FROM t`);
    assert.equal(row?.['type'], 'bytea');
    await migrate(db.dir, db.url, ['up', '--force']);
    assert.deepEqual(await texts(), ['\\x41']);
  });
});
