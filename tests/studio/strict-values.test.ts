/**
 * The studio refuses typed values it used to bend, on every dialect: a date not in the
 * calendar (2024-02-30 was stored as March 1), text after a date (2024-01-05xyz was
 * stored as January 5), hex in an integer column, base64 that is not (stored as whatever
 * Buffer.from made of it), a JSON integer past 2^53 sent parsed (rounded already), and a time with
 * more than milliseconds (cut to them: the value bound is a JS Date). Each is a 400
 * naming the column, and nothing is written; the values that fit still go through. And a
 * row whose uuid another program stored in capitals (text on SQLite and MySQL) can be
 * edited: its uuid is not compared case by case (it was, in lowercase, and never matched).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import { sql, type Engine } from '@dbgen/runtime';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import { forEachDialect } from '../support/databases.js';
import { createTables } from '../support/create-tables.js';
import { call } from './support.js';
import { jsonText } from '../support/json-text.js';

const ir = compileSchemaSource(
  `Table t {\n  id integer [pk]\n  d date [null]\n  ts timestamp [null]\n  n integer [null]\n  b bytea [null]\n  doc json [null]\n  u uuid [null]\n  ids bigint[] [null]\n}`,
  '/p/schema.dbml',
).ir!;

type Row = Record<string, unknown>;

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let studio: RunningStudio;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, ir, dialect);
    await engine.execute(
      sql.raw(`insert into t (id, doc) values (1, '{"n": 12345678901234567890, "x": 1}')`),
    );
    studio = await startStudio({ engine, schema: ir, log: () => {} });
  });
  after(() => studio.close());

  /** Stages one change and commits it; the status of each, then the staged list emptied. */
  const write = async (change: Row) => {
    const staged = await call(studio, 'POST', '/api/changes', change);
    if (staged.status !== 200) return { status: staged.status, error: staged.body['error'] };
    const committed = await call(studio, 'POST', '/api/commit', {});
    return { status: committed.status, error: committed.body['error'] };
  };
  const insert = (values: Row) => write({ kind: 'insert', table: 'public.t', values });
  const count = async () =>
    Number((await engine.execute(sql`select count(*) as n from t`)).rows[0]?.['n']);
  const docText = async () => {
    const text = jsonText(dialect, 'doc');
    const { rows } = await engine.execute(sql.raw(`select ${text} as v from t where id = 1`));
    return String(rows[0]?.['v']);
  };

  it('refuses a day not in the calendar and text after a date, naming the column', async () => {
    for (const [column, value] of [
      ['d', '2024-02-30'],
      ['d', '2024-01-05xyz'],
      ['d', '2023-02-29'],
      ['d', '2024-01-05T10:00:00Z'], // a date column takes no time of day: not cut to the day
      ['ts', '2024-02-30 10:00'],
      ['ts', '2024-01-05 10:00 tomorrow'],
      ['ts', '2024-01-05 24:00:00'],
    ] as const) {
      const result = await insert({ id: 2, [column]: value });
      assert.equal(result.status, 400, `${column} ${value}: ${JSON.stringify(result)}`);
      assert.match(String(result.error), new RegExp(`^t\\.${column}: expected a date`));
    }
    assert.equal(await count(), 1);
  });

  it('takes dates and times that are in the calendar, the page’s own ISO text included', async () => {
    assert.equal((await insert({ id: 2, d: '2024-02-29', ts: '2024-01-05 10:30' })).status, 200);
    assert.equal(
      (await insert({ id: 3, d: '2024-02-29T00:00:00.000Z', ts: '2024-01-05T10:30:00+01:00' }))
        .status,
      200,
    );
    const { rows } = await call(studio, 'POST', '/api/rows', { table: 'public.t' }).then((r) => ({
      rows: r.body['rows'] as Row[],
    }));
    const byId = new Map(rows.map((r) => [r['id'], r]));
    assert.equal(byId.get(2)?.['d'], '2024-02-29T00:00:00.000Z');
    assert.equal(byId.get(2)?.['ts'], '2024-01-05T10:30:00.000Z');
    assert.equal(byId.get(3)?.['ts'], '2024-01-05T09:30:00.000Z');
    await engine.execute(sql`delete from t where id > 1`);
  });

  it('refuses a time with more than milliseconds, naming the column', async () => {
    for (const value of ['2024-01-05 10:11:12.123456', '2024-01-05T10:11:12.9999Z']) {
      const result = await insert({ id: 2, ts: value });
      assert.equal(result.status, 400, `${value}: ${JSON.stringify(result)}`);
      assert.match(String(result.error), /^t\.ts: expected a time with at most 3 decimals/);
    }
    assert.equal(await count(), 1);
    assert.equal((await insert({ id: 2, ts: '2024-01-05 10:11:12.125' })).status, 200);
    const page = await call(studio, 'POST', '/api/rows', {
      table: 'public.t',
      filters: [{ column: 'id', op: 'eq', value: 2 }],
    });
    assert.equal((page.body['rows'] as Row[])[0]?.['ts'], '2024-01-05T10:11:12.125Z');
    await engine.execute(sql`delete from t where id > 1`);
  });

  it('edits a row whose uuid another program stored in capitals', async () => {
    const upper = 'B0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
    await engine.execute(sql.raw(`insert into t (id, n, u) values (2, 1, '${upper}')`));
    const page = await call(studio, 'POST', '/api/rows', {
      table: 'public.t',
      filters: [{ column: 'id', op: 'eq', value: 2 }],
    });
    const row = (page.body['rows'] as Row[])[0]!;
    const result = await write({
      kind: 'update',
      table: 'public.t',
      original: row,
      values: { n: 2 },
    });
    assert.equal(result.status, 200, JSON.stringify(result));
    const { rows } = await engine.execute(sql`select n from t where id = 2`);
    assert.equal(Number(rows[0]?.['n']), 2);
    await engine.execute(sql`delete from t where id > 1`);
  });

  it('takes a bigint array as shown, its items as strings, and refuses an item that is not', async () => {
    const shown = ['9007199254740993', '1'];
    assert.equal((await insert({ id: 2, ids: shown })).status, 200);
    const page = await call(studio, 'POST', '/api/rows', {
      table: 'public.t',
      filters: [{ column: 'id', op: 'eq', value: 2 }],
    });
    assert.deepEqual((page.body['rows'] as Row[])[0]?.['ids'], shown);
    const bad = await insert({ id: 3, ids: ['1', 'x'] });
    assert.equal(bad.status, 400);
    assert.match(String(bad.error), /^t\.ids: expected an integer, found "x"/);
    await engine.execute(sql`delete from t where id > 1`);
  });

  it('refuses hex in an integer column and base64 that is not, naming the column', async () => {
    const hex = await insert({ id: 2, n: '0x10' });
    assert.equal(hex.status, 400);
    assert.match(String(hex.error), /^t\.n: expected an integer/);
    for (const base64 of ['not base64!', 'AAE', 'AA=A']) {
      const bytes = await insert({ id: 2, b: { $base64: base64 } });
      assert.equal(bytes.status, 400, base64);
      assert.match(String(bytes.error), /^t\.b: expected \{"\$base64": …\} with base64 text/);
    }
    assert.equal(await count(), 1);
    assert.equal((await insert({ id: 2, n: '16', b: { $base64: 'AAEC/w==' } })).status, 200);
    const { rows } = await engine.execute(sql`select n, b from t where id = 2`);
    assert.equal(Number(rows[0]?.['n']), 16);
    assert.deepEqual([...Buffer.from(rows[0]?.['b'] as Uint8Array)], [0, 1, 2, 255]);
    await engine.execute(sql`delete from t where id > 1`);
  });

  it('shows a document as the database holds it, and an edit of it keeps every digit', async () => {
    await engine.execute(
      sql.raw(
        `update t set doc = '{"n": 12345678901234567890, "f": 0.10000000000000000001, "x": 1}'`,
      ),
    );
    const before = await docText();
    const page = await call(studio, 'POST', '/api/rows', {
      table: 'public.t',
      filters: [{ column: 'id', op: 'eq', value: 1 }],
    });
    const row = (page.body['rows'] as Row[])[0]!;
    // The database's own text: JSON.parse would show 12345678901234567000 and 0.1.
    assert.deepEqual(row['doc'], { $json: before });
    assert.match(before, /12345678901234567890/);
    assert.match(before, /0\.10000000000000000001/);
    // The page sends the text back with one key edited: the other numbers keep their digits.
    const edited = before.replace(/"x": ?1/, '"x": 2');
    assert.notEqual(edited, before);
    const result = await write({
      kind: 'update',
      table: 'public.t',
      original: row,
      values: { doc: { $json: edited } },
    });
    assert.equal(result.status, 200, JSON.stringify(result));
    const after = await docText();
    assert.match(after, /12345678901234567890/);
    assert.match(after, /0\.10000000000000000001/);
    assert.match(after, /"x": ?2/);
    // A document an API client sends parsed may be rounded already: refused, nothing written.
    const parsed = await write({
      kind: 'update',
      table: 'public.t',
      original: row,
      values: { doc: JSON.parse(edited) as unknown },
    });
    assert.equal(parsed.status, 400, JSON.stringify(parsed));
    assert.match(String(parsed.error), /^t\.doc: the integer 12345678901234567000 is past 2\^53/);
    assert.equal(await docText(), after);
    await call(studio, 'POST', '/api/discard', {});
  });

  it('writes JSON text as typed: exact numbers, digits inside strings, invalid text refused', async () => {
    const text = '{"big": "12345678901234567890", "n": 9007199254740991, "f": 0.1}';
    assert.equal((await insert({ id: 2, doc: { $json: text } })).status, 200);
    const { rows } = await engine.execute(sql`select doc from t where id = 2`);
    const doc = rows[0]?.['doc'];
    assert.deepEqual(typeof doc === 'string' ? JSON.parse(doc) : doc, {
      big: '12345678901234567890',
      n: 9007199254740991,
      f: 0.1,
    });
    const bad = await insert({ id: 3, doc: { $json: '{"n": 1,}' } });
    assert.equal(bad.status, 400);
    assert.match(String(bad.error), /^t\.doc: not valid JSON text/);
    await engine.execute(sql`delete from t where id > 1`);
  });
});
