// Values every dialect keeps as given, through dbgen's own DDL (createSchemaSql): `time`
// with microseconds. MySQL/MariaDB once lost them (bare TIME keeps no fraction).
process.env['TZ'] = 'America/New_York';

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  createSchemaSql,
  defineTable,
  insertInto,
  select,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';

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

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    for (const statement of createSchemaSql(schema([clockIR]), dialect))
      await engine.execute(sql.raw(statement));
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
});
