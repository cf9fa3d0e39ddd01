// Round trip of every logical type on a real SQLite file and a real PostgreSQL database.
// The process runs in a DST-observing zone so local-time mistakes would show.
process.env['TZ'] = 'America/New_York';

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  defineTable,
  insertInto,
  select,
  selectFrom,
  sql,
  star,
  type Column,
  type Engine,
  type JsonValue,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, enumColumnType, table } from '../../support/ir.js';

interface KindsColumns {
  readonly id: Column<number>;
  readonly iSmall: Column<number | null>;
  readonly iBig: Column<bigint | null>;
  readonly fDouble: Column<number | null>;
  readonly dec: Column<string | null>;
  readonly flag: Column<boolean | null>;
  readonly t: Column<string | null>;
  readonly u: Column<string | null>;
  readonly d: Column<Date | null>;
  readonly ts: Column<Date | null>;
  readonly tstz: Column<Date | null>;
  readonly tm: Column<string | null>;
  readonly j: Column<JsonValue | null>;
  readonly jb: Column<JsonValue | null>;
  readonly b: Column<Buffer | null>;
  readonly mood: Column<'happy' | 'sad' | null>;
  readonly tags: Column<string[] | null>;
  readonly moods: Column<('happy' | 'sad')[] | null>;
  readonly nums: Column<bigint[] | null>;
}

const n = { nullable: true };
const kinds = defineTable<KindsColumns>(
  table('kinds', [
    column('id', 'integer', { primaryKey: true }),
    column('i_small', 'smallint', n),
    column('i_big', 'bigint', n),
    column('f_double', 'double', n),
    column('dec', 'decimal', n),
    column('flag', 'boolean', n),
    column('t', 'text', n),
    column('u', 'uuid', n),
    column('d', 'date', n),
    column('ts', 'timestamp', n),
    column('tstz', 'timestamptz', n),
    column('tm', 'time', n),
    column('j', 'json', n),
    column('jb', 'jsonb', n),
    column('b', 'bytea', n),
    column('mood', enumColumnType('mood'), n),
    column('tags', 'text[]', n),
    column('moods', enumColumnType('mood', { arrayDims: 1 }), n),
    column('nums', 'bigint[]', n),
  ]),
);

const DDL = {
  postgres: [
    `create type "mood" as enum ('happy', 'sad')`,
    `create table "kinds" ("id" integer primary key, "i_small" smallint, "i_big" bigint, "f_double" double precision,
      "dec" numeric, "flag" boolean, "t" text, "u" uuid, "d" date, "ts" timestamp, "tstz" timestamptz, "tm" time,
      "j" json, "jb" jsonb, "b" bytea, "mood" "mood", "tags" text[], "moods" "mood"[], "nums" bigint[])`,
  ],
  mysql: [
    `create table "kinds" ("id" integer primary key, "i_small" smallint, "i_big" bigint, "f_double" double,
      "dec" decimal(65, 30), "flag" tinyint(1), "t" text, "u" char(36), "d" date, "ts" datetime(6), "tstz" datetime(6),
      "tm" time, "j" json, "jb" json, "b" longblob, "mood" enum('happy', 'sad'), "tags" json, "moods" json, "nums" json)`,
  ],
  sqlite: [
    `create table "kinds" ("id" integer primary key, "i_small" integer, "i_big" integer, "f_double" real,
      "dec" text, "flag" integer, "t" text, "u" text, "d" text, "ts" text, "tstz" text, "tm" text,
      "j" text, "jb" text, "b" blob, "mood" text, "tags" text, "moods" text, "nums" text)`,
  ],
};

type Row = { [K in keyof KindsColumns]: KindsColumns[K] extends Column<infer T> ? T : never };

