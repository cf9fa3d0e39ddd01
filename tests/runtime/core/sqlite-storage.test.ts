// How values are stored, whoever writes them (issue 15, items 1–3 and 23): one timestamp
// format on SQLite (the DDL's CURRENT_TIMESTAMP default included), exact decimals on
// both dialects, SQLite rows held to their declared types by CHECKs, and what happens to
// rows an older dbgen stored.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import {
  CheckViolationError,
  comparableSchema,
  createEngine,
  createSchemaSql,
  defineTable,
  insertInto,
  max,
  min,
  op,
  postgresDdl,
  introspect,
  renderOperations,
  select,
  sql,
  sqliteDdl,
  type Column,
  type Compilable,
  type Engine,
  type SchemaIR,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { migrationDatabase } from '../../support/migration-database.js';
import { createTables } from '../../support/create-tables.js';

const DBML = `
Table events {
  id integer [pk, increment]
  name varchar(20) [not null]
  price decimal(20,2)
  amount numeric
  happened_at timestamp [not null, default: \`CURRENT_TIMESTAMP\`]
}

Table kinds {
  id integer [pk]
  small smallint
  whole integer
  big bigint
  flag boolean
  code char(3)
  label varchar(20)
  body text
  day date
  at timestamptz [default: \`now()\`]
  cost decimal(6,2) [default: '0.5']
  fee decimal(6,2) [default: 1]
  ago interval
  since timestamp [default: '2020-01-01 00:00:00']
  doc json
  raw bytea
  uid uuid
  tags text[]
}
`;

function compile(text: string): SchemaIR {
  const compiled = compileSchemaSource(text, 'storage.dbml');
  assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
  return compiled.ir;
}

const ir = compile(DBML);
const tableIR = (name: string) => {
  const found = ir.tables.find((t) => t.name === name);
  assert.ok(found);
  return found;
};

interface EventsColumns {
  readonly id: Column<number>;
  readonly name: Column<string>;
  readonly price: Column<string | null>;
  readonly amount: Column<string | null>;
  readonly happenedAt: Column<Date>;
}
const events = defineTable<EventsColumns>(tableIR('events'));

const rowsOf = async <S extends Compilable>(engine: Engine, statement: S) =>
  (await engine.execute(statement)).rows;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

forEachDialect((dialect, makeEngine) => {
  before(async () => {
    const engine = makeEngine();
    await createTables(engine, ir, dialect);
  });

  test('a default timestamp and a bound Date compare and order as instants', async () => {
    const engine = makeEngine();
    const twoHoursAgo = new Date(Date.now() - 2 * 3600e3);
    await engine.execute(insertInto(events).values({ name: 'old', happenedAt: twoHoursAgo }));
    // Written by the DDL default (CURRENT_TIMESTAMP), a moment ago.
    await engine.execute(insertInto(events).values({ name: 'new' }));
    const olderThanAnHour = await rowsOf(
      engine,
      select({ name: events.name })
        .from(events)
        .where(events.happenedAt.lt(new Date(Date.now() - 3600e3))),
    );
    assert.deepEqual(
      olderThanAnHour.map((r) => r.name),
      ['old'],
    );
    const ordered = await rowsOf(
      engine,
      select({ name: events.name, happenedAt: events.happenedAt })
        .from(events)
        .orderBy(events.happenedAt.desc()),
    );
    assert.deepEqual(
      ordered.map((r) => r.name),
      ['new', 'old'],
    );
    assert.ok(Math.abs(ordered[0]!.happenedAt.getTime() - Date.now()) < 3600e3);
    if (dialect === 'sqlite') {
      const stored = (
        await engine.execute<{ t: string }>(sql.raw(`select happened_at as t from events`))
      ).rows;
      for (const row of stored) assert.match(row.t, ISO);
    }
  });

  test('decimals keep every digit and their scale, and order by value', async () => {
    const engine = makeEngine();
    const written = ['0.30', '123456789012345678.91', '-5.00', '9.00', '10.00', '0.3', '-0'];
    for (const [i, price] of written.entries()) {
      await engine.execute(insertInto(events).values({ name: `d${i}`, price, amount: price }));
    }
    const read = await rowsOf(
      engine,
      select({ name: events.name, price: events.price, amount: events.amount })
        .from(events)
        .where(events.name.like('d%'))
        .orderBy(events.name),
    );
    assert.deepEqual(
      read.map((r) => r.price),
      ['0.30', '123456789012345678.91', '-5.00', '9.00', '10.00', '0.30', '0.00'],
    );
    // Without a declared scale, the written one is kept (as PostgreSQL's numeric keeps it);
    // MySQL has no such type (DECIMAL(65, 30)), so the value comes back without padding zeros.
    assert.deepEqual(
      read.map((r) => r.amount),
      dialect === 'mysql'
        ? ['0.3', '123456789012345678.91', '-5', '9', '10', '0.3', '0']
        : ['0.30', '123456789012345678.91', '-5.00', '9.00', '10.00', '0.3', '0'],
    );
    const byPrice = await rowsOf(
      engine,
      select({ price: events.price })
        .from(events)
        .where(events.name.like('d%'))
        .orderBy(events.price.asc(), events.name.asc()),
    );
    assert.deepEqual(
      byPrice.map((r) => r.price),
      ['-5.00', '0.00', '0.30', '0.30', '9.00', '10.00', '123456789012345678.91'],
    );
    const over = await rowsOf(
      engine,
      select({ price: events.price })
        .from(events)
        .where(events.price.gt('9.5'))
        .orderBy(events.price),
    );
    assert.deepEqual(
      over.map((r) => r.price),
      ['10.00', '123456789012345678.91'],
    );
    const between = await rowsOf(
      engine,
      select({ price: events.price })
        .from(events)
        .where(events.price.between('0.1', '9'))
        .orderBy(events.price),
    );
    assert.deepEqual(
      between.map((r) => r.price),
      ['0.30', '0.30', '9.00'],
    );
    const extremes = await rowsOf(
      engine,
      select({ low: min(events.price), high: max(events.price) })
        .from(events)
        .where(events.price.lt('100')),
    );
    assert.deepEqual(extremes, [{ low: '-5.00', high: '10.00' }]);
    const exact = await rowsOf(
      engine,
      select({ name: events.name }).from(events).where(events.price.eq('123456789012345678.91')),
    );
    assert.deepEqual(
      exact.map((r) => r.name),
      ['d1'],
    );
  });
});

