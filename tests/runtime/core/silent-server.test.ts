// A server that stops answering (a network partition: sockets stay open, nothing comes
// back) answers neither a statement nor its timeout's cancel. The statement used to wait
// for ever, timeout or not: now, past its timeout and the cancel's grace
// (abandonAfterMs), it fails with ConnectionError and its connection is closed, so the
// pool serves the next statement once the network is back. PostgreSQL and MariaDB
// through a real proxy in front of the real server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConnectionError, sql, TimeoutError, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { proxiedEngine, type ProxiedEngine } from '../../support/proxied-engine.js';
import type { SeveringProxy } from '../../support/severing-proxy.js';
import { within } from '../../support/settle.js';

const digitsSql = sql.raw(
  Array.from({ length: 10 }, (_, d) => `select ${d} as d`).join(' union all '),
);
const digits = sql`(${digitsSql})`;

forEachDialect(
  (dialect, makeEngine) => {
    let proxied: ProxiedEngine;
    let proxy: SeveringProxy;
    let engine: Engine;
    before(async () => {
      const target = dialect === 'postgres' ? 'postgres' : 'mysql';
      proxied = await proxiedEngine(target, makeEngine(), {
        poolSize: 2,
        statementTimeoutMs: 300,
      });
      ({ proxy, engine } = proxied);
    });
    after(() => proxied.close());

    test(
      'a statement on a silent server fails with ConnectionError past its timeout, and the pool recovers',
      { timeout: 30_000 },
      async () => {
        await engine.execute(sql`select 1 as x`);
        proxy.silence();
        const outcome = await within(engine.execute(sql`select 2 as x`), 15_000);
        assert.ok(outcome instanceof ConnectionError, `got ${String(outcome)}`);
        assert.match(outcome.message, /answered neither it nor its cancel/);
        proxy.speak();
        // The given-up connection was closed, not pooled: the next statement gets a good one.
        const { rows } = await engine.execute(sql<{ x: number }>`select 3 as x`);
        assert.deepEqual(
          rows.map((r) => Number(r.x)),
          [3],
        );
      },
    );

    test(
      'inside a transaction the silent server fails the statement, and the transaction with it',
      { timeout: 30_000 },
      async () => {
        proxy.speak();
        const run = engine.transaction(async (tx) => {
          await tx.execute(sql`select 1 as x`);
          proxy.silence();
          await tx.execute(sql`select 2 as x`);
        });
        const outcome = await within(run, 15_000);
        assert.ok(outcome instanceof ConnectionError, `got ${String(outcome)}`);
        proxy.speak();
        const { rows } = await engine.execute(sql<{ x: number }>`select 4 as x`);
        assert.deepEqual(
          rows.map((r) => Number(r.x)),
          [4],
        );
      },
    );

    test(
      'a stream whose server goes silent mid-way fails with ConnectionError',
      { timeout: 30_000 },
      async () => {
        proxy.speak();
        // 20,000 rows of 1 KB: far more than the sockets buffer, so the silence bites.
        const numbers =
          dialect === 'postgres'
            ? sql<{
                x: number;
              }>`select x, repeat('x', 1000) as pad from generate_series(1, 20000) as x`
            : sql<{
                x: number;
              }>`select a.d + 10 * b.d + 100 * c.d + 1000 * e.d as x, repeat('x', 1000) as pad
                from ${digits} a, ${digits} b, ${digits} c, (${digitsSql} union all select 10 union all select 11 union all select 12 union all select 13 union all select 14 union all select 15 union all select 16 union all select 17 union all select 18 union all select 19) e`;
        let seen = 0;
        const read = (async () => {
          for await (const row of engine.stream(numbers, { batchSize: 10 })) {
            void row;
            if (++seen === 20) proxy.silence();
          }
        })();
        const outcome = await within(read, 15_000);
        assert.ok(outcome instanceof ConnectionError, `got ${String(outcome)} after ${seen} rows`);
        proxy.speak();
        const { rows } = await engine.execute(sql<{ x: number }>`select 5 as x`);
        assert.deepEqual(
          rows.map((r) => Number(r.x)),
          [5],
        );
      },
    );

    test('a slow statement on an answering server is still a TimeoutError', async () => {
      proxy.speak();
      const slow = dialect === 'postgres' ? sql`select pg_sleep(5)` : sql`select sleep(5) as slept`;
      const outcome = await within(engine.execute(slow), 15_000);
      assert.ok(outcome instanceof TimeoutError, `got ${String(outcome)}`);
    });
  },
  ['postgres', 'mysql'],
);
