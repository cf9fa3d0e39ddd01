/**
 * A BIT(1) column of a table made outside dbgen, read through the boolean type `pull`
 * gives it: mysql2 returns BIT as a Buffer, and b'0' read true (Number of a Buffer is NaN).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, insertInto, selectFrom, sql, type Column } from '@dbgen/runtime';
import { mysqlReadType } from '../../../packages/runtime/src/dialects/mysql/introspect.js';
import { forEachDialect } from '../../support/databases.js';
import { column, table } from '../../support/ir.js';

const ir = table('flags', [
  column('id', 'integer', { primaryKey: true }),
  { ...column('active', 'boolean', { nullable: true }), type: mysqlReadType('bit(1)') },
]);
const flags = defineTable<{ id: Column<number>; active: Column<boolean | null> }>(ir);

forEachDialect(
  (_dialect, makeEngine) => {
    test("bit(1) reads b'0' as false and b'1' as true, and writes back as it read", async () => {
      const engine = makeEngine();
      assert.equal(mysqlReadType('bit(1)').logical, 'boolean');
      await engine.execute(sql.raw('create table flags (id int primary key, active bit(1) null)'));
      await engine.execute(sql.raw("insert into flags values (1, b'0'), (2, b'1'), (3, null)"));
      await engine.execute(
        insertInto(flags).values([
          { id: 4, active: false },
          { id: 5, active: true },
        ]),
      );
      const rows = await engine.execute(selectFrom(flags).orderBy(flags.id));
      assert.deepEqual(
        rows.rows.map((r) => r.active),
        [false, true, null, false, true],
      );
      const held = await engine.connect();
      try {
        const values = await held.queryValues(selectFrom(flags).orderBy(flags.id).node);
        assert.deepEqual(
          values.rows.map((r) => (r as unknown[])[1]),
          [false, true, null, false, true],
        );
      } finally {
        await held.release();
      }
      const trues = await engine.execute(selectFrom(flags).where(flags.active.eq(true)));
      assert.deepEqual(trues.rows.map((r) => r.id).sort(), [2, 5]);
    });
  },
  ['mysql'],
);