describe('sqlite', () => {
  const fresh = migrationDatabase('sqlite');
  before(async () => {
    const { connection } = fresh;
    for (const statement of createSchemaSql(ir, 'sqlite')) await connection.query(statement);
  });

  test('pull reads back the declared schema: no drift, no type checks among the checks', async () => {
    const { connection } = fresh;
    const pulled = await introspect(connection);
    assert.deepEqual(comparableSchema(pulled, 'sqlite'), comparableSchema(ir, 'sqlite'));
    for (const table of pulled.tables) assert.deepEqual(table.checks, []);
    const price = pulled.tables
      .find((t) => t.name === 'events')
      ?.columns.find((c) => c.name === 'price');
    assert.equal(price?.type.logical, 'decimal');
    assert.deepEqual(price?.type.args, [20, 2]);
  });

  test('another writer cannot store a value its column does not declare', async () => {
    const { connection } = fresh;
    const refused: [string, string][] = [
      ['small', '40000'],
      ['small', "'abc'"],
      ['whole', '1.5'],
      ['whole', '4294967296'],
      ['whole', "'abc'"],
      ['big', '9.5e18'],
      ['big', "'9223372036854775808'"], // 2^63: INTEGER affinity would make it a lossy REAL
      ['whole', "'Infinity'"],
      ['whole', '9e999'],
      ['flag', "'maybe'"],
      ['flag', '2'],
      ['code', "'abcd'"],
      ['label', `'${'x'.repeat(21)}'`],
      ['body', "x'00'"],
      ['day', "'2026-02-30'"],
      ['day', "'05/12/2026'"],
      ['at', "'2026-12-05 12:28:23'"],
      ['at', "'tomorrow'"],
      ['doc', "'{not json'"],
      ['raw', "'text'"],
      ['uid', "'not-a-uuid'"],
      ['tags', "'['"],
      ['tags', "'{}'"],
      ['cost', "'1.234'"],
      ['cost', "'1.2'"],
      ['cost', "'--5.00'"],
      ['cost', "'5.00-'"],
      ['cost', "'1.2.30'"],
      ['cost', "'12345.00'"],
      ['cost', "'abc'"],
      ['cost', '1.5'],
    ];
    for (const [column, literal] of refused) {
      await assert.rejects(
        connection.query(`insert into kinds (id, "${column}") values (1, ${literal})`),
        (error: unknown) =>
          error instanceof CheckViolationError &&
          error.constraint === `type:${column}` &&
          error.column === column,
        `${column} = ${literal} is refused`,
      );
    }
    const accepted: [string, string][] = [
      ['small', '-32768'],
      ['whole', "'42'"], // INTEGER affinity turns well-formed text into an integer
      ['big', '9223372036854775807'],
      ['flag', 'TRUE'],
      ['code', "'abc'"],
      ['label', `'${'é'.repeat(20)}'`],
      ['body', "''"],
      ['day', "'2026-02-28'"],
      ['at', "'2026-12-05T12:28:23.000Z'"],
      ['doc', `'{"a": [1]}'`],
      ['raw', "x'00ff'"],
      ['uid', "'6F1C2E5E-8B1A-4C1E-9A55-0F6B2A9C3D4E'"],
      ['tags', `'["a"]'`],
      ['doc', "'42'"], // a JSON number: NUMERIC affinity stores it as the integer 42
      ['cost', "'-1234.56'"],
      ['ago', "'5'"],
    ];
    for (const [i, [column, literal]] of accepted.entries()) {
      await connection.query(`insert into kinds (id, "${column}") values (${i + 10}, ${literal})`);
    }
    const [row] = await connection.query(
      `select count(*) as n, min(since) as since, min(at) as at from kinds`,
    );
    assert.equal(Number(row?.['n']), accepted.length);
    // The defaults are written in the stored format too.
    assert.equal(row?.['since'], '2020-01-01T00:00:00.000Z');
    assert.match(String(row?.['at']), ISO);
  });

  test('a REAL with more decimals than its column’s scale is read with all of them, not rounded', async () => {
    const { db, connection } = fresh;
    await connection.query(`CREATE TABLE "real_prices" ("name" text, "price" numeric(10, 2))`);
    await connection.query(
      `insert into real_prices values ('a', 19.999), ('b', 0.125), ('c', 19.99), ('d', 1e-7)`,
    );
    const prices = defineTable<{ name: Column<string>; price: Column<string> }>({
      ...tableIR('events'),
      key: 'real_prices',
      name: 'real_prices',
      columns: [
        { ...tableIR('events').columns.find((c) => c.name === 'name')!, nullable: true },
        tableIR('events').columns.find((c) => c.name === 'price')!,
      ],
    });
    const engine = createEngine({ url: db.url });
    try {
      const read = await rowsOf(
        engine,
        select({ price: prices.price }).from(prices).orderBy(prices.name),
      );
      // 19.99 fits the scale; the others would have been '20.00', '0.13' and '0.00'.
      assert.deepEqual(
        read.map((r) => r.price),
        ['19.999', '0.125', '19.99', '0.0000001'],
      );
    } finally {
      await engine.close();
    }
  });

  test('a table rebuild rewrites an older version’s timestamps and decimals', async () => {
    const { db, connection } = fresh;
    // The table as earlier versions created it: NUMERIC affinity, CURRENT_TIMESTAMP text.
    await connection.query(
      `CREATE TABLE "events" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL,
        "price" numeric(20, 2), "amount" numeric,
        "happened_at" timestamp NOT NULL DEFAULT (CURRENT_TIMESTAMP))`.replace(
        '"events"',
        '"old_events"',
      ),
    );
    await connection.query(
      `insert into old_events (name, price, amount, happened_at) values
        ('a', '0.30', '0.30', '2026-12-05 12:28:23'),
        ('b', 5, 7, '2026-12-05T12:28:24.500Z'),
        ('c', NULL, NULL, '2026-12-05 12:28:25.25')`,
    );
    const [stored] = await connection.query(
      `select typeof(price) as t from old_events where name = 'a'`,
    );
    assert.equal(stored?.['t'], 'real', 'the old table lost the decimal text');
    // dbgen still reads what the old table holds.
    const oldEvents = defineTable<EventsColumns>({
      ...tableIR('events'),
      key: 'old_events',
      name: 'old_events',
    });
    const engine = createEngine({ url: db.url });
    try {
      const read = await rowsOf(
        engine,
        select({
          price: oldEvents.price,
          amount: oldEvents.amount,
          happenedAt: oldEvents.happenedAt,
        })
          .from(oldEvents)
          .orderBy(oldEvents.name),
      );
      assert.deepEqual(read, [
        { price: '0.30', amount: '0.3', happenedAt: new Date('2026-12-05T12:28:23Z') },
        { price: '5.00', amount: '7', happenedAt: new Date('2026-12-05T12:28:24.500Z') },
        { price: null, amount: null, happenedAt: new Date('2026-12-05T12:28:25.250Z') },
      ]);
    } finally {
      await engine.close();
    }

    // The documented upgrade: a migration with an empty alterColumn, which SQLite runs as
    // a rebuild (and PostgreSQL as nothing).
    const oldIR = compile(
      DBML.replace('Table events', 'Table old_events').replace(/Table kinds[\s\S]*$/, ''),
    );
    const { steps } = renderOperations(
      [op.alterColumn('old_events', 'price', {})],
      sqliteDdl,
      oldIR,
    );
    assert.deepEqual(
      renderOperations([op.alterColumn('old_events', 'price', {})], postgresDdl, oldIR).steps[0]
        ?.statements,
      [],
    );
    const statements = steps.flatMap((s) => s.statements);
    assert.ok(
      statements.some((s) => s.startsWith('INSERT INTO')),
      'the change rebuilds the table',
    );
    for (const statement of statements) await connection.query(statement);

    const rows = await connection.query(
      `select name, price, typeof(price) as kind, amount, happened_at from old_events order by name`,
    );
    assert.deepEqual(
      rows.map((r) => [r['name'], r['price'], r['kind'], r['amount'], r['happened_at']]),
      [
        ['a', '0.30', 'text', '0.3', '2026-12-05T12:28:23.000Z'],
        ['b', '5.00', 'text', '7', '2026-12-05T12:28:24.500Z'],
        ['c', null, 'null', null, '2026-12-05T12:28:25.250Z'],
      ],
    );
  });
});
