// A decimal declared without precision. PostgreSQL's numeric and SQLite's text keep any
// value exactly; MySQL/MariaDB's is DECIMAL(65, 30), which rounds digits past its 30th
// fractional one away without an error. There a value with more digits than it keeps is
// an InvalidValueError naming the column, before any SQL is sent, through Core insert,
// update and upsert and a Session's flush (as decimal(10, 2) refuses digits past its
// scale on every dialect); one only compared with the column is not refused.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  defineTable,
  insertInto,
  InvalidValueError,
  Model,
  registerModel,
  select,
  Session,
  update,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

interface AmountRow {
  id: number;
  x: string | null;
}
const amountsIR = table('amounts', [
  column('id', 'integer', { primaryKey: true }),
  column('x', 'decimal', { nullable: true }),
]);
const amounts = defineTable<{ [K in keyof AmountRow]: Column<AmountRow[K]> }>(amountsIR);

class Amount extends Model {
  static readonly c = amounts;
}
interface Amount extends AmountRow {}
registerModel(Amount, amounts, {});

/** The most MySQL keeps: 35 digits before the point, 30 after. */
const WIDEST = `${'9'.repeat(35)}.${'1'.repeat(30)}`;
const FRACTION_31 = `0.${'1'.repeat(30)}7`;
const INTEGER_36 = '1'.repeat(36);
/** Zeros past the 30th digit change nothing: taken. */
const TRAILING_ZEROS = `0.${'2'.repeat(30)}000`;

function namesX(error: unknown): true {
  assert.ok(error instanceof InvalidValueError, String(error));
  assert.equal(error.table, 'amounts');
  assert.equal(error.column, 'x');
  assert.match(
    error.message,
    /^invalid value for amounts\.x: expected .*35 digits before the point and 30 after/,
  );
  return true;
}

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const bounded = dialect === 'mysql';
  const read = async (id: number) =>
    (await engine.execute(select(amounts.x).from(amounts).where(amounts.id.eq(id)))).rows[0]?.x;

  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([amountsIR]), dialect);
  });

  test('the widest value MySQL keeps round-trips exactly on every dialect', async () => {
    await engine.execute(
      insertInto(amounts).values([
        { id: 1, x: WIDEST },
        { id: 2, x: TRAILING_ZEROS },
      ]),
    );
    assert.equal(await read(1), WIDEST);
    assert.equal(await read(2), bounded ? `0.${'2'.repeat(30)}` : TRAILING_ZEROS);
  });

  test('more digits: kept exactly where the decimal is unbounded, refused on MySQL (Core)', async () => {
    const writes = (x: string, id: number) => [
      () => engine.execute(insertInto(amounts).values({ id, x })),
      () => engine.execute(update(amounts).set({ x }).where(amounts.id.eq(1))),
      () =>
        engine.execute(
          insertInto(amounts).values({ id: 1, x: '1' }).onConflictDoUpdate([amounts.id], { x }),
        ),
    ];
    for (const [i, x] of [FRACTION_31, INTEGER_36].entries()) {
      for (const write of writes(x, 10 + i)) {
        if (bounded) await assert.rejects(write, namesX);
        else await write();
      }
      if (!bounded) assert.equal(await read(1), x);
    }
    if (bounded) assert.equal(await read(1), WIDEST);
  });

  test('more digits through a Session flush: refused on MySQL, naming the column', async () => {
    const session = new Session(engine);
    try {
      session.add(new Amount({ id: 20, x: FRACTION_31 }));
      if (bounded) await assert.rejects(session.commit(), namesX);
      else {
        await session.commit();
        assert.equal(await read(20), FRACTION_31);
      }
    } finally {
      await session.close();
    }
  });

  test('more digits through a Session update, one object or many: refused on MySQL', async () => {
    await engine.execute(
      insertInto(amounts).values([
        { id: 40, x: '1' },
        { id: 41, x: '2' },
      ]),
    );
    for (const ids of [[40], [40, 41]]) {
      const session = new Session(engine);
      try {
        const objects = await session.query(Amount).where(amounts.id.in(ids)).all();
        for (const o of objects) o.x = FRACTION_31;
        if (bounded) await assert.rejects(session.commit(), namesX);
        else await session.commit();
      } finally {
        await session.close();
      }
      assert.equal(await read(40), bounded ? '1' : FRACTION_31);
    }
  });

  test('a value with more digits is still compared with the column, exactly', async () => {
    await engine.execute(insertInto(amounts).values({ id: 30, x: `0.${'1'.repeat(30)}` }));
    const below = await engine.execute(
      select(amounts.id).from(amounts).where(amounts.id.eq(30), amounts.x.lt(FRACTION_31)),
    );
    // SQLite orders decimals as doubles (exact to 15 digits: docs/dialects.md).
    assert.deepEqual(below.rows, dialect === 'sqlite' ? [] : [{ id: 30 }]);
    const equal = await engine.execute(
      select(amounts.id).from(amounts).where(amounts.x.eq(FRACTION_31), amounts.id.eq(30)),
    );
    assert.deepEqual(equal.rows, []);
  });
});
