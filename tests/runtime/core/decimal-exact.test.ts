// Decimal values bound next to decimal columns are exact on PostgreSQL and MySQL/MariaDB:
// arithmetic in an UPDATE, IN lists of two or more, NOT IN and BETWEEN. MySQL computed and
// compared them as DOUBLEs while a decimal was bound as text (`bal + '0.01'` on
// 123456789012345.67 stored .69; `d IN (near, 1)` matched a value differing in the 10th
// decimal). SQLite computes decimal arithmetic in doubles (docs/dialects.md): left out.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  defineTable,
  insertInto,
  select,
  selectFrom,
  sql,
  update,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const accountsIr = table('accounts', [
  column('id', 'integer', { primaryKey: true }),
  column('bal', 'decimal(20,2)'),
  column('d', 'decimal(30,10)'),
]);
const accounts = defineTable<{ id: Column<number>; bal: Column<string>; d: Column<string> }>(
  accountsIr,
);

const D = '12345678901234567890.1234567890';
const NEAR = '12345678901234567890.1234567891';

forEachDialect(
  (dialect, makeEngine) => {
    let engine: Engine;
    before(async () => {
      engine = makeEngine();
      await createTables(engine, schema([accountsIr]), dialect);
      await engine.execute(
        insertInto(accounts).values([
          { id: 1, bal: '123456789012345.67', d: D },
          { id: 2, bal: '0.10', d: '1.0000000000' },
          { id: 3, bal: '-5.00', d: '-12345678901234567890.1234567890' },
        ]),
      );
    });

    const ids = async (where: Parameters<ReturnType<typeof selectFrom>['where']>[0]) =>
      (
        await engine.execute(select(accounts.id).from(accounts).where(where).orderBy(accounts.id))
      ).rows.map((r) => Number(r['id']));

    test('arithmetic written by an UPDATE is exact', async () => {
      await engine.execute(
        update(accounts)
          .set({ bal: accounts.bal.plus('0.01') })
          .where(accounts.id.eq(1)),
      );
      await engine.execute(
        update(accounts)
          .set({ bal: accounts.bal.minus('-0.05') })
          .where(accounts.id.eq(3)),
      );
      const { rows } = await engine.execute(
        select(accounts.id, accounts.bal).from(accounts).orderBy(accounts.id),
      );
      assert.deepEqual(
        rows.map((r) => r['bal']),
        ['123456789012345.68', '0.10', '-4.95'],
      );
      const times = await engine.execute(
        select({ x: accounts.bal.times('3') })
          .from(accounts)
          .where(accounts.id.eq(2)),
      );
      assert.equal(Number(times.rows[0]?.['x']), 0.3);
      assert.match(String(times.rows[0]?.['x']), /^0\.30*$/);
    });

    test('IN lists, NOT IN and BETWEEN compare decimals exactly', async () => {
      assert.deepEqual(await ids(accounts.d.in([NEAR, '1'])), [2]);
      assert.deepEqual(await ids(accounts.d.in([D, '2'])), [1]);
      assert.deepEqual(await ids(accounts.d.notIn([NEAR, '1'])), [1, 3]);
      assert.deepEqual(await ids(accounts.d.between(NEAR, '12345678901234567890.1234567899')), []);
      assert.deepEqual(await ids(accounts.d.between(D, NEAR)), [1]);
      assert.deepEqual(await ids(accounts.d.in(['-12345678901234567890.1234567890', '7'])), [3]);
      assert.deepEqual(await ids(accounts.d.eq(NEAR)), []);
    });

    test('a decimal that is not plain digits is refused, never bound as SQL', async () => {
      await assert.rejects(
        async () =>
          engine.execute(
            update(accounts)
              .set({ bal: accounts.bal.plus('1; drop table accounts') })
              .where(accounts.id.eq(2)),
          ),
        /invalid value for accounts\.bal: expected a decimal string/,
      );
      const { rows } = await engine.execute(sql`select count(*) as n from accounts`);
      assert.equal(Number(rows[0]?.['n']), 3);
    });
  },
  ['postgres', 'mysql'],
);
