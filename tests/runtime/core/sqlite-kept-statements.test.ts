// SQLite keeps the statements it reads with prepared, per database handle
// (dialects/sqlite/statement-cache.ts). A kept statement must behave as a fresh one: it
// reads the table as it is after a schema change, holds no read between uses (a WAL
// checkpoint is not kept waiting), is dropped after it fails mid-run, and never stops
// the engine from closing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createEngine,
  defineTable,
  insertInto,
  QueryError,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { createTestDatabase, forEachDialect } from '../../support/databases.js';
import { column, id, table } from '../../support/ir.js';

forEachDialect(() => {
  const engineFor = async (t: { after(fn: () => Promise<void>): void }): Promise<Engine> => {
    const database = await createTestDatabase('sqlite');
    const engine = createEngine({ url: database.url, poolSize: 1 });
    t.after(async () => {
      await engine.close();
      await database.drop();
    });
    await engine.execute(sql`create table "t" ("id" integer primary key, "a" text)`);
    await engine.execute(sql`insert into "t" values (1, 'one')`);
    return engine;
  };
  const readAll = sql`select * from "t" order by "id"`;

  test('a kept statement reads the table as it is after a schema change', async (t) => {
    const engine = await engineFor(t);
    assert.deepEqual((await engine.execute(readAll)).rows, [{ id: 1, a: 'one' }]);
    await engine.execute(sql`drop table "t"`);
    await engine.execute(sql`create table "t" ("id" integer primary key, "b" integer)`);
    await engine.execute(sql`insert into "t" values (7, 70)`);
    assert.deepEqual((await engine.execute(readAll)).rows, [{ id: 7, b: 70 }]);
    await engine.execute(sql`alter table "t" add column "c" text default 'x'`);
    assert.deepEqual((await engine.execute(readAll)).rows, [{ id: 7, b: 70, c: 'x' }]);
  });

  /** Whether a full checkpoint completes: it cannot while a reader holds a snapshot. */
  const checkpointCompletes = async (engine: Engine): Promise<boolean> => {
    const { rows } = await engine.execute(sql<{ busy: number }>`pragma wal_checkpoint(truncate)`);
    return rows[0]!.busy === 0;
  };

  test('a kept statement holds no read between uses', async (t) => {
    const engine = await engineFor(t);
    for (let i = 0; i < 3; i++) await engine.execute(readAll);
    await engine.execute(sql`insert into "t" values (2, 'two')`);
    assert.equal(await checkpointCompletes(engine), true);
    // The next use reads the rows committed since.
    assert.equal((await engine.execute(readAll)).rows.length, 2);
  });

  test('a statement that fails mid-run is dropped and holds no read', async (t) => {
    const engine = await engineFor(t);
    await engine.execute(sql`insert into "t" values (2, 'not json')`);
    // Row 1 is read, then row 2 fails: the statement stops between steps.
    const failing = sql`select "id", json_extract(case when "id" = 1 then '{}' else "a" end, '$') as j from "t" order by "id"`;
    for (let i = 0; i < 2; i++) await assert.rejects(engine.execute(failing), QueryError);
    await engine.execute(sql`insert into "t" values (3, 'three')`);
    assert.equal(await checkpointCompletes(engine), true);
    await engine.execute(sql`update "t" set "a" = '{}' where "id" > 1`);
    assert.equal((await engine.execute(failing)).rows.length, 3);
  });

  test('two runs of one kept statement that fail side by side both reject, nothing more', async (t) => {
    const engine = await engineFor(t);
    await engine.transaction(async (tx) => {
      await tx.execute(sql`insert into "t" values (2, 'two')`); // reads go to the writer
      const parse = (v: string) => tx.execute(sql`select json_extract(${v}, '$') as j`);
      assert.deepEqual((await parse('{}')).rows, [{ j: '{}' }]);
      // Both fail; each retires the statement: finalized once (a second finalize would be
      // an 'error' event nobody hears, ending the process).
      const results = await Promise.allSettled([parse('not json'), parse('nor this')]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'rejected'],
      );
      assert.deepEqual((await parse('[1]')).rows, [{ j: '[1]' }]);
    });
    assert.equal((await engine.execute(readAll)).rows.length, 2);
  });

  test('a run without parameters does not reuse the values of the run before', async (t) => {
    const engine = await engineFor(t);
    const bound = await engine.execute(sql<{ a: unknown }>`select ${'secret'} as a`);
    assert.deepEqual(bound.rows, [{ a: 'secret' }]);
    // The same SQL text with nothing bound: NULL, as a statement prepared afresh binds.
    assert.deepEqual((await engine.execute(sql.raw('select ? as a'))).rows, [{ a: null }]);
  });

  test('a write under pragma count_changes still commits and releases the file', async (t) => {
    const engine = await engineFor(t);
    const conn = await engine.connect();
    try {
      // The compiler's INSERT (no RETURNING): a statement the driver keeps, once before the
      // deprecated pragma that makes an INSERT yield a row (its change count), then after.
      const t = defineTable<{ id: Column<number>; a: Column<string> }>(
        table('t', [id(), column('a', 'text')]),
      );
      await conn.execute(insertInto(t).values({ id: 2, a: 'x' }));
      await conn.execute(sql`PRAGMA main.Count_Changes = 1`);
      for (let i = 3; i < 6; i++) await conn.execute(insertInto(t).values({ id: i, a: 'x' }));
    } finally {
      await conn.release();
    }
    // Committed (each in autocommit), and no statement left open on the writer.
    assert.equal((await engine.execute(readAll)).rows.length, 5);
    assert.equal(await checkpointCompletes(engine), true);
  });

  test('the engine closes with statements kept on every handle', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const engine = createEngine({ url: database.url, poolSize: 3 });
      await engine.execute(sql`create table "t" ("id" integer primary key)`);
      // Reads side by side take several readers; each keeps its statements. A transaction
      // that wrote reads on the writer, which keeps them too.
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => engine.execute(sql`select ${i} as n from "t"`)),
      );
      await engine.transaction(async (tx) => {
        await tx.execute(sql`insert into "t" values (2)`);
        assert.equal((await tx.execute(sql`select "id" from "t"`)).rows.length, 1);
      });
      await engine.close();
      // Closed for real: a new engine on the file takes the writer at once.
      const again = createEngine({ url: database.url, acquireTimeoutMs: 500 });
      await again.transaction(async (tx) => tx.execute(sql`insert into "t" values (1)`));
      await again.close();
    } finally {
      await database.drop();
    }
  });
}, ['sqlite']);
