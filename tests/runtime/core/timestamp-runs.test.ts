// Timestamps are read in runs (fixed-timestamp.ts keeps the last text it read and its
// instant): a text equal to the previous one is not read again. Each value must still be
// its own text's instant whatever came before it (an equal text, another one, a text of
// another layout, garbage), and each row must get its own Date.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { insertInto, select, sql, type Engine } from '@dbgen/runtime';
import { fixedLayoutUtc } from '../../../packages/runtime/src/core/fixed-timestamp.js';
import { parseTimestamp } from '../../../packages/runtime/src/core/temporal.js';
import { forEachDialect } from '../../support/databases.js';
import { users, usersTableDdl } from './schema.js';

test('each text reads as its own instant, whatever text came before it', () => {
  const a = '2026-12-07T01:00:00.000Z';
  const texts = [
    a,
    a,
    // Equal, but another string object (built at run time).
    ['2026-12-07T01', '00:00.000Z'].join(':'),
    '2026-12-07T01:00:00.001Z',
    'not a timestamp',
    'not a timestamp',
    a,
    '2026-12-07 01:00:00+05:30',
    '2026-12-07 01:00:00+05:30',
    a,
  ];
  for (const text of texts) {
    const expected = Date.parse(text.replace(' ', 'T'));
    assert.deepEqual(fixedLayoutUtc(text), expected, text);
    assert.deepEqual(parseTimestamp(text).getTime(), expected, text);
  }
});

test('a text read twice gives two Dates: changing one leaves the other', () => {
  const text = '2024-02-29T23:59:59.999Z';
  const first = parseTimestamp(text);
  const second = parseTimestamp(text);
  assert.notEqual(first, second);
  first.setTime(0);
  assert.equal(second.toISOString(), text);
  assert.equal(parseTimestamp(text).toISOString(), text);
});

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const a = new Date('2026-12-07T01:02:03.004Z');
  const b = new Date('2026-12-07T01:02:03.005Z');
  const c = new Date('1999-12-31T23:59:59.000Z');
  const stamps = [a, a, b, a, a, c, c, a];
  before(async () => {
    engine = makeEngine();
    await engine.execute(sql.raw(usersTableDdl(dialect)));
    await engine.execute(
      insertInto(users).values(
        stamps.map((createdAt, i) => ({ id: i + 1, email: `u${i}@x`, createdAt })),
      ),
    );
  });

  test('rows with runs of equal timestamps read back each its own', async () => {
    const { rows } = await engine.execute(
      select(users.id, users.createdAt).from(users).orderBy(users.id.asc()),
    );
    assert.deepEqual(
      rows.map((r) => r.createdAt.toISOString()),
      stamps.map((d) => d.toISOString()),
    );
    // Equal values are distinct Dates.
    assert.notEqual(rows[0]!.createdAt, rows[1]!.createdAt);
    rows[0]!.createdAt.setTime(0);
    assert.equal(rows[1]!.createdAt.toISOString(), a.toISOString());
  });
});
