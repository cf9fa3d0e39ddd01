/**
 * What needs no replica and no PgBouncer: option checks, an engine without replicas (the
 * routing API runs everything on the one database, so code written for replicas runs in
 * development), and the `pooler: 'transaction'` refusals, checked on PostgreSQL directly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, createEngine, PoolerError, sql, type Engine } from '@dbgen/runtime';
import { createTestDatabase, forEachDialect, type TestDatabase } from '../support/databases.js';

describe('replica and pooler options', () => {
  test('bad options are ConfigErrors naming the option', () => {
    assert.throws(
      () => createEngine({ url: 'sqlite::memory:', replicas: ['sqlite::memory:'] }),
      (error: unknown) => error instanceof ConfigError && /read replica/.test(error.message),
    );
    assert.throws(
      () => createEngine({ url: 'postgres://x@127.0.0.1/db', replicas: [''] }),
      /engine option replicas must be an array of database URLs/,
    );
    assert.throws(
      () =>
        createEngine({
          url: 'postgres://x@127.0.0.1/db',
          replicas: ['postgres://x@127.0.0.2/db'],
          readYourWritesTimeoutMs: -5,
        }),
      /readYourWritesTimeoutMs must be a positive number/,
    );
    assert.throws(
      () => createEngine({ url: 'sqlite::memory:', pooler: 'session' as 'transaction' }),
      /engine option pooler must be 'transaction' or 'none', got session/,
    );
  });
});

forEachDialect(
  (dialect, makeEngine) => {
    test('without replicas, onPrimary/onReplica/routingSession all run on the one database', async () => {
      const engine = makeEngine();
      assert.equal(engine.onPrimary(), engine);
      assert.equal(engine.onReplica(), engine);
      assert.deepEqual(await engine.checkReplicas(), []);
      const session = engine.routingSession();
      await session.execute(sql`create table routed (id integer primary key)`);
      await session.execute(sql`insert into routed (id) values (1)`);
      assert.equal(session.waitingForReplicas, false);
      const { rows } = await session.onReplica().execute(sql`select count(*) as "n" from routed`);
      assert.equal(Number((rows[0] as { n: unknown }).n), 1);
      const inTx = await session.transaction(async (tx) =>
        tx.execute(sql`select count(*) as "n" from routed`),
      );
      assert.equal(Number((inTx.rows[0] as { n: unknown }).n), 1);
    });
  },
  ['sqlite', 'postgres'],
);

describe("pooler: 'transaction' refusals (PostgreSQL, no PgBouncer needed)", () => {
  let database: TestDatabase;
  let engine: Engine;
  before(async () => {
    database = await createTestDatabase('postgres');
    engine = createEngine({ url: database.url, pooler: 'transaction' });
  });
  after(async () => {
    await engine?.close();
    await database?.drop();
  });

  test('session state is refused before it is sent, per-transaction state is not', async () => {
    for (const statement of [
      sql`SET search_path = public`,
      sql`/* why */ set application_name = 'x'`,
      sql`select pg_try_advisory_lock(7)`,
      sql`deallocate all`,
      sql`declare c cursor with hold for select 1`,
    ]) {
      await assert.rejects(engine.execute(statement), (error: unknown) => {
        assert.ok(error instanceof PoolerError, String(error));
        assert.match(error.message, /transaction pooler/);
        return true;
      });
    }
    // The same connection, through connect(): refused there too, and the transaction goes on.
    const connection = await engine.connect();
    try {
      await connection.begin();
      await assert.rejects(connection.execute(sql`set work_mem = '8MB'`), PoolerError);
      await connection.execute(sql`set local work_mem = '8MB'`);
      await connection.execute(sql`set transaction read only`);
      assert.deepEqual((await connection.execute(sql`show work_mem`)).rows, [{ work_mem: '8MB' }]);
      await connection.commit();
      await assert.rejects(connection.execute(sql`set local work_mem = '8MB'`), /does nothing/);
    } finally {
      await connection.release();
    }
    // PREPARE TRANSACTION is per transaction, not a prepared statement: not refused (the
    // server may refuse it: max_prepared_transactions is 0 here).
    await assert.rejects(
      engine.transaction((tx) => tx.execute(sql`prepare transaction 'x'`)),
      (error: unknown) => !(error instanceof PoolerError),
    );
  });
});
