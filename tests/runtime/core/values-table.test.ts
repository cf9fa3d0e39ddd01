// A VALUES table as a FROM source (the node the ORM's batched UPDATE joins), run on each
// dialect: the rows it names are updated with exactly the values given, PostgreSQL's casts
// of the first row neither truncate nor round (the column's own limits still apply), and
// MySQL, which has no UPDATE ... FROM (the ORM keeps its CASE form there), refuses it at
// compile time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CompileError,
  defineTable,
  sql,
  update,
  valuesTable,
  type Column,
  type StatementNode,
} from '@dbgen/runtime';
import { column, table } from '../../support/ir.js';
import { parseType } from '../../../packages/runtime/src/schema/types.js';
import { forEachDialect } from '../../support/databases.js';

const integer = parseType('integer');
const short = parseType('varchar(3)');
const money = parseType('decimal(6,2)');

const col = (name: string, type: typeof integer, table: string | null) =>
  ({ kind: 'column', table, name, type, propertyName: name }) as const;
const value = (v: unknown, type: typeof integer) => ({ kind: 'value', value: v, type }) as const;

/** `update items set code = v.code, price = v.price from (values ...) as v(id, code, price) where items.id = v.id` */
function updateStatement(rows: readonly [number, string, string][]): StatementNode {
  return {
    kind: 'update',
    with: [],
    table: { kind: 'table', schema: null, name: 'items', alias: null },
    set: [
      { column: 'code', value: col('code', short, 'v') },
      { column: 'price', value: col('price', money, 'v') },
    ],
    from: [
      {
        kind: 'values',
        columns: [
          { name: 'id', type: integer },
          { name: 'code', type: short },
          { name: 'price', type: money },
        ],
        rows: rows.map(([id, code, price]) => [
          value(id, integer),
          value(code, short),
          value(price, money),
        ]),
        alias: 'v',
      },
    ],
    where: {
      kind: 'binary',
      op: '=',
      left: col('id', integer, 'items'),
      right: col('id', integer, 'v'),
    },
    returning: [],
  };
}

forEachDialect((dialect, makeEngine) => {
  test('update ... from a values table', async () => {
    const engine = makeEngine();
    await engine.execute(
      sql.raw(
        'create table items (id integer primary key, code varchar(3) not null, price decimal(6,2) not null)',
      ),
    );
    await engine.execute(
      sql.raw("insert into items values (1, 'a', 1.00), (2, 'b', 2.00), (3, 'c', 3.00)"),
    );
    const statement = updateStatement([
      [3, 'zz', '30.25'],
      [1, 'xyz', '1234.50'],
    ]);
    if (dialect === 'mysql') {
      await assert.rejects(engine.execute(statement), (e: unknown) => {
        assert.ok(e instanceof CompileError);
        assert.match(
          e.message,
          /update \.\.\. from is not supported.*\(dialect: (mysql|mariadb)\)/,
        );
        return true;
      });
      return;
    }
    const result = await engine.execute(statement);
    assert.equal(result.rowCount, 2);
    const rows = await engine.execute(sql`select id, code, price from items order by id`);
    assert.deepEqual(
      rows.rows.map((r) => [Number(r['id']), r['code'], Number(r['price'])]),
      [
        [1, 'xyz', 1234.5],
        [2, 'b', 2],
        [3, 'zz', 30.25],
      ],
    );
    if (dialect === 'postgres') {
      // The first row's casts carry no length: a value too long for the column fails on
      // assignment, as a plain parameter does, instead of being cut to fit.
      await assert.rejects(
        engine.execute(updateStatement([[2, 'long', '1.00']])),
        /too long|value too long/i,
      );
      const kept = await engine.execute(sql`select code from items where id = 2`);
      assert.equal(kept.rows[0]?.['code'], 'b');
    }
  });
});

const accounts = defineTable<{ id: Column<number>; name: Column<string> }>(
  table('accounts', [column('id', 'integer', { primaryKey: true }), column('name', 'text')]),
);

forEachDialect((dialect, makeEngine) => {
  test('valuesTable in the Core: update ... set from a joined values table', async () => {
    const engine = makeEngine();
    await engine.execute(
      sql.raw('create table accounts (id integer primary key, name text not null)'),
    );
    await engine.execute(sql.raw("insert into accounts values (1, 'a'), (2, 'b'), (3, 'c')"));
    const v = valuesTable('v', { id: accounts.id, name: accounts.name }, [
      { id: 1, name: 'one' },
      { id: 3, name: "it's three" },
    ]);
    const statement = update(accounts).set({ name: v.name }).from(v).where(accounts.id.eq(v.id));
    if (dialect === 'mysql') {
      await assert.rejects(engine.execute(statement), CompileError);
      return;
    }
    assert.equal((await engine.execute(statement)).rowCount, 2);
    const rows = await engine.execute(sql`select id, name from accounts order by id`);
    assert.deepEqual(
      rows.rows.map((r) => [Number(r['id']), r['name']]),
      [
        [1, 'one'],
        [2, 'b'],
        [3, "it's three"],
      ],
    );
    assert.throws(
      () => valuesTable<{ id: number }>('w', { id: accounts.id }, []),
      /needs at least one row/,
    );
  });
});
