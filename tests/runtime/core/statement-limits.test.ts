// Statement timeouts (engine, connection, session, statement) and AbortSignal cancellation
// on every dialect: a slow statement ends in TimeoutError or CancelledError, is stopped on
// the server (PostgreSQL cancel request, SQLite interrupt, MySQL/MariaDB KILL QUERY from a
// second connection), and the connection goes on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CancelledError,
  ConfigError,
  Session,
  TimeoutError,
  sql,
  type Engine,
  type RawSql,
} from '@dbgen/runtime';
import { forEachDialect, type TestDialect } from '../../support/databases.js';
import { createSchema } from '../orm/fixtures/db.js';
import { User } from '../orm/fixtures/models.js';

/** A statement that runs for far longer than any test waits (until it is stopped). */
function slow(dialect: TestDialect): RawSql<{ v: number }> {
  if (dialect === 'mysql') return sql<{ v: number }>`select sleep(60) as v`; // killed: 1317
  return dialect === 'postgres'
    ? sql<{ v: number }>`select 1 as v from pg_sleep(60)`
    : sql<{
        v: number;
      }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 5000000000) select count(*) as v from c`;
}

/** A condition that takes as long as {@link slow}, for ORM queries. */
function slowCondition(dialect: TestDialect): RawSql {
  if (dialect === 'mysql') return sql`sleep(60) = 0`; // one row: sleeps once
  return dialect === 'postgres'
    ? sql`exists (select 1 from pg_sleep(60))`
    : sql`(with recursive c(x) as (select 1 union all select x + 1 from c where x < 5000000000) select count(*) from c) > 0`;
}

async function usable(executor: Pick<Engine, 'execute'>): Promise<void> {
  const { rows } = await executor.execute(sql<{ v: string }>`select ${'ok'} as v`);
  assert.deepEqual(rows, [{ v: 'ok' }]);
}

forEachDialect((dialect, makeEngine) => {
  test('a statement timeout cancels the statement with TimeoutError; the pool goes on', async () => {
    const engine = makeEngine({ poolSize: 1 });
    const error = await engine
      .execute(slow(dialect), undefined, { timeoutMs: 200 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TimeoutError, String(error));
    assert.equal(error.code, 'TIMEOUT');
    assert.match(error.message, /200 ms timeout/);
    assert.match(error.sql ?? '', /recursive|sleep/);
    await usable(engine); // the pool's only connection was given back, working
  });

  // A hang guard, not a timing assertion: a cancel sent before the statement has started
  // on the server is lost, and before the fix the statement then ran on unbounded.
  test(
    'a timeout that fires before the statement has started still stops it',
    { timeout: 30_000 },
    async () => {
      const engine = makeEngine({ poolSize: 1 });
      for (let i = 0; i < 5; i++) {
        await assert.rejects(
          engine.execute(slow(dialect), undefined, { timeoutMs: 1 }),
          TimeoutError,
        );
        await usable(engine);
      }
    },
  );

  test("the engine's statementTimeoutMs applies to every statement; timeoutMs: 0 lifts it", async () => {
    const engine = makeEngine({ poolSize: 1, statementTimeoutMs: 200 });
    await assert.rejects(engine.execute(slow(dialect)), TimeoutError);
    await usable(engine);
    const quick =
      dialect === 'mysql'
        ? sql<{ v: number }>`select sleep(0.3) as v`
        : dialect === 'postgres'
          ? sql<{ v: number }>`select 1 as v from pg_sleep(0.3)`
          : sql<{
              v: number;
            }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 200000) select count(*) as v from c`;
    const { rows } = await engine.execute(quick, undefined, { timeoutMs: 0 });
    assert.equal(rows.length, 1);
    assert.throws(() => makeEngine({ statementTimeoutMs: -1 }), ConfigError);
  });

  test('a held connection times out, rolls back and runs the next statement', async () => {
    const engine = makeEngine({ poolSize: 1 });
    await engine.execute(sql`create table timed (id integer primary key, v text)`);
    const connection = await engine.connect({ statementTimeoutMs: 200 });
    try {
      await assert.rejects(connection.execute(slow(dialect)), TimeoutError);
      await usable(connection);
      await connection.begin();
      await connection.execute(sql`insert into timed (id, v) values (1, 'lost')`);
      await assert.rejects(connection.execute(slow(dialect)), TimeoutError);
      await connection.rollback();
      await usable(connection);
      const { rows } = await connection.execute(
        sql<{ n: number }>`select count(*) as n from timed`,
      );
      assert.equal(Number(rows[0]!.n), 0);
    } finally {
      await connection.release();
    }
  });

  test('an AbortSignal cancels a running statement with CancelledError', async () => {
    const engine = makeEngine({ poolSize: 1 });
    const controller = new AbortController();
    const running = engine.execute(slow(dialect), undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 150);
    const error = await running.catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError, String(error));
    assert.equal(error.code, 'CANCELLED');
    assert.match(error.message, /user left/);
    await usable(engine);
  });

  test('a statement whose signal has already aborted never runs', async () => {
    const engine = makeEngine();
    await engine.execute(sql`create table never (id integer primary key)`);
    const aborted = AbortSignal.abort();
    await assert.rejects(
      engine.execute(sql`insert into never (id) values (1)`, undefined, { signal: aborted }),
      CancelledError,
    );
    const connection = await engine.connect();
    await assert.rejects(
      connection.execute(sql`insert into never (id) values (2)`, undefined, { signal: aborted }),
      CancelledError,
    );
    await connection.release();
    const { rows } = await engine.execute(sql<{ n: number }>`select count(*) as n from never`);
    assert.equal(Number(rows[0]!.n), 0);
  });

  test('aborting a stream between batches ends it with CancelledError and frees the connection', async () => {
    const engine = makeEngine({ poolSize: 1 });
    const controller = new AbortController();
    const series =
      dialect === 'postgres'
        ? sql<{ x: number }>`select x from generate_series(1, 5000) as x`
        : sql<{
            x: number;
          }>`with recursive s(x) as (select 1 union all select x + 1 from s where x < 5000) select x from s`;
    let seen = 0;
    const error = await (async () => {
      for await (const _row of engine.stream(series, {
        batchSize: 100,
        signal: controller.signal,
      })) {
        if (++seen === 150) controller.abort();
      }
    })().catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError, String(error));
    assert.ok(seen >= 150 && seen < 5000, `read ${seen} rows`);
    await usable(engine);
  });

  test("a session's statementTimeoutMs stops a slow query; after rollback the session goes on", async () => {
    const engine = makeEngine();
    await createSchema(engine, dialect);
    const session = new Session(engine, { statementTimeoutMs: 200 });
    session.add(new User({ email: 'a@x.org' }));
    await session.commit();
    const query = session.query(User).filter(slowCondition(dialect).asExpression<boolean>());
    await assert.rejects(query.all(), TimeoutError);
    await session.rollback();
    const users = await session.query(User).all();
    assert.deepEqual(
      users.map((u) => u.email),
      ['a@x.org'],
    );
    await session.close();
  });
});
