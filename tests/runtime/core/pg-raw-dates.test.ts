// A JS Date bound through the raw `sql` tag (no column type) must mean the same instant
// whatever the process's time zone: pg on its own writes it in local time, which a
// `timestamp` or `date` parameter keeps while every read takes it as UTC. The process
// runs in a DST-observing zone west of UTC so that such a shift shows (a day, for dates).
process.env['TZ'] = 'America/New_York';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, insertInto, selectFrom, sql, type Column } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const nullable = { nullable: true };
const ir = table('raw_dates', [
  column('id', 'integer', { primaryKey: true }),
  column('ts', 'timestamp', nullable),
  column('d', 'date', nullable),
  column('tz', 'timestamptz', nullable),
]);
const rawDates = defineTable<{
  id: Column<number>;
  ts: Column<Date | null>;
  d: Column<Date | null>;
  tz: Column<Date | null>;
}>(ir);

test('the process runs west of UTC', () => {
  assert.equal(new Date('2024-07-01T02:30:00Z').getTimezoneOffset(), 240);
});

forEachDialect(
  (dialect, makeEngine) => {
    test('a Date bound raw is stored as the builder stores it', async () => {
      const engine = makeEngine();
      await createTables(engine, schema([ir]), dialect);
      // 02:30 UTC is the evening before in New York: a local-time write moves the day too.
      const when = new Date('2024-07-01T02:30:00.000Z');
      await engine.execute(
        sql`insert into raw_dates (id, ts, d, tz) values (1, ${when}, ${when}, ${when})`,
      );
      await engine.execute(insertInto(rawDates).values({ id: 2, ts: when, d: when, tz: when }));
      const stored = await engine.execute<{ id: number; ts: string; d: string }>(
        sql`select id, ts::text as ts, d::text as d from raw_dates order by id`,
      );
      assert.deepEqual(stored.rows, [
        { id: 1, ts: '2024-07-01 02:30:00', d: '2024-07-01' },
        { id: 2, ts: '2024-07-01 02:30:00', d: '2024-07-01' },
      ]);
      const read = await engine.execute(selectFrom(rawDates).orderBy(rawDates.id));
      for (const row of read.rows) {
        assert.equal(row.ts?.toISOString(), '2024-07-01T02:30:00.000Z', `row ${row.id}`);
        assert.equal(row.d?.toISOString(), '2024-07-01T00:00:00.000Z', `row ${row.id}`);
        assert.equal(row.tz?.toISOString(), '2024-07-01T02:30:00.000Z', `row ${row.id}`);
      }
      // A raw comparison with the same Date finds both rows.
      const found = await engine.execute<{ id: number }>(
        sql`select id from raw_dates where ts = ${when} and d = ${when} order by id`,
      );
      assert.deepEqual(
        found.rows.map((r) => r.id),
        [1, 2],
      );
    });

    test('Dates inside a raw array, and years PostgreSQL writes with BC or five digits', async () => {
      const engine = makeEngine();
      const when = new Date('2024-07-01T02:30:00.000Z');
      const { rows } = await engine.execute<{ days: string; stamps: string }>(
        sql`select cast(${[when, null]} as date[])::text as days,
                   cast(${[when]} as timestamp[])::text as stamps`,
      );
      assert.deepEqual(rows, [{ days: '{2024-07-01,NULL}', stamps: '{"2024-07-01 02:30:00"}' }]);
      const bc = new Date(Date.UTC(2000, 2, 15, 12));
      bc.setUTCFullYear(-43); // 44 BC
      const far = new Date(Date.UTC(10000, 0, 1));
      const texts = await engine.execute<{ bc: string; far: string }>(
        sql`select cast(${bc} as timestamp)::text as bc, cast(${far} as timestamp)::text as far`,
      );
      assert.deepEqual(texts.rows, [{ bc: '0044-03-15 12:00:00 BC', far: '10000-01-01 00:00:00' }]);
    });
  },
  ['postgres'],
);
