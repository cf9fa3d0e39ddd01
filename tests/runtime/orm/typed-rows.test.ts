// Values the driver does not hand over in their logical type (enum arrays, 64-bit integers,
// JSON, timestamps) must come out of ORM loads as they went in: PostgreSQL loads read rows
// as value arrays and convert them by position, SQLite's read objects by name. A loaded
// object must also equal its snapshot (not dirty), and a change must UPDATE only itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defineTable,
  inspect,
  Model,
  registerModel,
  selectinload,
  Session,
  sql,
  type Column,
  type JsonValue,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, enumColumnType, foreignKey, relation, table } from '../../support/ir.js';

type Mood = 'happy' | 'sad';

const sensorsIR = table(
  'sensors',
  [column('id', 'integer', { primaryKey: true }), column('name', 'text')],
  {
    relations: [
      relation('readings', 'one-to-many', 'readings', ['id'], ['sensor_id'], { inverse: 'sensor' }),
    ],
  },
);
const readingsIR = table(
  'readings',
  [
    column('id', 'integer', { primaryKey: true }),
    column('sensor_id', 'integer'),
    column('moods', enumColumnType('mood', { arrayDims: 1 })),
    column('total', 'bigint'),
    column('data', 'json', { nullable: true }),
    column('taken_at', 'timestamptz'),
  ],
  {
    foreignKeys: [foreignKey(['sensor_id'], 'sensors', ['id'])],
    relations: [
      relation('sensor', 'many-to-one', 'sensors', ['sensor_id'], ['id'], { inverse: 'readings' }),
    ],
  },
);

const sensors = defineTable<{ id: Column<number>; name: Column<string> }>(sensorsIR);
const readings = defineTable<{
  id: Column<number>;
  sensorId: Column<number>;
  moods: Column<Mood[]>;
  total: Column<bigint>;
  data: Column<JsonValue | null>;
  takenAt: Column<Date>;
}>(readingsIR);

class Sensor extends Model {
  static readonly c = sensors;
  declare id: number;
  declare name: string;
  declare readings: Reading[];
}
class Reading extends Model {
  static readonly c = readings;
  declare id: number;
  declare sensorId: number;
  declare moods: Mood[];
  declare total: bigint;
  declare data: JsonValue | null;
  declare takenAt: Date;
  declare sensor: Sensor;
}
registerModel(Sensor, sensors, { readings: () => Reading });
registerModel(Reading, readings, { sensor: () => Sensor });

const DDL = {
  postgres: [
    `create type "mood" as enum ('happy', 'sad')`,
    `create table "sensors" ("id" integer primary key, "name" text not null)`,
    `create table "readings" ("id" integer primary key, "sensor_id" integer not null references "sensors",
      "moods" "mood"[] not null, "total" bigint not null, "data" json, "taken_at" timestamptz not null)`,
  ],
  mysql: [
    `create table "sensors" ("id" integer primary key, "name" text not null)`,
    `create table "readings" ("id" integer primary key, "sensor_id" integer not null references "sensors" ("id"),
      "moods" json not null, "total" bigint not null, "data" json, "taken_at" datetime(6) not null)`,
  ],
  sqlite: [
    `create table "sensors" ("id" integer primary key, "name" text not null)`,
    `create table "readings" ("id" integer primary key, "sensor_id" integer not null references "sensors",
      "moods" text not null, "total" integer not null, "data" text, "taken_at" text not null)`,
  ],
};

const columns = ['id', 'sensorId', 'moods', 'total', 'data', 'takenAt'] as const;
const at = new Date('2024-05-06T07:08:09.010Z');
const big = 9_007_199_254_740_993n; // past Number.MAX_SAFE_INTEGER

forEachDialect((dialect, makeEngine) => {
  test('typed values come out of query and select-in loads as stored, and are not dirty', async () => {
    const engine = makeEngine();
    for (const ddl of DDL[dialect]) await engine.execute(sql.raw(ddl));
    const w = new Session(engine);
    const sensor = new Sensor({ id: 1, name: 'north' });
    sensor.readings.push(
      new Reading({
        id: 10,
        moods: ['happy', 'sad'],
        total: big,
        data: { a: [1, null] },
        takenAt: at,
      }),
      new Reading({ id: 11, moods: [], total: -1n, data: null, takenAt: at }),
    );
    w.add(sensor);
    try {
      await w.commit();
    } finally {
      await w.close();
    }

    const s = new Session(engine);
    try {
      const loaded = await s.query(Reading).orderBy(Reading.c.id).all();
      const [viaSelectIn] = await s.query(Sensor).options(selectinload('readings')).all();
      // The column values (a spread would also copy the ORM's hidden symbol slots).
      const values = (r: Reading) => Object.fromEntries(columns.map((p) => [p, r[p]]));
      assert.deepEqual(loaded.map(values), [
        {
          id: 10,
          sensorId: 1,
          moods: ['happy', 'sad'],
          total: big,
          data: { a: [1, null] },
          takenAt: at,
        },
        { id: 11, sensorId: 1, moods: [], total: -1n, data: null, takenAt: at },
      ]);
      // The select-in load found the same objects (the identity map).
      assert.equal(viaSelectIn!.readings.length, 2);
      assert.ok(viaSelectIn!.readings.every((r, i) => r === loaded[i]));
      assert.deepEqual(s.dirty, []);
      assert.deepEqual(inspect(loaded[0]!).modified, []);

      loaded[1]!.total = 7n;
      assert.deepEqual(inspect(loaded[1]!).modified, ['total']);
      await s.commit();
    } finally {
      await s.close();
    }
    const { rows } = await engine.execute(
      sql`select cast(${sql.id('total')} as ${sql.raw(dialect === 'mysql' ? 'char' : 'text')}) as "total" from ${sql.id('readings')} order by ${sql.id('id')}`,
    );
    assert.deepEqual(rows, [{ total: String(big) }, { total: '7' }]);
  });
});
