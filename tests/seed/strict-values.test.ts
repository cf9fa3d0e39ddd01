/**
 * Records values are read strictly, on every dialect: a date not in the calendar
 * ('2024-02-30' was seeded as March 1), text after a date ('2024-01-05xyz' as January 5),
 * hex in an integer column ('0x10' as 16) are refused by the seed, naming the record, and
 * by `dbgen check` (DBML242); a JSON document's integer past 2^53 is stored with its
 * digits, not rounded through JSON.parse. A timestamp with more than milliseconds is
 * refused (a JS Date would cut it), and so is a time of day PostgreSQL would read some
 * other way (`1030`, `now`). Two records with one key are refused (the second overwrote the
 * first), and so is a key computed by the database (each run wrote the row anew). The
 * strict date readers' layouts are checked here too.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import {
  parseDateInput,
  parseTimestampInput,
  SeedError,
  seedRecords,
  sql,
  type Engine,
  type RecordValueIR,
  type SchemaIR,
} from '@dbgen/runtime';
import { forEachDialect } from '../support/databases.js';
import { createTables } from '../support/create-tables.js';
import { jsonText } from '../support/json-text.js';

const TABLE = `
Table things {
  id integer [pk]
  n integer [null]
  d date [null]
  ts timestamp [null]
  doc json [null]
  tm time [null]
}
`;
const GOOD = `records things(id, n, d, ts, doc, tm) {\n  1, '16', '2024-02-29', '2024-01-05 10:30', '{"n": 12345678901234567890}', '10:30:00.123456'\n}`;
/** The literal of each column in GOOD. */
const GOOD_LITERAL: Record<string, string> = {
  n: "'16'",
  d: "'2024-02-29'",
  ts: "'2024-01-05 10:30'",
  tm: "'10:30:00.123456'",
};

function compile(source: string) {
  return compileSchemaSource(source, '/p/schema.dbml');
}

const ir = compile(`${TABLE}\n${GOOD}`).ir!;

/** `ir` with the one record's `column` set to `value`. */
function withValue(column: string, value: RecordValueIR): SchemaIR {
  const [records] = ir.records;
  const at = records!.columns.indexOf(column);
  const row = records!.rows[0]!.map((v, i) => (i === at ? value : v));
  return { ...ir, records: [{ ...records!, rows: [row] }] };
}

const BAD: [string, string][] = [
  ['d', '2024-02-30'],
  ['d', '2024-01-05xyz'],
  ['d', '2024-01-05 is a friday'],
  ['ts', '2024-02-30 10:00'],
  ['ts', '2024-01-05 10:00:00 UTC+1'],
  ['n', '0x10'],
  ['n', '0b11'],
  ['ts', '2024-01-05 10:30:00.123456'],
  ['tm', '1030'],
  ['tm', 'now'],
  ['tm', '25:99:00'],
];

describe('strict Records values in dbgen check (DBML242)', () => {
  for (const [column, value] of BAD) {
    it(`refuses ${column} = '${value}'`, () => {
      const source = GOOD.replace(GOOD_LITERAL[column]!, `'${value}'`);
      const errors = compile(`${TABLE}\n${source}`).diagnostics.filter(
        (d) => d.severity === 'error',
      );
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0]?.code, 'DBML242');
      assert.match(errors[0]!.message, new RegExp(`column '${column}'`));
    });
  }
});

describe('number literals in Records', () => {
  it('keep the text written where a number would print otherwise', () => {
    const { records } = compile(
      `Table nums {\n  id integer [pk]\n  a text\n  b text\n  c text\n  d double\n}\nrecords nums(id, a, b, c, d) {\n  1, 00123, 1.50, -0, 2.5\n  --2, 1e3, 7, 0.1, 1.0\n}`,
    ).ir!;
    assert.deepEqual(records[0]!.rows, [
      [1, '00123', '1.50', '-0', 2.5],
      [2, 1000, 7, 0.1, '1.0'],
    ]);
  });
});

