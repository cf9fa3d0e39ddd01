// MySQL's UNSIGNED types (`int unsigned` and kin) hold 0 to 2^bits - 1 on every dialect:
// MySQL/MariaDB by UNSIGNED, PostgreSQL by the next wider integer type under a CHECK
// named `unsigned:<column>`, SQLite by the column's type check. Through the Core a value
// out of that range is an InvalidValueError naming the column, before any SQL; written by
// raw SQL the database refuses it with an error naming the column or the check. -1 was
// stored on PostgreSQL and SQLite, and 2^32 - 1 refused by PostgreSQL and by the Core.
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import {
  createSchemaSql,
  defineTable,
  insertInto,
  InvalidValueError,
  QueryError,
  select,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';

const countsIr = table('counts', [
  column('id', 'integer', { primaryKey: true }),
  column('a', 'int unsigned', { nullable: true }),
  column('b', 'bigint unsigned', { nullable: true }),
  column('c', 'smallint unsigned', { nullable: true }),
  column('d', 'decimal(5,2) unsigned', { nullable: true }),
]);
const counts = defineTable<{
  id: Column<number>;
  a: Column<number | null>;
  b: Column<bigint | null>;
  c: Column<number | null>;
  d: Column<string | null>;
}>(countsIr);

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    for (const statement of createSchemaSql(schema([countsIr]), dialect))
      await engine.execute(sql.raw(statement));
  });
  beforeEach(async () => {
    await engine.execute(sql.raw('DELETE FROM counts'));
  });

  test('the top of each unsigned range is stored and read back equal', async () => {
    // bigint unsigned: 2^63 - 1 everywhere; MySQL alone holds up to 2^64 - 1.
    const b = dialect === 'mysql' ? 2n ** 64n - 1n : 2n ** 63n - 1n;
    await engine.execute(
      insertInto(counts).values({ id: 1, a: 4294967295, b, c: 65535, d: '999.99' }),
    );
    await engine.execute(insertInto(counts).values({ id: 2, a: 0, b: 0n, c: 0, d: '0.00' }));
    const rows = await engine.execute(
      select(counts.a, counts.b, counts.c, counts.d).from(counts).orderBy(counts.id),
    );
    assert.deepEqual(rows.rows, [
      { a: 4294967295, b, c: 65535, d: '999.99' },
      { a: 0, b: 0n, c: 0, d: '0.00' },
    ]);
    const found = await engine.execute(
      select(counts.id).from(counts).where(counts.a.eq(4294967295)),
    );
    assert.deepEqual(found.rows, [{ id: 1 }]);
  });

  test('through the Core, -1 and 2^32 are refused naming the column, before any SQL', async () => {
    for (const [values, name] of [
      [{ id: 1, a: -1 }, 'counts.a'],
      [{ id: 1, a: 4294967296 }, 'counts.a'],
      [{ id: 1, b: -1n }, 'counts.b'],
      [{ id: 1, c: 65536 }, 'counts.c'],
      [{ id: 1, d: '-0.01' }, 'counts.d'],
    ] as const) {
      await assert.rejects(
        async () => engine.execute(insertInto(counts).values(values)),
        (e: unknown) =>
          e instanceof InvalidValueError &&
          e.target === name &&
          /from 0 to|at least 0/.test(e.expected),
      );
    }
    assert.deepEqual((await engine.execute(select(counts.id).from(counts))).rows, []);
  });

  test('written by raw SQL, -1 and 2^32 are refused by the database, naming column or check', async () => {
    for (const [col, value] of [
      ['a', '-1'],
      ['a', '4294967296'],
      ['b', '-1'],
      ['c', '65536'],
      ['d', `'-0.01'`],
    ] as const) {
      await assert.rejects(
        engine.execute(sql.raw(`INSERT INTO counts (id, ${col}) VALUES (1, ${value})`)),
        (e: unknown) =>
          e instanceof QueryError &&
          new RegExp(`unsigned:${col}|type:${col}|column '${col}'`).test(e.message),
      );
    }
    assert.deepEqual((await engine.execute(select(counts.id).from(counts))).rows, []);
  });
});
