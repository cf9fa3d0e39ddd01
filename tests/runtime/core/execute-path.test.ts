// engine.execute's one-promise path (Driver.run) and its fallback for drivers without
// `run`: the same results, mapped errors, a connection that is usable again after a
// failure, and a statement that fails before reaching the driver rejects (never throws).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CompileError,
  DbgenError,
  Engine,
  UniqueViolationError,
  param,
  sql,
  type Driver,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

forEachDialect((_dialect, makeEngine) => {
  test('execute runs through Driver.run and through acquire when a driver has no run', async () => {
    const engine = makeEngine();
    assert.equal(typeof engine.driver.run, 'function');
    await engine.execute(sql.raw('create table "ep" ("id" integer primary key, "v" text)'));
    const driver = engine.driver;
    // The same pool seen through a driver that has no `run`.
    const plain: Driver = {
      dialect: driver.dialect,
      acquire: () => driver.acquire(),
      mapError: (error, text, parameters) => driver.mapError(error, text, parameters),
      isConnectionLost: (error) => driver.isConnectionLost(error),
      close: async () => undefined,
    };
    const fallback = new Engine(plain);
    for (const e of [engine, fallback]) {
      const id = e === engine ? 1 : 2;
      const inserted = await e.execute(sql`insert into "ep" ("id", "v") values (${id}, ${'x'})`);
      assert.equal(inserted.rowCount, 1);
      const { rows } = await e.execute<{ id: number; v: string }>(
        sql`select "id", "v" from "ep" where "id" = ${id}`,
      );
      assert.deepEqual(rows, [{ id, v: 'x' }]);
      const error = await e
        .execute(sql`insert into "ep" ("id", "v") values (${id}, ${'secret'})`)
        .catch((caught: unknown) => caught);
      assert.ok(error instanceof UniqueViolationError, String(error));
      assert.ok(!JSON.stringify((error as DbgenError).parameters).includes('secret'));
      // The connection went back to the pool after the failure.
      assert.equal((await e.execute(sql`select 1 as "one"`)).rows.length, 1);
    }
  });

  test('a statement that cannot compile rejects instead of throwing', async () => {
    const engine = makeEngine();
    const pending = engine.execute(sql`select ${param('missing')} as "x"`);
    assert.ok(pending instanceof Promise);
    await assert.rejects(pending, CompileError);
    assert.equal((await engine.execute(sql`select 1 as "one"`)).rows.length, 1);
  });

  test('concurrent executes all finish (the busy path waits for the connection)', async () => {
    const engine = makeEngine({ poolSize: 2 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => engine.execute(sql`select ${i} as "i"`)),
    );
    assert.deepEqual(
      results.map((r) => Number((r.rows[0] as { i: unknown }).i)),
      Array.from({ length: 20 }, (_, i) => i),
    );
  });
});
