/**
 * A SQLite table rebuild copies the columns the migration knew the table to have. When
 * the table no longer has one (it was changed by hand after the migration was written),
 * the migration fails with the column named and changes nothing. SQLite reads a
 * double-quoted name that is no column as a string literal: the copy named its columns
 * that way, so the migration went through and every row got the column's name as its
 * value (the copy names them in grave accents now: dialects/sqlite/names.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillTable, migrateTable, tableSuiteDatabase, writeTable } from './support/table-suite.js';
import { migrate, query } from './support/run.js';

describe('a SQLite table rebuild of a table changed by hand', () => {
  const db = tableSuiteDatabase('sqlite');

  test('a column the migration copies and the table lacks fails the migration', async () => {
    await migrateTable(db, 'varchar(10)', 'init', 0);
    await fillTable(db, [`'a'`, `'b'`]);
    // varchar(10) → varchar(20) rebuilds the table, copying `c`; then `c` goes by hand.
    writeTable(db, 'varchar(20)');
    await migrate(db.dir, db.url, ['new', 'widen', '--schema', 'schema.json']);
    await query(db.url, 'ALTER TABLE t DROP COLUMN c');

    const run = await migrate(db.dir, db.url, ['up'], 1);
    assert.match(run.stderr, /no such column: c\b/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    // Rolled back: the table as it was, without `c`, its rows kept.
    assert.deepEqual(await query(db.url, 'SELECT * FROM t ORDER BY id'), [{ id: 1 }, { id: 2 }]);
  });
});
