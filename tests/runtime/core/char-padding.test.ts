// char(n) with trailing spaces: they are padding, not data (SQL's PAD SPACE; PostgreSQL's
// character(n)), so comparing with the value written finds the row on every dialect.
// MySQL/MariaDB strip them on read and compare through a NO PAD collation, so dbgen binds
// char values without them there (code = 'ab ' found nothing before).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { defineTable, insertInto, select, type Column, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const codesIr = table('codes', [
  column('id', 'integer', { primaryKey: true }),
  column('code', 'char(3)'),
]);
const codes = defineTable<{ id: Column<number>; code: Column<string> }>(codesIr);

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([codesIr]), dialect);
  });

  test('a char(n) value with trailing spaces is found by the value written', async () => {
    await engine.execute(insertInto(codes).values({ id: 1, code: 'ab ' }));
    const found = await engine.execute(
      select(codes.id, codes.code).from(codes).where(codes.code.eq('ab ')),
    );
    assert.equal(found.rows.length, 1);
    // Read back as each database gives a char: PostgreSQL pads to n, SQLite and
    // MySQL/MariaDB (where dbgen binds it without the padding) without it.
    assert.equal(found.rows[0]?.code, dialect === 'postgres' ? 'ab ' : 'ab');
  });

  // SQLite compared the text as stored: 'a' written was not found by 'a ', and 'a ' and
  // 'a' were two values to a unique key.
  test('a char(n) value is found with or without trailing spaces, and is one value', async () => {
    await engine.execute(insertInto(codes).values({ id: 2, code: 'a' }));
    for (const probe of ['a', 'a ', 'a  ']) {
      const found = await engine.execute(select(codes.id).from(codes).where(codes.code.eq(probe)));
      assert.deepEqual(
        found.rows.map((r) => r.id),
        [2],
        JSON.stringify(probe),
      );
    }
    const distinct = await engine.execute(
      select(codes.id)
        .from(codes)
        .where(codes.code.in(['a ', 'ab']))
        .orderBy(codes.id),
    );
    assert.deepEqual(
      distinct.rows.map((r) => r.id),
      [1, 2],
    );
  });
});
