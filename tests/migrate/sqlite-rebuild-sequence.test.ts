/**
 * A SQLite table rebuild (dialects/sqlite/ddl.ts rebuildTable) keeps an AUTOINCREMENT
 * key's counter: the ids of rows deleted at the end are never given again, through
 * `migrate up`, `migrate down` and `dbgen push`, as AUTOINCREMENT promises.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillTable, migrateTable, pushTable, tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query } from './support/run.js';

describe('the AUTOINCREMENT counter across a SQLite table rebuild', () => {
  const db = tableSuiteDatabase('sqlite');

  /** Inserts a row without an id; returns the id SQLite gave it. */
  async function nextId(): Promise<number> {
    await query(db.url, `INSERT INTO t (c) VALUES ('new')`);
    const [row] = await query(db.url, 'SELECT MAX(id) AS id FROM t');
    return Number(row?.['id']);
  }

  test('migrate up and down keep the counter past deleted ids', async () => {
    await migrateTable(db, 'varchar(10)', 'init', 0);
    await fillTable(db, [`'a'`, `'b'`, `'c'`, `'d'`]);
    await query(db.url, 'DELETE FROM t WHERE id >= 3');
    // varchar(10) → varchar(20) rebuilds the table.
    await migrateTable(db, 'varchar(20)', 'widen', 0);
    assert.equal(await nextId(), 5);
    await query(db.url, 'DELETE FROM t WHERE id = 5');
    await migrate(db.dir, db.url, ['down', '-1']);
    assert.equal(await nextId(), 6);
  });

  test('push keeps the counter past deleted ids', async () => {
    await pushTable(db, 'varchar(10)', 0);
    await fillTable(db, [`'a'`, `'b'`, `'c'`]);
    await query(db.url, 'DELETE FROM t WHERE id = 3');
    await pushTable(db, 'varchar(20)', 0);
    assert.equal(await nextId(), 4);
  });

  test('a table never written to rebuilds without a counter', async () => {
    await pushTable(db, 'varchar(10)', 0);
    await pushTable(db, 'varchar(20)', 0);
    assert.equal(await nextId(), 1);
  });
});
