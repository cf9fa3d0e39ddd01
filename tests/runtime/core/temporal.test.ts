// parseTimestamp: the fixed-layout fast path (`YYYY-MM-DD HH:MM:SS[.fff]`, read by position)
// must give exactly what the general path (Date's ISO parser, UTC) gives, and leave every
// other text to it. The process runs in a DST-observing zone so local-time mistakes show.
process.env['TZ'] = 'America/New_York';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTimestamp } from '@dbgen/runtime';

const iso = (text: string): number => new Date(text).getTime();

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

test('days past the end of the month roll over as Date parses them', () => {
  assert.equal(parseTimestamp('2026-02-30 00:00:00').getTime(), iso('2026-02-30T00:00:00Z'));
  assert.equal(parseTimestamp('2026-04-31 10:00:00').getTime(), iso('2026-04-31T10:00:00Z'));
});

test('any other text takes the general path, unchanged', () => {
  const same = (text: string, general: string): void => {
    const got = parseTimestamp(text).getTime();
    const want = iso(general);
    assert.ok(got === want || (Number.isNaN(got) && Number.isNaN(want)), text);
  };
  same('0099-01-01 00:00:00', '0099-01-01T00:00:00Z'); // Date.UTC would say 1999
  same('2026-12-05 24:00:00', '2026-12-05T24:00:00Z');
  same('2026-12-05 23:59:60', '2026-12-05T23:59:60Z');
  same('2026-13-01 00:00:00', '2026-13-01T00:00:00Z');
  same('2026-12-00 00:00:00', '2026-12-00T00:00:00Z');
  same('2026-12-05 21:07:09.', '2026-12-05T21:07:09.Z');
  same('2026-12-05 21:07:09+01', '2026-12-05T21:07:09+01:00');
  same('2026-12-05 21:07:09.5-05:30', '2026-12-05T21:07:09.5-05:30');
  same('2026-12-05 21:07:09.Z', '2026-12-05T21:07:09.Z');
  same('2026-12-05 21:07:09Zx', '2026-12-05 21:07:09Zx');
  same('2026-12-05', '2026-12-05T00:00:00Z');
  same('2026-12-05 21:07:09 BC', 'not a date');
  same('infinity', 'not a date');
  same('2026-1-05 21:07:09', '2026-1-05 21:07:09Z'); // Date's legacy parser
});