const rows: Row[] = [
  {
    id: 1,
    iSmall: 32767,
    iBig: 9223372036854775807n,
    fDouble: 0.1 + 0.2,
    dec: '0.30000000000000004',
    flag: true,
    t: 'héllo wörld 🎉 日本語 \u202e‮ "quoted" \'single\'',
    u: '6f1c2e5e-8b1a-4c1e-9a55-0f6b2a9c3d4e',
    d: new Date('2024-03-10T00:00:00Z'),
    ts: new Date('2024-03-10T06:59:59.999Z'), // the instant New York springs forward
    tstz: new Date('2024-03-10T07:00:00.000Z'),
    tm: '13:45:30',
    j: { a: [1, 'x', null], b: { c: true } },
    jb: ['array', 2, { deep: [] }],
    b: Buffer.from([0, 1, 2, 0, 255]),
    mood: 'happy',
    tags: ['a', 'b,c', '"q"', ''],
    moods: ['happy', 'sad'],
    nums: [1n, -9223372036854775808n],
  },
  {
    id: 2,
    iSmall: -32768,
    iBig: -9223372036854775808n,
    fDouble: -1.5e300,
    dec: '12345678901234567890.123456789',
    flag: false,
    t: '',
    u: null,
    d: new Date('1999-12-31T00:00:00Z'),
    ts: new Date('2024-11-03T05:30:00.000Z'), // inside New York's repeated hour
    tstz: new Date('2024-11-03T06:30:00.123Z'),
    tm: null,
    j: 'just a string',
    jb: null,
    b: Buffer.alloc(0),
    mood: 'sad',
    tags: [],
    moods: [],
    nums: [],
  },
  {
    id: 3,
    iSmall: null,
    iBig: null,
    fDouble: null,
    dec: null,
    flag: null,
    t: null,
    u: null,
    d: null,
    ts: null,
    tstz: null,
    tm: null,
    j: null,
    jb: null,
    b: null,
    mood: null,
    tags: null,
    moods: null,
    nums: null,
  },
];

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    for (const ddl of DDL[dialect]) await engine.execute(sql.raw(ddl));
    await engine.execute(insertInto(kinds).values(rows));
  });

  test('every logical type round-trips through the builder', async () => {
    const { rows: got } = await engine.execute(selectFrom(kinds).orderBy(kinds.id));
    assert.deepEqual(got, rows);
  });

  test('values compared with a column are converted by its type', async () => {
    const q = selectFrom(kinds).where(
      kinds.iBig.eq(9223372036854775807n),
      kinds.flag.eq(true),
      kinds.tstz.eq(new Date('2024-03-10T07:00:00.000Z')),
      kinds.d.eq(new Date('2024-03-10T00:00:00Z')),
    );
    const { rows: got } = await engine.execute(q);
    assert.deepEqual(
      got.map((r) => r.id),
      [1],
    );
  });

  // MySQL casts to CHAR, not TEXT (raw SQL is sent as written).
  const textType = dialect === 'mysql' ? 'char' : 'text';

  test('bigint keeps precision in raw SQL too (pg parses int8 per pool)', async () => {
    const { rows: got } = await engine.execute<{ v: unknown }>(
      sql`select cast(${kinds.iBig} as ${sql.raw(textType)}) as "v" from ${sql.id('kinds')} where ${sql.id('id')} = ${1}`,
    );
    assert.deepEqual(got, [{ v: '9223372036854775807' }]);
  });

  test('raw SQL results are converted when typed', async () => {
    const plain = await engine.execute(sql`select "flag" from "kinds" where "id" = ${1}`);
    assert.deepEqual(plain.rows, [{ flag: dialect === 'postgres' ? true : 1 }]);
    const typed = await engine.execute(
      sql`select "tstz", "flag", "j", cast("i_big" as ${sql.raw(textType)}) as "big", count(*) over () as "n" from "kinds" where "id" = ${1}`.types<{
        tstz: Date;
        flag: boolean;
        j: unknown;
        big: bigint;
        n: number;
      }>({ tstz: 'timestamptz', flag: 'boolean', j: 'json', big: 'bigint', n: 'integer' }),
    );
    assert.deepEqual(typed.rows, [
      { tstz: rows[0]?.tstz, flag: true, j: rows[0]?.j, big: 9223372036854775807n, n: 1 },
    ]);
  });

  test('rows fetched as value arrays (the ORM loads) are converted as object rows are', async () => {
    const connection = await engine.connect();
    try {
      const { rows: got, arrays } = await connection.queryValues(
        selectFrom(kinds).orderBy(kinds.id).node,
      );
      // PostgreSQL's and mysql2 build arrays more cheaply; SQLite's gives objects only.
      assert.equal(arrays, dialect !== 'sqlite');
      const props = kinds.$columns.map((c) => c.node.propertyName);
      const keyed = arrays
        ? (got as unknown[][]).map((values) =>
            Object.fromEntries(props.map((p, i) => [p, values[i]])),
          )
        : got;
      assert.deepEqual(keyed, rows);
      // A `*` select list has no known positions: objects, on every dialect.
      const starred = await connection.queryValues(select(star()).from(kinds).node);
      assert.equal(starred.arrays, false);
      assert.equal(starred.rows.length, rows.length);
    } finally {
      await connection.release();
    }
  });

  test('streaming converts values and yields every row', async () => {
    const seen: Row[] = [];
    for await (const row of engine.stream(selectFrom(kinds).orderBy(kinds.id), { batchSize: 2 })) {
      seen.push(row);
    }
    assert.deepEqual(seen, rows);
  });

  test('leaving a stream early releases its connection', async () => {
    const single = makeEngine({ poolSize: 1, acquireTimeoutMs: 2_000 });
    for await (const row of single.stream(selectFrom(kinds).orderBy(kinds.id), { batchSize: 1 })) {
      assert.equal(row.id, 1);
      break;
    }
    const { rows: after } = await single.execute(sql`select ${'still usable'} as "v"`);
    assert.deepEqual(after, [{ v: 'still usable' }]);
  });

  if (dialect === 'postgres') {
    test('decimal arithmetic is exact on PostgreSQL', async () => {
      const { rows: got } = await engine.execute(
        sql`select ${'0.1'}::numeric + ${'0.2'}::numeric as "sum"`,
      );
      assert.deepEqual(got, [{ sum: '0.3' }]);
    });
  }
});
