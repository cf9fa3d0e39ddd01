/**
 * The bounded pool on real PostgreSQL: a request that finds no free connection waits its
 * turn (first come, first served), fails with PoolTimeoutError after acquireTimeoutMs,
 * and is refused at once when maxWaiting requests already wait.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, createEngine, PoolTimeoutError, sql, type Engine } from '@dbgen/runtime';
import { createTestDatabase, PG_SERVER_URL, type TestDatabase } from '../support/databases.js';
import { SeveringProxy } from '../support/severing-proxy.js';

/** Opens `count` pooled connections at once and gives them back (they stay idle in the pool). */
async function warm(engine: Engine, count: number): Promise<void> {
  const held = await Promise.all(Array.from({ length: count }, () => engine.connect()));
  await Promise.all(held.map((c) => c.release()));
}

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

  test('idleCheckMs: idle connections whose server went away are replaced before use, so no write fails', async () => {
    const server = new URL(PG_SERVER_URL);
    const proxy = new SeveringProxy(server.hostname, Number(server.port || 5432));
    const port = await proxy.start();
    const url = new URL(database.url);
    url.port = String(port);
    const setup = engine({});
    await setup.execute(sql`create table if not exists probe (id int)`);
    const checked = engine({ url: url.toString(), poolSize: 4, idleCheckMs: 1 });
    const unchecked = engine({ url: url.toString(), poolSize: 4 });
    try {
      // Without the check: the first write meets a dead pooled connection and fails.
      await warm(unchecked, 4);
      proxy.sever();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await assert.rejects(
        unchecked.execute(sql`insert into probe (id) values (0)`),
        /connection/i,
      );
      // With it: every write, and a transaction, runs on a live connection.
      for (let round = 0; round < 2; round++) {
        await warm(checked, 4);
        assert.ok(proxy.sever() >= 4, "the checked engine's idle connections were severed");
        await new Promise((resolve) => setTimeout(resolve, 5));
        for (let i = 0; i < 4; i++)
          await checked.execute(sql`insert into probe (id) values (${i})`);
        await checked.transaction((tx) => tx.execute(sql`insert into probe (id) values (9)`));
      }
    } finally {
      await proxy.close();
    }
  });

  test('a bad maxWaiting is a ConfigError naming it', () => {
    assert.throws(() => engine({ maxWaiting: -1 }), ConfigError);
    assert.throws(() => engine({ maxWaiting: -1 }), /maxWaiting/);
  });
});
