/**
 * A migration written for a SQLite table that was changed by hand afterwards (a column
 * dropped) fails with the missing column named and changes nothing, whatever it does with
 * the column. SQLite reads a double-quoted name that is no column as a string literal, and
 * dbgen named columns that way: a table rebuild copied the column's name into every row,
 * a CREATE INDEX indexed it as a constant (a unique one then took one row only), and the
 * checks of existing rows before a drop or a narrowing judged the name's text instead of
 * the values, refusing for data that was not there. Those names are in grave accents now
 * (dialects/sqlite/names.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { id, index, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { fillTable, migrateTable, tableSuiteDatabase, writeTable } from './support/table-suite.js';
import { migrate, query, writeSchema } from './support/run.js';
import type { TestDatabase } from './support/databases.js';

/** `t` with column `c` of `type` and `extra` columns (text), indexes on `indexed`. */
function writeWide(
  db: TestDatabase,
  type: string,
  extra: readonly string[],
  indexed: readonly string[] = [],
): void {
  const columns = [id(), col('c', type), ...extra.map((name) => col(name, 'text'))];
  const indexes = indexed.map((name) => index([name], { name: `t_${name}_key`, unique: true }));
  writeSchema(db.dir, schema([table('t', columns, { indexes })]));
}

/** Writes the migration to the schema written last, drops `column` by hand, runs `up`. */
async function upAfterDropping(db: TestDatabase, name: string, column: string) {
  await migrate(db.dir, db.url, ['new', name, '--schema', 'schema.json']);
  await query(db.url, `ALTER TABLE t DROP COLUMN ${column}`);
  const run = await migrate(db.dir, db.url, ['up'], 1);
  assert.match(run.stderr, new RegExp(`no such column: ${column}\\b`));
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  return run;
}

describe('a SQLite table changed by hand after its migration was written', () => {
  const db = tableSuiteDatabase('sqlite');

  test('a table rebuild that copies a column the table lacks fails', async () => {
    await migrateTable(db, 'varchar(10)', 'init', 0);
    await fillTable(db, [`'a'`, `'b'`]);
    // varchar(10) → varchar(20) rebuilds the table, copying `c`.
    writeTable(db, 'varchar(20)');
    await upAfterDropping(db, 'widen', 'c');
    // Rolled back: the table as it was, without `c`, its rows kept.
    assert.deepEqual(await query(db.url, 'SELECT * FROM t ORDER BY id'), [{ id: 1 }, { id: 2 }]);
  });

  test('an index on a column the table lacks fails', async () => {
    writeWide(db, 'text', ['email']);
    await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
    await migrate(db.dir, db.url, ['up']);
    writeWide(db, 'text', ['email'], ['email']);
    await upAfterDropping(db, 'unique_email', 'email');
    const indexes = await query(db.url, `SELECT name FROM sqlite_master WHERE type = 'index'`);
    assert.ok(!indexes.some((i) => i['name'] === 't_email_key'), 'no index made');
  });

  test('dropping a column the table lacks fails, not refused for its data', async () => {
    writeWide(db, 'text', ['legacy']);
    await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
    await migrate(db.dir, db.url, ['up']);
    await fillTable(db, [`'a'`]);
    writeWide(db, 'text', []);
    const run = await upAfterDropping(db, 'drop_legacy', 'legacy');
    assert.doesNotMatch(run.stderr, /holds data/);
  });

  test('narrowing a column the table lacks fails, not refused for its values', async () => {
    writeWide(db, 'text', ['description']);
    await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
    await migrate(db.dir, db.url, ['up']);
    await fillTable(db, [`'a'`]);
    // text → varchar(5): `description` (11 characters) does not fit; no value is there.
    writeSchema(
      db.dir,
      schema([table('t', [id(), col('c', 'text'), col('description', 'varchar(5)')])]),
    );
    const run = await upAfterDropping(db, 'narrow', 'description');
    assert.doesNotMatch(run.stderr, /do not fit/);
  });
});
