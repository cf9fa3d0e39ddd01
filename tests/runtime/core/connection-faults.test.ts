// Dead connections on the real PostgreSQL server: a stream whose backend is killed mid-way
// throws ConnectionError (instead of hanging) and gives its connection back; after every
// backend of the pool is killed, at most one query fails before the pool is healthy again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { ConnectionError, createEngine, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect, PG_SERVER_URL } from '../../support/databases.js';
import { SeveringProxy } from '../../support/severing-proxy.js';

async function databaseOf(engine: Engine): Promise<string> {
  const { rows } = await engine.execute(sql<{ db: string }>`select current_database() as db`);
  return rows[0]!.db;
}

/** Terminates every backend connected to the engine's database (from another connection). */
async function killBackends(engine: Engine, database?: string): Promise<number> {
  const db = database ?? (await databaseOf(engine));
  const admin = new pg.Client({ connectionString: PG_SERVER_URL });
  await admin.connect();
  try {
    const killed = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [db],
    );
    return killed.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/**
 * Terminates every backend of the engine's database, its own included, through the
 * engine: the next queries run at once, before the pool has read every dead socket's
 * farewell. Counts as a failure when the killing query itself dies (it usually does).
 */
async function killAllFromInside(engine: Engine): Promise<number> {
  try {
    // The others first, waiting until they have exited (their farewells are then in
    // the pool's sockets, unread), then its own backend.
    await engine.execute(
      sql`select (select count(pg_terminate_backend(pid, 5000)) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid())
        + (select pg_terminate_backend(pg_backend_pid())::int) as n`,
    );
    return 0;
  } catch (error) {
    assert.ok(error instanceof ConnectionError, String(error));
    return 1;
  }
}

/** Opens `n` pooled connections at once, so the pool holds `n` idle ones after. */
async function warm(engine: Engine, n: number): Promise<void> {
  const held = await Promise.all(Array.from({ length: n }, () => engine.connect()));
  await Promise.all(held.map((c) => c.execute(sql`select 1`)));
  await Promise.all(held.map((c) => c.release()));
}

forEachDialect(
  (_dialect, makeEngine) => {
    // A hang guard, not a timing assertion: before the fix the loop never ended.
    test(
      'a stream whose backend is killed at row 150 of 3,000 throws ConnectionError and frees its connection',
      { timeout: 30_000 },
      async () => {
        const engine = makeEngine({ poolSize: 1, acquireTimeoutMs: 5_000 });
        const database = await databaseOf(engine);
        const seen: number[] = [];
        let failure: unknown = null;
        try {
          for await (const row of engine.stream(
            sql<{ x: number }>`select x from generate_series(1, 3000) as x`,
            { batchSize: 50 },
          )) {
            seen.push(row.x);
            if (seen.length === 150) {
              // The stream holds the pool's only connection: killed from outside.
              assert.equal(await killBackends(engine, database), 1);
            }
          }
        } catch (error) {
          failure = error;
        }
        assert.ok(
          failure instanceof ConnectionError,
          `expected ConnectionError, got ${String(failure)}`,
        );
        assert.ok(seen.length >= 150 && seen.length < 3000, `read ${seen.length} rows`);
        // The dead connection went back (destroyed): the pool of one serves the next query.
        const { rows } = await engine.execute(sql<{ v: number }>`select 7 as v`);
        assert.deepEqual(rows, [{ v: 7 }]);
      },
    );

    test(
      'after every backend is killed, at most one query fails',
      { timeout: 60_000 },
      async () => {
        const engine = makeEngine({ poolSize: 5 });
        for (let round = 0; round < 3; round++) {
          await warm(engine, 5);
          assert.ok((await killBackends(engine)) >= 5);
          let failures = 0;
          for (let i = 0; i < 8; i++) {
            try {
              const { rows } = await engine.execute(sql<{ v: number }>`select ${i}::int as v`);
              assert.deepEqual(rows, [{ v: i }]);
            } catch (error) {
              assert.ok(error instanceof ConnectionError, String(error));
              failures++;
            }
          }
          assert.ok(failures <= 1, `round ${round}: ${failures} queries failed in a row`);
        }
      },
    );

    test(
      'after a restart severs every pooled connection, no read fails and one write does',
      { timeout: 60_000 },
      async () => {
        const database = await databaseOf(makeEngine());
        const server = new URL(PG_SERVER_URL);
        const proxy = new SeveringProxy(server.hostname, Number(server.port || 5432));
        const port = await proxy.start();
        const url = new URL(PG_SERVER_URL);
        url.port = String(port);
        url.pathname = `/${database}`;
        const engine = createEngine({ url: url.toString(), poolSize: 5 });
        try {
          for (let round = 0; round < 3; round++) {
            await warm(engine, 5);
            assert.equal(proxy.sever(), 5);
            const outcomes: string[] = [];
            for (let i = 0; i < 8; i++) {
              try {
                const { rows } = await engine.execute(sql<{ v: number }>`select ${i}::int as v`);
                assert.deepEqual(rows, [{ v: i }]);
                outcomes.push('ok');
              } catch (error) {
                assert.ok(error instanceof ConnectionError, String(error));
                outcomes.push('failed');
              }
            }
            // Before the fix: five failures in a row, one per dead pooled connection. A
            // SELECT on a dead pooled connection is retried on a new one: no failure.
            assert.deepEqual(outcomes, Array(8).fill('ok'), `round ${round}`);
            // A write is not retried (it may have been done): at most one fails.
            await warm(engine, 5);
            assert.equal(proxy.sever(), 5);
            let writeFailures = 0;
            for (let i = 0; i < 4; i++) {
              try {
                await engine.execute(sql`create temporary table if not exists probe (id int)`);
              } catch (error) {
                assert.ok(error instanceof ConnectionError, String(error));
                writeFailures++;
              }
            }
            assert.equal(writeFailures, 1, `round ${round}: ${writeFailures} writes failed`);
          }
        } finally {
          await engine.close();
          await proxy.close();
        }
      },
    );

    test(
      'after every backend is killed, held connections fail once and the pool recovers',
      { timeout: 60_000 },
      async () => {
        const engine = makeEngine({ poolSize: 4 });
        await warm(engine, 4);
        await killBackends(engine);
        let failures = 0;
        for (let i = 0; i < 6; i++) {
          const connection = await engine.connect();
          try {
            await connection.execute(sql`select 1`);
          } catch (error) {
            assert.ok(error instanceof ConnectionError, String(error));
            failures++;
          } finally {
            await connection.release();
          }
        }
        assert.ok(failures <= 1, `${failures} connections failed`);
      },
    );
  },
  // PostgreSQL only: the faults are made with pg_terminate_backend and pg_stat_activity.
  // MariaDB's killed connection (KILL <id>) is covered by behaviour.test.ts; porting these
  // four (streams killed mid-way, whole-pool kills, a severed restart) is still to do.
  ['postgres'],
);
