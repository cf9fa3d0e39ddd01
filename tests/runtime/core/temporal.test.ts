// parseTimestamp reads the layouts the dialects store digit by digit (core/fixed-timestamp.ts)
// and everything else through an ISO string for `new Date`: both ways must give the same
// instant for every text, including the invalid ones. The process runs in a DST-observing
// zone so that local-time mistakes show.
process.env['TZ'] = 'America/New_York';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTimestamp } from '@dbgen/runtime';

/** The general way alone (parseTimestamp before the fixed-layout path). */
function viaIsoString(text: string): number {
  let iso = text.length > 10 && text[10] === ' ' ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
  if (iso.length === 10) iso += 'T00:00:00';
  if (!/(?:Z|[+-]\d\d(?::?\d\d)?)$/.test(iso)) iso += 'Z';
  else if (/[+-]\d\d$/.test(iso)) iso += ':00';
  return new Date(iso).getTime();
}

function same(text: string): void {
  const got = parseTimestamp(text).getTime();
  const want = viaIsoString(text);
  assert.ok(got === want || (Number.isNaN(got) && Number.isNaN(want)), `${text}: ${got} ≠ ${want}`);
}

test('stored layouts (SQLite ISO text, MySQL DATETIME(6) text) parse as UTC', () => {
  assert.equal(
    parseTimestamp('2026-12-05T20:41:07.123Z').toISOString(),
    '2026-12-05T20:41:07.123Z',
  );
  assert.equal(
    parseTimestamp('2026-12-05 20:41:07.123456').toISOString(),
    '2026-12-05T20:41:07.123Z',
  );
  assert.equal(parseTimestamp('2026-12-05 20:41:07').toISOString(), '2026-12-05T20:41:07.000Z');
  assert.equal(parseTimestamp('2024-02-29T23:59:59.9Z').toISOString(), '2024-02-29T23:59:59.900Z');
  assert.equal(parseTimestamp('2026-12-05T20:41:07+01').toISOString(), '2026-12-05T19:41:07.000Z');
  // An offset with seconds, which `new Date` cannot read (it was an invalid Date).
  assert.equal(
    parseTimestamp('1890-06-01 00:19:32+00:19:32').toISOString(),
    '1890-06-01T00:00:00.000Z',
  );
  assert.equal(
    parseTimestamp('2026-12-05 20:41:00-05:30:15').toISOString(),
    '2026-12-06T02:11:15.000Z',
  );
});

test('every text parses as through an ISO string, invalid ones included', () => {
  for (const text of [
    '2026-12-05',
    '2026-12-05T20:41:00.5',
    '2026-12-05T20:41:00.12',
    '2026-12-05 20:41:00.1234567891',
    '2026-12-05T20:41:00.000000000Z',
    '1970-01-01 00:00:00.000001',
    '9999-12-31T23:59:59.999Z',
    '0099-01-01 00:00:00',
    '2026-02-29 00:00:00',
    '2100-02-29 00:00:00',
    '2000-02-29 00:00:00',
    '2026-13-01 00:00:00',
    '2026-00-10 00:00:00',
    '2026-04-31 00:00:00',
    '2026-12-05 24:00:00',
    '2026-12-05 20:60:00',
    '2026-12-05 20:41:60',
    '2026-12-05T20:41:00.Z',
    '2026-12-05T20:41:00ZZ',
    '2026-12-05T20:41:00-05:30',
    '2026-12-05 20:41:00.123456+00',
    '2026-12-05 20:41:00+05:30',
    '2026-12-05 20:41:00-03',
    '2026-12-05 20:41:00+24',
    '2026-12-05 20:41:00+05:60',
    '2026-12-05 20:41:00+5',
    '2026-12-05 20:41:00+05:3',
    '2026-12-05 20:41:00+05:30x',
    'x026-12-05T20:41:00Z',
    '2026-12-05X20:41:00Z',
    '',
    'now',
  ])
    same(text);
  let seed = 7;
  for (let i = 0; i < 2_000; i++) {
    seed = (seed * 48_271) % 2_147_483_647;
    const iso = new Date(seed * 1_000 - 1e12).toISOString();
    same(iso);
    same(`${iso.slice(0, 10)} ${iso.slice(11, 23)}456`);
    same(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
  }
  // Every year the fixed layout reads (days are counted by hand there, not by Date.UTC),
  // at the days where calendars go wrong: year ends, February's end, March's start.
  for (let year = 100; year <= 9999; year++) {
    const y = String(year).padStart(4, '0');
    for (const day of ['01-01', '02-28', '02-29', '03-01', '12-31'])
      same(`${y}-${day} 23:59:59.999`);
  }
});

test('plain SQL timestamps are read as UTC, to the millisecond', () => {
  const cases: [string, string][] = [
    ['2026-12-05 21:07:09', '2026-12-05T21:07:09.000Z'],
    ['2026-12-05T21:07:09', '2026-12-05T21:07:09.000Z'],
    ['2026-03-08 02:30:00', '2026-03-08T02:30:00.000Z'], // a local DST gap, not a UTC one
    ['2026-12-05 21:07:09.5', '2026-12-05T21:07:09.500Z'],
    ['2026-12-05T21:07:09.123Z', '2026-12-05T21:07:09.123Z'], // as SQLite stores them
    ['2026-12-05 21:07:09Z', '2026-12-05T21:07:09.000Z'],
    ['2026-12-05 21:07:09.12', '2026-12-05T21:07:09.120Z'],
    ['2026-12-05 21:07:09.123456', '2026-12-05T21:07:09.123Z'], // truncated, as Date does
    ['0100-01-01 00:00:00', '0100-01-01T00:00:00.000Z'],
    ['9999-12-31 23:59:59.999999', '9999-12-31T23:59:59.999Z'],
  ];
  for (const [text, expected] of cases)
    assert.equal(parseTimestamp(text).toISOString(), expected, text);
});
