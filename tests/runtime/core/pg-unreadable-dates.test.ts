// PostgreSQL dates and timestamps a JS Date cannot hold, and years it can but `new Date`
// does not read. BC years read as BC (44 BC is the astronomical year -43; a BC date came
// back AD), five-digit years read (they were invalid Dates). `infinity` and `-infinity`
// fail the statement with a QueryError naming the column and the value (they were an
// invalid Date, or the number Infinity for a timestamptz), on every read path: one
// statement, a held connection, array-mode rows, a stream, and typed raw text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, QueryError, selectFrom, sql, type Column, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const nullable = { nullable: true };
const ir = table('odd_dates', [
  column('id', 'integer', { primaryKey: true }),
  column('d', 'date', nullable),
  column('ts', 'timestamp', nullable),
  column('tz', 'timestamptz', nullable),
  column('ds', 'date[]', nullable),
]);
const oddDates = defineTable<{
  id: Column<number>;
  d: Column<Date | null>;
  ts: Column<Date | null>;
  tz: Column<Date | null>;
  ds: Column<Date[] | null>;
}>(ir);

/** A Date of a year outside 1–9999 (Date.UTC would take 0–99 as 19xx). */
function utc(year: number, month: number, day: number, hour = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour));
  date.setUTCFullYear(year);
  return date.getTime();
}

async function insert(engine: Engine, id: number, d: string, ts: string, tz: string) {
  await engine.execute(
    sql`insert into odd_dates (id, d, ts, tz, ds)
        values (${id}, ${d}::date, ${ts}::timestamp, ${tz}::timestamptz, array[${d}::date])`,
  );
}

async function refused(run: () => Promise<unknown>, column: string, value: string) {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof QueryError, String(error));
    assert.equal(error.column, column);
    assert.match(error.message, new RegExp(`'${value}' has no JS Date`));
    assert.match(error.message, new RegExp(`column "${column}"`));
    return true;
  });
}

forEachDialect(
  (dialect, makeEngine) => {
    test('BC and five-digit years read as the dates they are', async () => {
      const engine = makeEngine();
      await createTables(engine, schema([ir]), dialect);
      await insert(
        engine,
        1,
        '0044-03-15 BC',
        '0044-03-15 12:00:00 BC',
        '0044-03-15 12:00:00+00 BC',
      );
      await insert(
        engine,
        2,
        '0001-01-01 BC',
        '0001-01-01 00:00:00 BC',
        '0001-01-01 00:00:00+00 BC',
      );
      await insert(engine, 3, '10000-01-01', '10000-01-01 00:00:00', '10000-01-01 00:00:00+00');
      await insert(engine, 4, '0010-01-01', '0010-01-01 00:00:00', '0010-01-01 00:00:00+00');
      const want = [
        [utc(-43, 3, 15), utc(-43, 3, 15, 12)],
        [utc(0, 1, 1), utc(0, 1, 1)],
        [utc(10000, 1, 1), utc(10000, 1, 1)],
        [utc(10, 1, 1), utc(10, 1, 1)],
      ];
      const built = await engine.execute(selectFrom(oddDates).orderBy(oddDates.id));
      const raw = await engine.execute<{ d: Date; ts: Date; tz: Date; ds: Date[] }>(
        sql`select d, ts, tz, ds from odd_dates order by id`,
      );
      for (const rows of [built.rows, raw.rows]) {
        assert.deepEqual(
          rows.map((r) => [r.d?.getTime(), r.ts?.getTime(), r.tz?.getTime(), r.ds?.[0]?.getTime()]),
          want.map(([day, stamp]) => [day, stamp, stamp, day]),
        );
      }
      assert.equal(raw.rows[0]!.d.getUTCFullYear(), -43);
    });

    test('infinity is refused naming its column and value, and the connection goes on', async () => {
      const engine = makeEngine();
      await engine.execute(sql`delete from odd_dates`);
      await insert(engine, 1, '2024-01-01', '2024-01-01 00:00:00', '2024-01-01 00:00:00+00');
      await insert(engine, 2, '2024-01-02', '2024-01-02 00:00:00', 'infinity');
      // One statement on the pool: the builder and raw SQL.
      await refused(() => engine.execute(selectFrom(oddDates)), 'tz', 'infinity');
      await refused(
        () => engine.execute(sql`select id, tz as at from odd_dates`),
        'at',
        'infinity',
      );
      await engine.execute(sql`update odd_dates set tz = now(), ts = '-infinity' where id = 2`);
      await refused(() => engine.execute(sql`select ts from odd_dates`), 'ts', '-infinity');
      await engine.execute(sql`update odd_dates set ts = now(), d = 'infinity' where id = 2`);
      await refused(() => engine.execute(sql`select id, d from odd_dates`), 'd', 'infinity');
      await refused(
        () => engine.execute(sql`select ds || d as days from odd_dates`),
        'days',
        'infinity',
      );
      // A held connection, its array-mode rows and its stream; it stays usable.
      const connection = await engine.connect();
      try {
        await refused(() => connection.execute(sql`select d from odd_dates`), 'd', 'infinity');
        await refused(() => connection.queryValues(selectFrom(oddDates).node), 'd', 'infinity');
        await refused(
          async () => {
            for await (const row of connection.stream(
              sql`select id, d from odd_dates order by id`,
              {
                batchSize: 1,
              },
            ))
              void row;
          },
          'd',
          'infinity',
        );
        const { rows } = await connection.execute<{ n: number }>(sql`select 1 as n`);
        assert.deepEqual(rows, [{ n: 1 }]);
      } finally {
        await connection.release();
      }
      // Text typed as a date is read as the pool reads a date.
      await assert.rejects(
        engine.execute(sql`select 'infinity'::text as d`.types<{ d: Date }>({ d: 'date' })),
        (error: unknown) =>
          error instanceof QueryError && /'infinity' has no JS Date/.test(error.message),
      );
      const { rows } = await engine.execute<{ n: number }>(
        sql`select count(*)::int as n from odd_dates`,
      );
      assert.deepEqual(rows, [{ n: 2 }]);
    });
  },
  ['postgres'],
);