describe('parseDateInput / parseTimestampInput', () => {
  it('take the whole text of the lenient layouts, and only days in the calendar', () => {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    assert.equal(iso(parseDateInput('2024-02-29')), '2024-02-29T00:00:00.000Z');
    assert.equal(iso(parseDateInput('2024-02-29T00:00:00.000Z')), '2024-02-29T00:00:00.000Z');
    assert.equal(iso(parseDateInput('0044-03-15 BC')), '-000043-03-15T00:00:00.000Z');
    assert.equal(iso(parseDateInput('10000-01-01')), '+010000-01-01T00:00:00.000Z');
    for (const text of ['2023-02-29', '2024-04-31', '2024-13-01', '2024-01-05x', '2024-1-5', ''])
      assert.equal(parseDateInput(text), null, text);
    assert.equal(parseDateInput('2024-01-05 10:00'), null, 'a time of day is not cut off');
    assert.equal(iso(parseTimestampInput('2024-01-05')), '2024-01-05T00:00:00.000Z');
    assert.equal(iso(parseTimestampInput('2024-01-05 10:30')), '2024-01-05T10:30:00.000Z');
    assert.equal(iso(parseTimestampInput('2024-01-05T10:30:15.5Z')), '2024-01-05T10:30:15.500Z');
    assert.equal(iso(parseTimestampInput('2024-01-05 10:30:00+01')), '2024-01-05T09:30:00.000Z');
    assert.equal(iso(parseTimestampInput('2024-01-05T10:30+0530')), '2024-01-05T05:00:00.000Z');
    assert.equal(
      iso(parseTimestampInput('1890-06-01 00:19:32+00:19:32')),
      '1890-06-01T00:00:00.000Z',
    );
    for (const text of [
      '2024-02-30 10:00',
      '2024-01-05 25:00',
      '2024-01-05 10:60',
      '2024-01-05 10:00:00 tomorrow',
      '2024-01-05Z',
      '2024-01-05 10:00+24',
      'Jan 5 2024',
    ])
      assert.equal(parseTimestampInput(text), null, text);
  });
});

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, ir, dialect);
  });

  it('refuses a bent date, time or integer, naming the record and column; writes nothing', async () => {
    for (const [column, value] of BAD) {
      await assert.rejects(seedRecords(engine, withValue(column, value)), (error: unknown) => {
        assert.ok(error instanceof SeedError, String(error));
        assert.match(
          error.message,
          new RegExp(`"public\\.things" record 1, column "${column}": .* is not a`),
        );
        return true;
      });
    }
    const { rows } = await engine.execute(sql`select count(*) as n from things`);
    assert.equal(Number(rows[0]?.['n']), 0);
  });

  it('refuses two records with one key, and a key the database computes; writes nothing', async () => {
    const [records] = ir.records;
    const row = records!.rows[0]!;
    const twice = {
      ...ir,
      records: [{ ...records!, rows: [row, row.map((v, i) => (i === 1 ? '17' : v))] }],
    };
    await assert.rejects(
      seedRecords(engine, twice),
      /"public\.things" records 1 and 2 have the same key \(id 1\): the second would overwrite the first/,
    );
    const computed = {
      ...ir,
      records: [{ ...records!, rows: [row.map((v, i) => (i === 0 ? { sql: '1 + 1' } : v))] }],
    };
    await assert.rejects(
      seedRecords(engine, computed),
      /"public\.things" record 1: its key \(id\) is an expression/,
    );
    const { rows } = await engine.execute(sql`select count(*) as n from things`);
    assert.equal(Number(rows[0]?.['n']), 0);
  });

  it('names a record whose value the database refuses as data', async () => {
    // An expression the column's type cannot take: PostgreSQL's class 22, MySQL's wrong
    // value, SQLite's type CHECK. It was a bare "the database refused" on the first two.
    const [records] = ir.records;
    const row = records!.rows[0]!;
    const bad = {
      ...ir,
      records: [
        {
          ...records!,
          rows: [row, row.map((v, i) => (i === 0 ? 2 : i === 1 ? { sql: "'abc'" } : v))],
        },
      ],
    };
    await assert.rejects(
      seedRecords(engine, bad),
      /^SeedError: "public\.things" record 2 \(id 2\) was refused by the database: /,
    );
    const { rows } = await engine.execute(sql`select count(*) as n from things`);
    assert.equal(Number(rows[0]?.['n']), 0);
  });

  it('stores number literals in text columns as written: 00123 stays 00123', async () => {
    const nums = compile(
      `Table nums {\n  id integer [pk]\n  code varchar(10) [null]\n  note text [null]\n  n integer [null]\n}\nrecords nums(id, code, note, n) {\n  1, 00123, 1.50, 007\n}`,
    ).ir!;
    await createTables(engine, nums, dialect);
    await seedRecords(engine, nums);
    const { rows } = await engine.execute(sql`select code, note, n from nums`);
    assert.deepEqual(
      rows.map((r) => [r['code'], r['note'], Number(r['n'])]),
      [['00123', '1.50', 7]],
    );
  });

  it('seeds identity keys of 0 and below; the next generated key is past them', async () => {
    // PostgreSQL's setval refused a value under the sequence's minimum, failing the seed.
    const counters = compile(
      `Table counters {\n  id integer [pk, increment]\n  label text [null]\n}\nrecords counters(id, label) {\n  -3, 'neg'\n  0, 'zero'\n}`,
    ).ir!;
    await createTables(engine, counters, dialect);
    await seedRecords(engine, counters);
    await engine.execute(sql`insert into counters (label) values (${'new'})`);
    const { rows } = await engine.execute(sql`select id, label from counters order by id`);
    assert.deepEqual(
      rows.map((r) => [Number(r['id']), r['label']]),
      [
        [-3, 'neg'],
        [0, 'zero'],
        [1, 'new'],
      ],
    );
  });

  it('stores a JSON integer past 2^53 with its digits; a second run changes nothing', async () => {
    const text = jsonText(dialect, 'doc');
    const read = async () =>
      (await engine.execute(sql.raw(`select ${text} as v, n, d, ts from things`))).rows;
    await seedRecords(engine, ir);
    const [row] = await read();
    assert.match(String(row?.['v']), /"n": ?12345678901234567890\b/);
    assert.equal(Number(row?.['n']), 16);
    await seedRecords(engine, ir);
    assert.deepEqual(await read(), [row]);
  });
});
