// engine.close() settles promptly whatever is still lent (a held connect(), a stream
// iterator dropped half read), a second close() is the same close, and every use of a
// closed engine fails at once with ConnectionError, on every dialect. PostgreSQL's close
// waited for every lent connection (forever, for a dropped iterator), a second one threw
// pg-pool's untyped "Called end on pool more than once", and SQLite kept working (it
// opened the database again).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError, PoolTimeoutError, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { within } from '../../support/settle.js';

function assertClosed(outcome: unknown, what: string): void {
  assert.ok(outcome instanceof ConnectionError, `${what}: ${String(outcome)}`);
  assert.match(outcome.message, /closed/, what);
}

const one = sql`select 1 as x`;

/** Every way to use an engine, each expected to fail at once because it is closed. */
async function assertRefusesEverything(engine: Engine): Promise<void> {
  assertClosed(await within(engine.execute(one), 2_000), 'execute');
  assertClosed(await within(engine.connect(), 2_000), 'connect');
  assertClosed(
    await within(
      engine.transaction((tx) => tx.execute(one)),
      2_000,
    ),
    'transaction',
  );
  const rows = (async () => {
    for await (const row of engine.stream(one)) void row;
  })();
  assertClosed(await within(rows, 2_000), 'stream');
}

forEachDialect((dialect, makeEngine) => {
  test('close() settles while a connection is held, and the engine then refuses all use', async () => {
    const engine = makeEngine();
    const held = await engine.connect();
    await held.execute(one);
    assert.equal(await within(engine.close(), 5_000), 'resolved');
    assert.equal(engine.closed, true);
    await assertRefusesEverything(engine);
    // The holder's release is harmless; a second close() is the same, settled close.
    assert.equal(await within(held.release(), 2_000), 'resolved');
    assert.equal(await within(engine.close(), 2_000), 'resolved');
  });

  test('the held connection is closed with the engine', async () => {
    const engine = makeEngine();
    const held = await engine.connect();
    await held.execute(one);
    await engine.close();
    const outcome = await within(held.execute(one), 5_000);
    assert.ok(outcome instanceof ConnectionError, String(outcome));
    await held.release();
  });

  test('close() settles with a stream iterator dropped half read', async () => {
    const engine = makeEngine();
    const statement =
      dialect === 'postgres'
        ? sql`select g from generate_series(1, 1000) g`
        : sql`with recursive c(g) as (select 1 union all select g + 1 from c where g < 1000) select g from c`;
    const iterator = engine.stream(statement, { batchSize: 10 })[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).done, false);
    // Never finished nor returned: its connection stays lent.
    assert.equal(await within(engine.close(), 5_000), 'resolved');
    await assertRefusesEverything(engine);
    // Going on with the dropped iterator ends (with an error or not), never hangs.
    assert.notEqual(await within(iterator.return!(undefined), 5_000), 'pending');
  });

  test('close() twice at once: one close, both settle', async () => {
    const engine = makeEngine();
    await engine.execute(one);
    const first = engine.close();
    const second = engine.close();
    assert.deepEqual(await Promise.all([within(first, 5_000), within(second, 5_000)]), [
      'resolved',
      'resolved',
    ]);
  });

  test('close() of an engine that never connected', async () => {
    const engine = makeEngine();
    assert.equal(await within(engine.close(), 2_000), 'resolved');
    await assertRefusesEverything(engine);
  });

  test(
    'a request waiting for a connection fails when the engine closes',
    {
      skip: dialect === 'sqlite' ? 'a held SQLite connection holds no reader' : false,
    },
    async () => {
      const engine = makeEngine({ poolSize: 1, acquireTimeoutMs: 20_000 });
      const held = await engine.connect();
      await held.execute(one);
      const waiting = engine.execute(one);
      waiting.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await within(engine.close(), 5_000), 'resolved');
      const outcome = await within(waiting, 5_000);
      assert.ok(outcome instanceof ConnectionError, String(outcome));
      await held.release();
    },
  );
});

forEachDialect(
  (_dialect, makeEngine) => {
    test('acquire timeouts leave no waiter counted against maxWaiting', async () => {
      const engine = makeEngine({ poolSize: 1, maxWaiting: 1, acquireTimeoutMs: 150 });
      const held = await engine.connect();
      await held.execute(one);
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const outcome = await within(engine.execute(one), 5_000);
        assert.ok(outcome instanceof PoolTimeoutError, String(outcome));
        // Waited its acquireTimeoutMs: not refused at once as if the queue were full.
        assert.doesNotMatch(outcome.message, /already wait/, `attempt ${i + 1}`);
        assert.ok(Date.now() - started >= 100, `attempt ${i + 1} waited`);
      }
      // With the connection back, the next request runs (past the abandoned waits).
      await held.release();
      assert.deepEqual((await engine.execute<{ x: number }>(one)).rows, [{ x: 1 }]);
      // And the cap still refuses a second waiter while one really waits.
      const again = await engine.connect();
      const first = engine.execute(one);
      first.catch(() => undefined);
      const second = await within(engine.execute(one), 1_000);
      assert.ok(second instanceof PoolTimeoutError, String(second));
      assert.match(second.message, /1 requests already wait/);
      await again.release();
      assert.deepEqual((await first).rows, [{ x: 1 }]);
    });
  },
  ['postgres'],
);
