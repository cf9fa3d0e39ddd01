// A multi-row insert whose rows set different columns inserts its rows in input order on
// every dialect: PostgreSQL and MySQL fill the gaps with DEFAULT in one statement; SQLite
// (no DEFAULT in VALUES) runs one statement per run of consecutive rows setting the same
// columns (core/split-insert.ts). Grouping rows by column set instead reordered them: the
// wrong duplicate won an ON CONFLICT DO NOTHING, and autoincrement keys came out of order.
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import { defineTable, insertInto, select, sql, type Column, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const itemsIr = table('items', [
  column('id', 'integer', { primaryKey: true, autoIncrement: true }),
  column('k', 'integer', { unique: true }),
  column('name', 'varchar(40)', { default: { kind: 'string', value: 'dflt' } }),
]);
const items = defineTable<{ id: Column<number>; k: Column<number>; name: Column<string> }>(itemsIr);

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([itemsIr]), dialect);
  });
  beforeEach(async () => {
    await engine.execute(sql`delete from ${sql.id('items')}`);
  });

  const rows = async () =>
    (await engine.execute(select(items.id, items.k, items.name).from(items).orderBy(items.id)))
      .rows;

  test('ON CONFLICT DO NOTHING keeps the first of two rows with the same key', async () => {
    await engine.execute(
      insertInto(items)
        .values([{ k: 1 }, { k: 2, name: 'first k=2' }, { k: 2 }, { k: 3, name: 'c' }])
        .onConflictDoNothing([items.k]),
    );
    assert.deepEqual(
      (await rows()).map((r) => [r.k, r.name]),
      [
        [1, 'dflt'],
        [2, 'first k=2'],
        [3, 'c'],
      ],
    );
  });

  test('autoincrement keys follow input order', async () => {
    await engine.execute(
      insertInto(items).values([
        { k: 5 },
        { k: 6, name: 'b' },
        { k: 7 },
        { k: 8, name: 'd' },
        { k: 9 },
      ]),
    );
    const got = await rows();
    assert.deepEqual(
      got.map((r) => r.k),
      [5, 6, 7, 8, 9],
    );
    // Ordered by id, the keys come out in input order, and the ids are consecutive.
    const first = got[0]!.id;
    assert.deepEqual(
      got.map((r) => r.id - first),
      [0, 1, 2, 3, 4],
    );
  });
});
