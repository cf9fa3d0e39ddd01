// A uuid written or compared in uppercase is the same uuid as its lowercase form, as
// PostgreSQL's uuid type has it. On MySQL/MariaDB (CHAR(36), binary collation) and SQLite
// (TEXT) the uppercase form was another value: stored as written, missed by a lookup of
// the lowercase form, and insertable beside it under a primary key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defineTable,
  insertInto,
  selectFrom,
  update,
  UniqueViolationError,
  type Column,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const ir = table('keys', [
  column('id', 'uuid', { primaryKey: true }),
  column('other', 'uuid', { nullable: true }),
]);
const keys = defineTable<{ id: Column<string>; other: Column<string | null> }>(ir);

const UPPER = '6F1C2E5E-8B1A-4C1E-9A55-0F6B2A9C3D4E';
const LOWER = UPPER.toLowerCase();
const OTHER = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';

forEachDialect((dialect, makeEngine) => {
  test('the uppercase form is stored, found and kept unique as the lowercase one', async () => {
    const engine = makeEngine();
    await createTables(engine, schema([ir]), dialect);
    await engine.execute(insertInto(keys).values({ id: UPPER, other: null }));
    const all = await engine.execute(selectFrom(keys));
    assert.deepEqual(all.rows, [{ id: LOWER, other: null }]);
    for (const form of [LOWER, UPPER]) {
      const found = await engine.execute(selectFrom(keys).where(keys.id.eq(form)));
      assert.equal(found.rows.length, 1, form);
      const listed = await engine.execute(selectFrom(keys).where(keys.id.in([form])));
      assert.equal(listed.rows.length, 1, form);
    }
    await assert.rejects(
      engine.execute(insertInto(keys).values({ id: LOWER, other: null })),
      UniqueViolationError,
    );
    await engine.execute(update(keys).set({ other: OTHER }).where(keys.id.eq(UPPER)));
    const other = await engine.execute(selectFrom(keys).where(keys.other.eq(OTHER.toLowerCase())));
    assert.deepEqual(other.rows, [{ id: LOWER, other: OTHER.toLowerCase() }]);
  });
});
