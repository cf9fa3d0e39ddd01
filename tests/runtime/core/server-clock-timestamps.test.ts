// A `timestamp` (without time zone) the server fills in (`default: CURRENT_TIMESTAMP`,
// `now()`) reads back as the current instant on every dialect. dbgen reads `timestamp`
// as UTC wall-clock time; PostgreSQL computes such values in the session's TimeZone,
// which is the server's or the database's (initdb takes the machine's zone), so on a
// database set to America/New_York the README's `created_at` read five hours early.
// dbgen's PostgreSQL sessions now run at UTC (postgres/session-zone.ts), as MySQL's do.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { defineTable, insertInto, select, sql, type Column, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const ZONE = 'America/New_York';

const eventsIr = table('events', [
  column('id', 'integer', { primaryKey: true }),
  column('at', 'timestamp', {
    nullable: false,
    default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' },
  }),
]);
const events = defineTable<{ id: Column<number>; at: Column<Date> }>(eventsIr);

/** Milliseconds between `at` and now: the server's clock is this machine's. */
const offBy = (at: unknown): number => {
  assert.ok(at instanceof Date, `a Date: ${String(at)}`);
  return Math.abs(at.getTime() - Date.now());
};

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    const setup = makeEngine();
    await createTables(setup, schema([eventsIr]), dialect);
    if (dialect === 'postgres') {
      // Every new session of this database starts in New York's zone, unless told other.
      const { rows } = await setup.execute(sql`select current_database() as name`);
      await setup.execute(
        sql.raw(`alter database "${String(rows[0]!['name'])}" set timezone to '${ZONE}'`),
      );
    }
    await setup.close();
    engine = makeEngine();
  });

  test('a timestamp filled in by the server is the current instant', async () => {
    await engine.execute(insertInto(events).values({ id: 1 }));
    const { rows } = await engine.execute(select(events.at).from(events));
    assert.ok(offBy(rows[0]!.at) < 60_000, `read ${String(rows[0]!.at)}`);
  });

  if (dialect === 'postgres') {
    test('PostgreSQL: the session runs at UTC, unless the URL sets a zone', async () => {
      const { rows } = await engine.execute(sql`select current_setting('TimeZone') as zone`);
      assert.equal(rows[0]!['zone'], 'UTC');
      const stamped = await engine.execute(
        sql`select localtimestamp as at`.types({ at: 'timestamp' }),
      );
      assert.ok(offBy(stamped.rows[0]!['at']) < 60_000);
    });
  }
});
