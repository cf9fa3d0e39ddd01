// Fractional seconds past a column's declared precision. PostgreSQL (and MySQL 8) round
// them: 23:59:59.999 into timestamp(0) is the next day's 00:00:00. MariaDB truncated them
// (23:59:59), so one value written through dbgen was two different instants; its
// sessions now run with TIME_ROUND_FRACTIONAL (mysql/driver.ts) and round too. SQLite
// has no precision: a timestamp keeps its milliseconds and a time its text as written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, insertInto, selectFrom, type Column } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const n = { nullable: true };
const ir = table('ticks', [
  column('id', 'integer', { primaryKey: true }),
  column('ts0', 'timestamp(0)', n),
  column('tz1', 'timestamptz(1)', n),
  column('tm0', 'time(0)', n),
]);
const ticks = defineTable<{
  id: Column<number>;
  ts0: Column<Date | null>;
  tz1: Column<Date | null>;
  tm0: Column<string | null>;
}>(ir);

const written = [
  { id: 1, ts0: '2024-12-31T23:59:59.999Z', tz1: '2024-12-31T23:59:59.960Z', tm0: '10:00:00.7' },
  { id: 2, ts0: '2024-06-01T12:00:00.400Z', tz1: '2024-06-01T12:00:00.940Z', tm0: '10:00:00.4' },
  { id: 3, ts0: '2024-06-01T12:00:00.500Z', tz1: '2024-06-01T12:00:00.050Z', tm0: '10:00:00.5' },
];

/** What each row reads back where the server rounds to the declared precision. */
const rounded = [
  ['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '10:00:01'],
  ['2024-06-01T12:00:00.000Z', '2024-06-01T12:00:00.900Z', '10:00:00'],
  ['2024-06-01T12:00:01.000Z', '2024-06-01T12:00:00.100Z', '10:00:01'],
];

forEachDialect((dialect, makeEngine) => {
  test('digits past the precision are rounded (SQLite keeps them as written)', async () => {
    const engine = makeEngine();
    await createTables(engine, schema([ir]), dialect);
    await engine.execute(
      insertInto(ticks).values(
        written.map((w) => ({ ...w, ts0: new Date(w.ts0), tz1: new Date(w.tz1) })),
      ),
    );
    const { rows } = await engine.execute(selectFrom(ticks).orderBy(ticks.id));
    const read = rows.map((r) => [r.ts0?.toISOString(), r.tz1?.toISOString(), r.tm0]);
    assert.deepEqual(
      read,
      dialect === 'sqlite' ? written.map((w) => [w.ts0, w.tz1, w.tm0]) : rounded,
    );
  });
});
