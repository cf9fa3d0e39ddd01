// Values every dialect keeps as given, through dbgen's own DDL (createSchemaSql): `time`
// with microseconds, arrays of dates and timestamps (read back as Dates, a date element as
// its day, found by `any` and `contains`), and text that differs only in trailing spaces
// (distinct, and unique apart). MySQL/MariaDB once lost each: bare TIME keeps no fraction,
// array elements came back as ISO strings (a date element with its time of day: SQLite
// too, where `any(day)` then missed it), and utf8mb4_bin pads.
process.env['TZ'] = 'America/New_York';

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  defineTable,
  insertInto,
  select,
  update,
  UniqueViolationError,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, index, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const n = { nullable: true };

interface ClockColumns {
  readonly id: Column<number>;
  readonly at: Column<string | null>;
}
const clockIR = table('clock', [
  column('id', 'integer', { primaryKey: true }),
  column('at', 'time', n),
]);
const clock = defineTable<ClockColumns>(clockIR);

interface DaysColumns {
  readonly id: Column<number>;
  readonly days: Column<(Date | null)[] | null>;
  readonly stamps: Column<Date[] | null>;
  readonly zoned: Column<Date[] | null>;
}
const daysIR = table('days', [
  column('id', 'integer', { primaryKey: true }),
  column('days', 'date[]', n),
  column('stamps', 'timestamp[]', n),
  column('zoned', 'timestamptz[]', n),
]);
const days = defineTable<DaysColumns>(daysIR);

interface HandlesColumns {
  readonly id: Column<number>;
  readonly handle: Column<string>;
  readonly bio: Column<string | null>;
}
const handlesIR = table(
  'handles',
  [
    column('id', 'integer', { primaryKey: true }),
    column('handle', 'varchar(50)'),
    column('bio', 'text', n),
  ],
  { indexes: [index(['handle'], { name: 'handles_handle_key', unique: true })] },
);
const handles = defineTable<HandlesColumns>(handlesIR);

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([clockIR, daysIR, handlesIR]), dialect);
  });

  test('time keeps microseconds, and prints no padding zeros', async () => {
    const written = ['12:34:56.789', '23:59:59.999999', '08:00:00', '00:00:00.000001'];
    for (const [i, at] of written.entries())
      await engine.execute(insertInto(clock).values({ id: i + 1, at }));
    const { rows } = await engine.execute(select(clock.at).from(clock).orderBy(clock.id));
    assert.deepEqual(
      rows.map((r) => r.at),
      written,
    );
  });

  test('arrays of dates and timestamps read back as Dates; a date element as its day', async () => {
    const at = new Date('2024-03-10T07:30:00.123Z');
    await engine.execute(
      insertInto(days).values({
        id: 1,
        // A date element given with a time of day is stored as its day (UTC), as in a date column.
        days: [new Date('2024-03-10T00:00:00Z'), null, new Date('2024-03-12T15:45:00Z')],
        stamps: [at],
        zoned: [at, new Date('1999-12-31T23:59:59.999Z')],
      }),
    );
    const [row] = (await engine.execute(select(days).from(days).where(days.id.eq(1)))).rows;
    assert.deepEqual(row?.days, [
      new Date('2024-03-10T00:00:00Z'),
      null,
      new Date('2024-03-12T00:00:00Z'),
    ]);
    assert.deepEqual(row?.stamps, [at]);
    assert.deepEqual(row?.zoned, [at, new Date('1999-12-31T23:59:59.999Z')]);
  });

  test('arrays of dates and timestamps are filtered by an element (any, contains)', async () => {
    const ids = async (where: Parameters<ReturnType<typeof select>['where']>[0]) =>
      (await engine.execute(select(days.id).from(days).where(where))).rows.map((r) => r.id);
    const day = new Date('2024-03-12T00:00:00Z');
    assert.deepEqual(await ids(days.days.any(day)), [1]);
    assert.deepEqual(await ids(days.days.contains([day])), [1]);
    assert.deepEqual(await ids(days.days.any(new Date('2024-03-11T00:00:00Z'))), []);
    assert.deepEqual(await ids(days.zoned.any(new Date('1999-12-31T23:59:59.999Z'))), [1]);
    assert.deepEqual(await ids(days.stamps.contains([new Date('2024-03-10T07:30:00.123Z')])), [1]);
  });

  test('text differing only in trailing spaces is distinct: compared, updated, unique', async () => {
    await engine.execute(insertInto(handles).values({ id: 1, handle: 'ann ', bio: 'x ' }));
    const found = await engine.execute(
      select(handles.id).from(handles).where(handles.handle.eq('ann')),
    );
    assert.deepEqual(found.rows, []);
    const bio = await engine.execute(select(handles.id).from(handles).where(handles.bio.eq('x')));
    assert.deepEqual(bio.rows, []);
    const changed = await engine.execute(
      update(handles).set({ bio: 'changed' }).where(handles.handle.eq('ann')),
    );
    assert.equal(changed.rowCount, 0);
    // Not a duplicate of 'ann ': the unique key takes both.
    await engine.execute(insertInto(handles).values({ id: 2, handle: 'ann' }));
    await assert.rejects(
      engine.execute(insertInto(handles).values({ id: 3, handle: 'ann ' })),
      UniqueViolationError,
    );
    const { rows } = await engine.execute(
      select(handles.id, handles.handle).from(handles).orderBy(handles.id),
    );
    assert.deepEqual(rows, [
      { id: 1, handle: 'ann ' },
      { id: 2, handle: 'ann' },
    ]);
  });
});
