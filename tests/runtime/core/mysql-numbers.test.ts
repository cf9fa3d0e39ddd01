// Numbers that must come back as written, on every dialect: bigint arithmetic and
// comparisons past 2^53 (MySQL computed them as DOUBLE when the bigint was bound as
// text), and `real` values (MySQL printed a FLOAT with 6 digits, and `r = 0.1` compared
// the float with a double).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  cast,
  coalesce,
  defineTable,
  insertInto,
  select,
  selectFrom,
  sql,
  update,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, columnType, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const numbersIr = table('numbers', [
  column('id', 'integer', { primaryKey: true }),
  column('big', 'bigint', { nullable: true }),
  column('r', 'real', { nullable: true }),
]);
const numbers = defineTable<{
  id: Column<number>;
  big: Column<bigint | null>;
  r: Column<number | null>;
}>(numbersIr);

const B = 2n ** 62n + 1n;
const REALS = [1234567, 16777216, 0.1, 3.25, 98765.43, -2.5e-7, 3.4e38];

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([numbersIr]), dialect);
  });

  // SQLite binds bigints as text too, and compares coalesce(big, '0') as text: that
  // dialect's binding is changed apart (dialects/sqlite), so it is left out here.
  const sqliteApart = dialect === 'sqlite' ? 'SQLite bigint binding: changed apart' : false;
  test('bigint arithmetic and comparisons past 2^53 are exact', { skip: sqliteApart }, async () => {
    await engine.execute(sql`delete from "numbers"`);
    await engine.execute(
      insertInto(numbers).values([
        { id: 1, big: B },
        { id: 2, big: 10n },
        { id: 3, big: null },
      ]),
    );
    await engine.execute(
      update(numbers)
        .set({ big: numbers.big.plus(1n) })
        .where(numbers.id.eq(1)),
    );
    const stored = await engine.execute(select(numbers.big).from(numbers).where(numbers.id.eq(1)));
    assert.equal(stored.rows[0]?.big, B + 1n);
    const ids = async (where: Parameters<ReturnType<typeof selectFrom>['where']>[0]) =>
      (
        await engine.execute(select(numbers.id).from(numbers).where(where).orderBy(numbers.id))
      ).rows.map((r) => r.id);
    assert.deepEqual(await ids(coalesce(numbers.big, 0n).gt(5n)), [1, 2]);
    assert.deepEqual(await ids(numbers.big.plus(1n).eq(B + 2n)), [1]);
    assert.deepEqual(await ids(numbers.big.minus(-1n).eq(11n)), [2]);
    // An expression's result read as a bigint where its type is given.
    const { rows } = await engine.execute(
      select({ v: cast<bigint>(numbers.big.plus(1n), 'bigint', columnType('bigint')) })
        .from(numbers)
        .where(numbers.id.eq(1)),
    );
    assert.equal(rows[0]?.v, B + 2n);
  });

  test('real values read back as written and compare equal to them', async () => {
    await engine.execute(sql`delete from "numbers"`);
    await engine.execute(insertInto(numbers).values(REALS.map((r, i) => ({ id: i + 1, r }))));
    const read = await engine.execute(select(numbers.r).from(numbers).orderBy(numbers.id));
    assert.deepEqual(
      read.rows.map((row) => row.r),
      REALS,
    );
    for (const r of REALS) {
      const found = await engine.execute(select(numbers.id).from(numbers).where(numbers.r.eq(r)));
      assert.equal(found.rows.length, 1, `where r = ${r}`);
    }
  });
});
