// `decimal[]` (numeric[], OID 1231) reads as exact text, as a scalar `decimal` does: pg's
// own parser for it gave JS numbers (0.10 → 0.1, 20 integer digits cut to 17).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, insertInto, selectFrom, sql, type Column } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const ir = table('dec_arrays', [
  column('id', 'integer', { primaryKey: true }),
  column('decs', 'decimal(40,2)[]', { nullable: true }),
  column('one', 'decimal(40,2)', { nullable: true }),
]);
const decArrays = defineTable<{
  id: Column<number>;
  decs: Column<string[] | null>;
  one: Column<string | null>;
}>(ir);

const wide = '12345678901234567890.12';

forEachDialect(
  (dialect, makeEngine) => {
    test('decimal[] items read as the exact text a decimal reads as', async () => {
      const engine = makeEngine();
      await createTables(engine, schema([ir]), dialect);
      await engine.execute(
        insertInto(decArrays).values({ id: 1, decs: ['0.10', wide], one: wide }),
      );
      const built = await engine.execute(selectFrom(decArrays));
      assert.deepEqual(built.rows, [{ id: 1, decs: ['0.10', wide], one: wide }]);
      const raw = await engine.execute(
        sql`select decs, array[[1.5, null], [2, -0.25]]::numeric[] as nested from dec_arrays`,
      );
      assert.deepEqual(raw.rows, [
        {
          decs: ['0.10', wide],
          nested: [
            ['1.5', null],
            ['2', '-0.25'],
          ],
        },
      ]);
      // Array-mode rows (the ORM's loads) go through the same parsers.
      const connection = await engine.connect();
      try {
        const values = await connection.queryValues(selectFrom(decArrays).node);
        assert.deepEqual(values.rows, [[1, ['0.10', wide], wide]]);
      } finally {
        await connection.release();
      }
    });
  },
  ['postgres'],
);
