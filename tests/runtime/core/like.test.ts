// LIKE reads a pattern alike on every dialect: case counts (SQLite's LIKE ignored the case
// of ASCII letters, `like('abc')` found 'ABC'), and a backslash escapes `%` and `_` (SQLite
// has no escape character unless one is declared: `like('50\\%')` found nothing there).
// ILIKE ignores case everywhere.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { defineTable, insertInto, select, type Column, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const wordsIr = table('words', [
  column('id', 'integer', { primaryKey: true }),
  column('w', 'varchar(20)'),
]);
const words = defineTable<{ id: Column<number>; w: Column<string> }>(wordsIr);
const WORDS = ['abc', 'ABC', '50%', '50x', 'a_b', 'axb', 'a\\b'];

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([wordsIr]), dialect);
    await engine.execute(insertInto(words).values(WORDS.map((w, i) => ({ id: i + 1, w }))));
  });
  const found = async (where: Parameters<ReturnType<typeof select>['where']>[0]) =>
    (await engine.execute(select(words.w).from(words).where(where).orderBy(words.id))).rows.map(
      (r) => r.w,
    );

  test('like is case-sensitive, ilike is not', async () => {
    assert.deepEqual(await found(words.w.like('abc')), ['abc']);
    assert.deepEqual(await found(words.w.like('A%')), ['ABC']);
    assert.deepEqual(await found(words.w.ilike('abc')), ['abc', 'ABC']);
  });

  test('a backslash escapes % and _ in a pattern', async () => {
    assert.deepEqual(await found(words.w.like('50\\%')), ['50%']);
    assert.deepEqual(await found(words.w.like('50%')), ['50%', '50x']);
    assert.deepEqual(await found(words.w.like('a\\_b')), ['a_b']);
    assert.deepEqual(await found(words.w.like('a_b')), ['a_b', 'axb', 'a\\b']);
    assert.deepEqual(await found(words.w.like('a\\\\b')), ['a\\b']);
    assert.deepEqual(await found(words.w.ilike('A\\_B')), ['a_b']);
  });
});
