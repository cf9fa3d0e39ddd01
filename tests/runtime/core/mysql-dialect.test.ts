// MySQL/MariaDB specifics on a real MariaDB database: UTC storage whatever the process's
// and the server's time zone, and the auto-increment order of one multi-row INSERT (the
// assumption an insert-id path for MySQL's missing RETURNING would rest on).
process.env['TZ'] = 'Asia/Tokyo';

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createEngine,
  defineTable,
  insertInto,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { column, table } from '../../support/ir.js';

interface EventsColumns {
  readonly id: Column<number>;
  readonly label: Column<string>;
  readonly at: Column<Date>;
}
const events = defineTable<EventsColumns>(
  table('events', [
    column('id', 'integer', { primaryKey: true, autoIncrement: true }),
    column('label', 'varchar'),
    column('at', 'timestamptz'),
  ]),
);

let database: TestDatabase;
let engine: Engine;
before(async () => {
  database = await createTestDatabase('mysql');
  engine = createEngine(database.url);
  await engine.execute(
    sql.raw(
      'create table "events" ("id" integer auto_increment primary key, "label" varchar(64) not null, "at" datetime(6) not null)',
    ),
  );
});
after(async () => {
  await engine.close();
  await database.drop();
});

test('timestamps are stored as UTC whatever the process and server time zones', async () => {
  const at = new Date('2024-03-10T06:59:59.999Z');
  await engine.execute(insertInto(events).values({ label: 'tz', at }));
  const { rows } = await engine.execute<{ zone: string; text: string }>(
    sql`select @@session.time_zone as "zone", cast("at" as char) as "text" from "events" where "label" = ${'tz'}`,
  );
  assert.deepEqual(rows, [{ zone: '+00:00', text: '2024-03-10 06:59:59.999000' }]);
  const back = await engine.execute(
    sql`select "at" from "events" where "label" = ${'tz'}`.types<{ at: Date }>({
      at: 'timestamptz',
    }),
  );
  assert.equal(back.rows[0]?.at.toISOString(), at.toISOString());
});

test('one multi-row INSERT takes consecutive auto-increment ids, in row order', async () => {
  const [mode] = (
    await engine.execute<{ mode: number | string; step: number | string }>(
      sql`select @@innodb_autoinc_lock_mode as "mode", @@auto_increment_increment as "step"`,
    )
  ).rows;
  const rows = Array.from({ length: 500 }, (_, i) => ({
    label: `row ${i}`,
    at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
  }));
  // Concurrent inserts on other connections must not interleave ids inside the statement.
  const noise = Array.from({ length: 4 }, (_, n) =>
    engine.execute(insertInto(events).values({ label: `noise ${n}`, at: new Date() })),
  );
  const [inserted] = await Promise.all([
    engine.execute(insertInto(events).values(rows).returning(events.id, events.label)),
    ...noise,
  ]);
  const step = Number(mode?.step ?? 1);
  const first = inserted.rows[0]?.id ?? 0;
  assert.deepEqual(
    inserted.rows,
    rows.map((r, i) => ({ id: first + i * step, label: r.label })),
    `innodb_autoinc_lock_mode ${String(mode?.mode)}`,
  );
});
