// PostgreSQL `timestamptz` values are read without pg's regular expressions when the text
// has the usual layout (dialects/postgres/types.ts): every text must give what pg's own
// parser gives, offsets with minutes and seconds, BC and five-digit years included;
// infinity, which pg gives as the number Infinity, is refused (pg-unreadable-dates.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { fixedLayoutUtc } from '../../../packages/runtime/src/core/fixed-timestamp.js';
import { poolTypes } from '../../../packages/runtime/src/dialects/postgres/types.js';
import { PG_SERVER_URL } from '../../support/databases.js';

type Parser = (text: string) => unknown;
const ours = poolTypes.getTypeParser(1184, 'text') as Parser;
const pgOwn = pg.types.getTypeParser(1184, 'text') as Parser;
const oursArray = poolTypes.getTypeParser(1185, 'text') as Parser;

/** A Date's instant, or the value itself (pg gives ±Infinity and null for some texts). */
const instant = (v: unknown): unknown => (v instanceof Date ? v.getTime() : v);

function same(text: string): void {
  if (/infinity/.test(text)) assert.throws(() => ours(text), /has no JS Date/, text);
  else assert.deepEqual(instant(ours(text)), instant(pgOwn(text)), text);
}

/** The usual layouts are read digit by digit, not handed to pg's parser. */
function readHere(text: string): void {
  assert.ok(!Number.isNaN(fixedLayoutUtc(text)), `${text} is read by the fast path`);
}

test("timestamptz texts read as pg's own parser reads them", () => {
  for (const text of [
    '2026-12-06 05:11:27.123456+00',
    '2026-12-06 05:11:27+05:30',
    '2026-12-06 05:11:27.5-03',
    '1890-06-01 00:19:32+00:19:32',
    '1883-11-18 12:03:58-04:56:02',
    '2024-02-29 23:59:59.999999+14',
    '0100-01-01 00:00:00+00',
    '0050-01-01 00:00:00+00',
    '0001-01-01 00:00:00+00 BC',
    '10000-01-01 00:00:00+00',
    'infinity',
    '-infinity',
  ])
    same(text);
  for (const text of [
    '2026-12-06 05:11:27.123456+00',
    '2026-12-06 05:11:27+05:30',
    '1890-06-01 00:19:32+00:19:32',
  ])
    readHere(text);
  let seed = 11;
  const next = (n: number): number => (seed = (seed * 48_271) % 2_147_483_647) % n;
  for (let i = 0; i < 2_000; i++) {
    const iso = new Date(next(4e12) - 1e12).toISOString();
    const sign = next(2) === 0 ? '+' : '-';
    const offset = `${sign}${String(next(15)).padStart(2, '0')}`;
    // PostgreSQL prints 0–6 fraction digits (trailing zeros dropped).
    const fraction = `${iso.slice(20, 23)}${String(next(1000)).padStart(3, '0')}`;
    const digits = next(7);
    const body = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${digits ? `.${fraction.slice(0, digits)}` : ''}`;
    for (const text of [
      `${body}${offset}`,
      `${body}${offset}:${String(next(60)).padStart(2, '0')}`,
      `${body}${offset}:${String(next(60)).padStart(2, '0')}:${String(next(60)).padStart(2, '0')}`,
    ]) {
      same(text);
      readHere(text);
    }
  }
  assert.deepEqual((oursArray('{"2026-12-06 05:11:27.25+01",NULL}') as unknown[]).map(instant), [
    Date.UTC(2026, 11, 6, 4, 11, 27, 250),
    null,
  ]);
});

test('what the server prints in several time zones reads as pg reads it', async () => {
  const client = new pg.Client({ connectionString: PG_SERVER_URL });
  await client.connect();
  try {
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam']) {
      await client.query(`set time zone '${zone}'`);
      const { rows } = await client.query<{ t: string }>({
        text: `select t::text as t from unnest(array[
          '2026-12-06 05:11:27.123456+00', '1890-06-01 00:00:00+00', '2026-03-29 01:30:00+00',
          'infinity', '0044-03-15 12:00:00+00 BC']::timestamptz[]) as t`,
      });
      assert.equal(rows.length, 5);
      for (const { t } of rows) same(t);
    }
  } finally {
    await client.end();
  }
});
