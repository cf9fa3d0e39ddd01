// `/` between integers truncates toward zero on every dialect, as PostgreSQL and SQLite
// do: MySQL/MariaDB's `/` gives a DECIMAL (7 / 2 = '3.5000', stored into an integer
// column rounded to 4), so there it is written `DIV`. Decimal division is unchanged.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  compile,
  defineTable,
  insertInto,
  select,
  update,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { createTables } from '../../support/create-tables.js';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';

const qIR = table('intdiv_q', [
  column('id', 'integer', { primaryKey: true }),
  column('a', 'integer'),
  column('b', 'integer'),
  column('s', 'smallint'),
  column('big', 'bigint'),
  column('dec', 'decimal(10,2)'),
]);
type Q = {
  id: Column<number>;
  a: Column<number>;
  b: Column<number>;
  s: Column<number>;
  big: Column<bigint>;
  dec: Column<string>;
};
const q = defineTable<Q>(qIR);

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([qIR]), dialect);
    await engine.execute(
      insertInto(q).values([
        { id: 1, a: 7, b: 2, s: 3, big: 9n, dec: '1.00' },
        { id: 2, a: -7, b: 2, s: 3, big: -9n, dec: '3.00' },
        { id: 3, a: 7, b: 0, s: 3, big: 9n, dec: '1.00' },
      ]),
    );
  });

  test('integer / integer truncates toward zero and reads back as a number', async () => {
    const rows = (
      await engine.execute(
        select({
          id: q.id,
          r: q.a.dividedBy(q.b),
          byValue: q.a.dividedBy(2),
          mixed: q.a.dividedBy(q.s),
          nested: q.a.plus(q.b).dividedBy(q.b).dividedBy(2),
        })
          .from(q)
          .where(q.id.lt(3))
          .orderBy(q.id),
      )
    ).rows;
    assert.deepEqual(rows, [
      { id: 1, r: 3, byValue: 3, mixed: 2, nested: 2 },
      { id: 2, r: -3, byValue: -3, mixed: -2, nested: -1 },
    ]);
  });

  test('bigint / bigint truncates', async () => {
    const rows = (
      await engine.execute(
        select({ r: q.big.dividedBy(2n) })
          .from(q)
          .where(q.id.lt(3))
          .orderBy(q.id),
      )
    ).rows;
    assert.deepEqual(
      rows.map((r) => BigInt(r.r as unknown as string)),
      [4n, -4n],
    );
  });

  test('update a = a / b stores the truncated quotient', async () => {
    await engine.execute(
      update(q)
        .set({ a: q.a.dividedBy(q.b) })
        .where(q.id.lt(3)),
    );
    const rows = (await engine.execute(select(q.a).from(q).where(q.id.lt(3)).orderBy(q.id))).rows;
    assert.deepEqual(rows, [{ a: 3 }, { a: -3 }]);
  });

  test('decimal division is not truncated', async () => {
    const rows = (
      await engine.execute(
        select({ r: q.dec.dividedBy('4') })
          .from(q)
          .where(q.id.lt(3))
          .orderBy(q.id),
      )
    ).rows;
    assert.deepEqual(
      rows.map((r) => Number(r.r)),
      [0.25, 0.75],
    );
  });

  if (dialect !== 'sqlite') {
    // (SQLite's x / 0 is NULL.) MariaDB raises only in writes (ERROR_FOR_DIVISION_BY_ZERO).
    test('an integer division by zero in an UPDATE raises', async () => {
      await assert.rejects(
        engine.execute(
          update(q)
            .set({ a: q.a.dividedBy(q.b) })
            .where(q.id.eq(3)),
        ),
        /division by (0|zero)/i,
      );
    });
  }

  if (dialect === 'mysql') {
    test('the compile cache tells integer from decimal division of same-named columns', () => {
      const decimalIR = table('intdiv_q', [
        column('id', 'integer', { primaryKey: true }),
        column('a', 'decimal(10,2)'),
        column('b', 'decimal(10,2)'),
      ]);
      const d = defineTable<{ id: Column<number>; a: Column<string>; b: Column<string> }>(
        decimalIR,
      );
      const integer = compile(select({ r: q.a.dividedBy(q.b) }).from(q), engine.dialect).sql;
      const decimal = compile(select({ r: d.a.dividedBy(d.b) }).from(d), engine.dialect).sql;
      assert.match(integer, / div /);
      assert.match(decimal, / \/ /);
      // An untyped value: by its value, and the shape tells 2 from 2.5.
      const sum = q.a.plus(q.b);
      assert.match(compile(select({ r: sum.dividedBy(2) }).from(q), engine.dialect).sql, / div /);
      assert.match(compile(select({ r: sum.dividedBy(2.5) }).from(q), engine.dialect).sql, / \/ /);
    });
  }
});
