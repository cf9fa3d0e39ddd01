// A stream holds one pooled connection while it runs; however it ends — fully read, left
// early with break, the loop body throwing, or the database failing mid-stream — the
// connection goes back and the next query runs (a pool of one would otherwise time out).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryError, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

forEachDialect((dialect, makeEngine) => {
  const single = (): Engine => makeEngine({ poolSize: 1, acquireTimeoutMs: 1_500 });
  // 1..n, without a table.
  const series = (n: number) =>
    dialect === 'postgres'
      ? sql<{ x: number }>`select x from generate_series(1, ${n}::int) as x`
      : sql<{
          x: number;
        }>`with recursive s(x) as (select 1 union all select x + 1 from s where x < ${n}) select x from s`;
  // 1..n, failing on the database at row `failAt` (after earlier batches were read).
  const failingSeries = (n: number, failAt: number) =>
    dialect === 'postgres'
      ? sql<{
          x: number;
        }>`select 1 / (x - ${failAt}::int) as x from generate_series(1, ${n}::int) as x`
      : sql<{
          x: number;
        }>`with recursive s(x) as (select 1 union all select x + 1 from s where x < ${n})
          select case when x = ${failAt} then abs(-9223372036854775807 - 1) else x end as x from s`;

  const stillUsable = async (engine: Engine) => {
    const { rows } = await engine.execute(sql`select ${'ok'} as "v"`);
    assert.deepEqual(rows, [{ v: 'ok' }]);
  };

  test('break after the first batch releases the connection', async () => {
    const engine = single();
    const seen: number[] = [];
    for await (const row of engine.stream(series(1000), { batchSize: 10 })) {
      seen.push(Number(row.x));
      if (seen.length === 15) break;
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    await stillUsable(engine);
    // And a second stream on the same single connection reads everything.
    let count = 0;
    for await (const _ of engine.stream(series(50), { batchSize: 7 })) count++;
    assert.equal(count, 50);
  });

  test('an error thrown by the loop body releases the connection', async () => {
    const engine = single();
    await assert.rejects(async () => {
      for await (const row of engine.stream(series(1000), { batchSize: 10 })) {
        if (Number(row.x) === 3) throw new Error('consumer failed');
      }
    }, /consumer failed/);
    await stillUsable(engine);
  });

  test('a database error mid-stream is mapped and releases the connection', async () => {
    const engine = single();
    const seen: number[] = [];
    await assert.rejects(
      async () => {
        for await (const row of engine.stream(failingSeries(100, 25), { batchSize: 10 })) {
          seen.push(Number(row.x));
        }
      },
      (error: unknown) => error instanceof QueryError,
    );
    assert.ok(seen.length < 25, `rows before the failure only, got ${seen.length}`);
    await stillUsable(engine);
  });

  test('a stream on a held connection, left early, leaves that connection usable', async () => {
    const engine = single();
    const conn = await engine.connect();
    try {
      for await (const row of conn.stream(series(100), { batchSize: 5 })) {
        assert.equal(Number(row.x), 1);
        break;
      }
      const { rows } = await conn.execute(sql`select ${'same connection'} as "v"`);
      assert.deepEqual(rows, [{ v: 'same connection' }]);
    } finally {
      await conn.release();
    }
    await stillUsable(engine);
  });
});
