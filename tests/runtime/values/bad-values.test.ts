// The bad-value matrix (issue 15, item 3): every logical type against wrong JS types,
// NaN/±Infinity, out-of-range numbers and bigints, invalid dates, oversize strings, NUL and
// lone surrogates, through Core insert, update and upsert and through a Session's insert
// and update. Each bad value is an InvalidValueError naming `vals.<column>` before any SQL
// is sent, and the rows that were there before are unchanged (checked by a checksum of
// what the driver reads, not what dbgen converts). Edge values that fit come back exactly.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, test } from 'node:test';
import {
  insertInto,
  InvalidValueError,
  param,
  select,
  Session,
  sql,
  update,
  value,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { BAD_CASES, GOOD_ROWS, type BadCase } from './cases.js';
import { Val, vals, valsSchema, type ValRow } from './schema.js';
import { createTables } from '../../support/create-tables.js';

const PROPERTIES = vals.$columns.map((c) => c.propertyName as keyof ValRow);

/** A digest of every stored row as the driver reads it (no dbgen conversion on the way). */
async function checksum(engine: Engine): Promise<string> {
  const { rows } = await engine.execute(sql.raw('select * from vals order by id'));
  const text = JSON.stringify(rows, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return `${rows.length}:${createHash('sha256').update(text).digest('hex')}`;
}

function assertNamesColumn(error: unknown, c: BadCase): true {
  assert.ok(error instanceof InvalidValueError, `${c.label}: ${String(error)}`);
  assert.equal(error.code, 'INVALID_VALUE');
  assert.equal(error.table, 'vals');
  assert.equal(error.column, c.column);
  assert.match(
    error.message,
    new RegExp(`^invalid value for vals\\.${c.column}: expected .+, got .+`),
  );
  return true;
}

const readAll = (engine: Engine) =>
  engine.execute(select(vals).from(vals).orderBy(vals.id)).then((r) => r.rows as ValRow[]);

const valuesOf = (v: Val): ValRow =>
  Object.fromEntries(PROPERTIES.map((p) => [p, v[p]])) as unknown as ValRow;

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let before_: string;

  before(async () => {
    engine = makeEngine();
    await createTables(engine, valsSchema, dialect);
    await engine.execute(insertInto(vals).values(GOOD_ROWS));
    before_ = await checksum(engine);
  });

  test('edge values that fit come back exactly through Core insert and select', async () => {
    assert.deepEqual(await readAll(engine), GOOD_ROWS);
  });

  test('each bad value through Core insert is refused, naming the column', async () => {
    for (const c of BAD_CASES) {
      await assert.rejects(
        async () => engine.execute(insertInto(vals).values({ id: 100, [c.property]: c.value })),
        (e) => assertNamesColumn(e, c),
      );
    }
    assert.equal(await checksum(engine), before_);
  });

  test('each bad value through Core update and upsert is refused, naming the column', async () => {
    for (const c of BAD_CASES) {
      await assert.rejects(
        async () =>
          engine.execute(
            update(vals)
              .set({ [c.property]: c.value })
              .where(vals.id.eq(1)),
          ),
        (e) => assertNamesColumn(e, c),
      );
      await assert.rejects(
        async () =>
          engine.execute(
            insertInto(vals)
              .values({ id: 1 })
              .onConflictDoUpdate([vals.id], { [c.property]: c.value }),
          ),
        (e) => assertNamesColumn(e, c),
      );
    }
    assert.equal(await checksum(engine), before_);
  });

  test('each bad value through a Session insert fails the flush, naming the column', async () => {
    for (const c of BAD_CASES) {
      const session = new Session(engine);
      try {
        // A good row in the same flush: nothing of it may be left behind either.
        session.add(new Val({ ...GOOD_ROWS[0], id: 200 }));
        session.add(new Val({ id: 201, [c.property]: c.value }));
        await assert.rejects(session.commit(), (e) => assertNamesColumn(e, c));
      } finally {
        await session.close();
      }
    }
    assert.equal(await checksum(engine), before_);
  });

  test('each bad value through a Session update fails the flush, naming the column', async () => {
    for (const c of BAD_CASES) {
      const session = new Session(engine);
      try {
        const [first, second] = await session.query(Val).orderBy(Val.c.id).all();
        second!.body = 'changed in the same flush';
        (first as unknown as Record<string, unknown>)[c.property] = c.value;
        await assert.rejects(session.commit(), (e) => assertNamesColumn(e, c));
      } finally {
        await session.close();
      }
    }
    assert.equal(await checksum(engine), before_);
  });

  test('comparisons with a column refuse values of the wrong kind, naming the column', () => {
    const cases: [string, () => unknown][] = [
      ['i_int', () => vals.iInt.eq('abc' as unknown as number)],
      ['i_big', () => vals.iBig.in([1n, NaN as unknown as bigint])],
      ['day', () => vals.day.lt(new Date('x'))],
      ['at_tz', () => vals.atTz.between(new Date(0), new Date(NaN))],
      ['name', () => vals.name.eq({} as unknown as string)],
      ['body', () => vals.body.ne('a\ud800')],
      ['flag', () => vals.flag.eq('maybe' as unknown as boolean)],
      ['uid', () => vals.uid.eq('not-a-uuid')],
      ['i_small', () => vals.iSmall.in([32767, 40000])],
      ['i_int', () => vals.iInt.lt(1.5)],
      ['name', () => vals.name.like({} as unknown as string)],
      ['body', () => vals.body.ilike('%\ud800%')],
    ];
    for (const [column, build] of cases) {
      assert.throws(build, (e) => {
        assert.ok(e instanceof InvalidValueError, String(e));
        assert.equal(e.column, column);
        assert.match(e.message, new RegExp(`^invalid value for vals\\.${column}:`));
        return true;
      });
    }
  });

  test('values that name no column are refused when the driver cannot bind them', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const refused = async (run: () => Promise<unknown>, target: string) =>
      assert.rejects(run, (e) => {
        assert.ok(e instanceof InvalidValueError, String(e));
        assert.equal(e.target, target);
        assert.match(e.message, /^invalid value for parameter/);
        return true;
      });
    await refused(() => engine.execute(sql`select ${new Date('x')} as d`), 'parameter 1');
    await refused(
      () =>
        engine.execute(
          select(vals.id)
            .from(vals)
            .where(vals.atTz.gt(param('since'))),
          { since: new Date(NaN) },
        ),
      'parameter "since"',
    );
    await refused(
      () => engine.execute(select(value(cyclic, vals.doc.ir.type).as('j'))),
      'parameter 1',
    );
    assert.equal(await checksum(engine), before_);
  });

  test('session.get checks its key against the key column', async () => {
    const session = new Session(engine);
    try {
      for (const key of ['abc', 1.5, NaN, 2 ** 31, { id: '1' }]) {
        await assert.rejects(session.get(Val, key), (e) => {
          assert.ok(e instanceof InvalidValueError, String(e));
          assert.equal(e.column, 'id');
          assert.match(e.message, /^invalid value for vals\.id:/);
          return true;
        });
      }
      assert.equal((await session.get(Val, 1))?.id, 1);
    } finally {
      await session.close();
    }
  });

  test('comparisons check the kind (and integer ranges) only: sound comparisons run', async () => {
    const { rows } = await engine.execute(
      select(vals.id)
        .from(vals)
        .where(
          vals.name.ne('y'.repeat(30)),
          vals.code.ne('abcd'),
          vals.dec.lt('123456789012345678901.5'),
          vals.iInt.lt(5n as unknown as number), // a bigint in range: accepted in comparisons
          vals.atTs.gt(new Date(0)),
        ),
    );
    assert.deepEqual(rows, [{ id: 1 }]);
  });

  test('edge values round trip exactly through a Session insert and update, and Core update', async () => {
    const [first, second] = GOOD_ROWS as [ValRow, ValRow];
    const session = new Session(engine);
    try {
      session.add(new Val({ ...first, id: 10 }));
      await session.commit();
      const loaded = await session.get(Val, 10);
      assert.ok(loaded);
      Object.assign(loaded, { ...second, id: 10 });
      await session.commit();
    } finally {
      await session.close();
    }
    const { id: _id, ...rest } = first;
    await engine.execute(update(vals).set(rest).where(vals.id.eq(2)));
    const check = new Session(engine);
    try {
      const rows = await check.query(Val).orderBy(Val.c.id).all();
      assert.deepEqual(rows.map(valuesOf), [first, { ...first, id: 2 }, { ...second, id: 10 }]);
    } finally {
      await check.close();
    }
  });
});
