/**
 * The bounded pool on real PostgreSQL: a request that finds no free connection waits its
 * turn (first come, first served), fails with PoolTimeoutError after acquireTimeoutMs,
 * and is refused at once when maxWaiting requests already wait.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, createEngine, PoolTimeoutError, sql, type Engine } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

describe('PostgreSQL pool under pressure', () => {
  let database: TestDatabase;
  const engines: Engine[] = [];
  const engine = (options: Parameters<typeof createEngine>[0] & object): Engine => {
    const made = createEngine({ url: database.url, ...options });
    engines.push(made);
    return made;
  };

  before(async () => {
    database = await createTestDatabase('postgres');
  });
  after(async () => {
    await Promise.allSettled(engines.map((e) => e.close()));
    await database?.drop();
  });

  test('waiters are served in the order they came', async () => {
    const db = engine({ poolSize: 1 });
    const held = await db.connect();
    const order: number[] = [];
    const waiting = Array.from({ length: 6 }, (_, i) =>
      db.execute(sql`select ${i}::int as "i"`).then(({ rows }) => {
        order.push((rows[0] as { i: number }).i);
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await held.release();
    await Promise.all(waiting);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  });

  test('a request waits acquireTimeoutMs at most, then fails with PoolTimeoutError', async () => {
    const db = engine({ poolSize: 1, acquireTimeoutMs: 200 });
    const held = await db.connect();
    try {
      await assert.rejects(db.execute(sql`select 1`), (error: unknown) => {
        assert.ok(error instanceof PoolTimeoutError);
        assert.equal(error.code, 'POOL_TIMEOUT');
        assert.match(error.message, /within 200 ms \(pool size 1/);
        return true;
      });
    } finally {
      await held.release();
    }
    assert.deepEqual((await db.execute(sql`select 1 as "one"`)).rows, [{ one: 1 }]);
  });

  test('maxWaiting caps the queue: one more request is refused at once', async () => {
    const db = engine({ poolSize: 1, maxWaiting: 2, acquireTimeoutMs: 5_000 });
    const held = await db.connect();
    const queued = [db.execute(sql`select 1 as "n"`), db.execute(sql`select 2 as "n"`)];
    await new Promise((resolve) => setImmediate(resolve));
    await assert.rejects(db.execute(sql`select 3`), (error: unknown) => {
      assert.ok(error instanceof PoolTimeoutError);
      assert.match(error.message, /2 requests already wait \(maxWaiting 2/);
      return true;
    });
    await held.release();
    const results = await Promise.all(queued);
    assert.deepEqual(
      results.map((r) => r.rows),
      [[{ n: 1 }], [{ n: 2 }]],
    );
  });

  test('a bad maxWaiting is a ConfigError naming it', () => {
    assert.throws(() => engine({ maxWaiting: -1 }), ConfigError);
    assert.throws(() => engine({ maxWaiting: -1 }), /maxWaiting/);
  });
});
