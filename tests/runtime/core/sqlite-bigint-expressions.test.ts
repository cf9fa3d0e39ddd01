// bigint values inside expressions. SQLite's driver binds a JS bigint as NULL, so dbgen
// binds it as decimal text; where no INTEGER column's affinity converted that text, it
// compared as text (`big + ? = ?`, `coalesce(big, ?) > ?` found nothing). The placeholder
// of a bigint is now `cast(? as integer)` (SqlDialect.parameterWrapper), and arithmetic on
// bigints is typed bigint, so its result reads back exactly as a bigint on every dialect
// (SQLite selected it as a lossy double).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  QueryError,
  coalesce,
  defineTable,
  fn,
  insertInto,
  select,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const numsIr = table('nums', [
  column('id', 'integer', { primaryKey: true }),
  column('big', 'bigint', { nullable: true }),
  column('small', 'integer', { nullable: true }),
  column('bigs', 'bigint[]', { nullable: true }),
]);
const nums = defineTable<{
  id: Column<number>;
  big: Column<bigint | null>;
  small: Column<number | null>;
  bigs: Column<bigint[] | null>;
}>(numsIr);

// An integer column as an operand of bigint arithmetic (the builder's types want one T).
const small = nums.small as unknown as Column<bigint | null>;

const B = 2n ** 62n + 1n; // past 2^53: a double cannot hold it

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([numsIr]), dialect);
    await engine.execute(
      insertInto(nums).values([
        { id: 1, big: B, small: 3, bigs: [B, 5n] },
        { id: 2, big: 10n, small: 4, bigs: [7n] },
        { id: 3, big: null, small: null, bigs: null },
      ]),
    );
  });
  const ids = async (where: Parameters<ReturnType<typeof select>['where']>[0]) =>
    (await engine.execute(select(nums.id).from(nums).where(where).orderBy(nums.id))).rows.map(
      (r) => r.id,
    );

  test('comparisons of bigint expressions compare numbers', async () => {
    assert.deepEqual(await ids(nums.big.plus(1n).eq(11n)), [2]);
    assert.deepEqual(await ids(nums.big.plus(1n).eq(B + 1n)), [1]);
    assert.deepEqual(await ids(coalesce(nums.big, 0n).gt(5n)), [1, 2]);
    assert.deepEqual(await ids(coalesce(nums.big, 0n).lt(5n)), [3]);
    assert.deepEqual(await ids(nums.big.minus(small).gt(5n)), [1, 2]);
  });

  test('bigint arithmetic reads back as an exact bigint', async () => {
    const rows = (
      await engine.execute(
        select({ next: nums.big.plus(1n), sum: nums.big.plus(small), rest: nums.big.mod(7n) })
          .from(nums)
          .where(nums.id.eq(1)),
      )
    ).rows;
    assert.deepEqual(rows, [{ next: B + 1n, sum: B + 3n, rest: B % 7n }]);
  });

  // `/` too: it was left untyped, so SQLite read 2^62 / 2 as a rounded double and MySQL as
  // a string, where PostgreSQL gave the exact int8.
  test('bigint division reads back as an exact bigint, truncated toward zero', async () => {
    const rows = (
      await engine.execute(
        select({
          half: nums.big.dividedBy(2n),
          third: nums.big.dividedBy(small),
          negative: nums.big.times(-1n).dividedBy(2n),
        })
          .from(nums)
          .orderBy(nums.id),
      )
    ).rows;
    assert.deepEqual(rows, [
      { half: B / 2n, third: B / 3n, negative: -B / 2n },
      { half: 5n, third: 2n, negative: -5n },
      { half: null, third: null, negative: null },
    ]);
  });

  test('a bigint in raw SQL is an integer', async () => {
    const found = await engine.execute<{ id: number }>(
      sql`select ${sql.id('id')} from ${sql.id('nums')} where ${sql.id('big')} + ${1n} = ${B + 1n}`,
    );
    assert.deepEqual(
      found.rows.map((r) => Number(r.id)),
      [1],
    );
  });

  test('the compile cache tells a bigint from a number in the same place', async () => {
    // Same statement shape, an untyped value of each kind (compared with a plain number,
    // which gives the comparison no affinity to convert text by): both are numbers.
    const q = (v: unknown) =>
      select(nums.id)
        .from(nums)
        .where(fn<number>('coalesce', nums.big, v).gt(5));
    assert.deepEqual(
      (await engine.execute(q(0))).rows.map((r) => r.id),
      [1, 2],
    );
    assert.deepEqual(
      (await engine.execute(q(0n))).rows.map((r) => r.id),
      [1, 2],
    );
    assert.deepEqual(
      (await engine.execute(q(6))).rows.map((r) => r.id),
      [1, 2, 3],
    );
  });

  test('any() on a bigint[] still finds its elements', async () => {
    assert.deepEqual(await ids(nums.bigs.any(5n)), [1]);
    assert.deepEqual(await ids(nums.bigs.any(B)), [1]);
    assert.deepEqual(await ids(nums.bigs.any(7n)), [2]);
  });

  test('bigint arithmetic past 2^63 - 1 fails, as on PostgreSQL', async () => {
    await assert.rejects(
      engine.execute(
        select({ v: nums.big.times(4n) })
          .from(nums)
          .where(nums.id.eq(1)),
      ),
      QueryError,
    );
  });

  // SQLite's driver gives integers as doubles: a raw statement's bigint column past 2^53
  // came back rounded (…993 read as …992n), silently, through `.types({ big: 'bigint' })`.
  test('a raw bigint past 2^53 reads exactly, or fails where the driver rounded it', async () => {
    const raw = sql`select ${sql.id('big')} from ${sql.id('nums')} where ${sql.id('id')} = 1`;
    if (dialect === 'sqlite') {
      await assert.rejects(engine.execute(raw.types({ big: 'bigint' })), (e: unknown) => {
        assert.ok(e instanceof QueryError);
        assert.match(e.message, /past 2\^53.*cast\(\.\.\. as text\)/);
        return true;
      });
      const asText = await engine.execute(
        sql`select cast(${sql.id('big')} as text) as big from ${sql.id('nums')} where ${sql.id('id')} = 1`.types(
          { big: 'bigint' },
        ),
      );
      assert.equal(asText.rows[0]!['big'], B);
    } else {
      const { rows } = await engine.execute(raw.types({ big: 'bigint' }));
      assert.equal(rows[0]!['big'], B);
    }
  });
});
