/**
 * Read replicas against a real PostgreSQL streaming standby (scripts/replica.sh): where
 * each statement ran is asked of the server that ran it (`pg_is_in_recovery()`,
 * `inet_server_port()`), never mocked. Lag is made on purpose with
 * `pg_wal_replay_pause()`; the stopped replica is really stopped; the promoted one really
 * promoted (last, since it ends the replica's life as a standby).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import {
  createEngine,
  fn,
  ReplicaUnavailableError,
  select,
  Session,
  sql,
  type Engine,
  type Executor,
} from '@dbgen/runtime';
import { createSchema } from '../runtime/orm/fixtures/db.js';
import { Post, User } from '../runtime/orm/fixtures/models.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import {
  onPort,
  REPLICA_PORT,
  replicaDown,
  replicaServer,
  replicaUp,
  scaleServersUnavailable,
  skipReason,
} from '../support/scale-servers.js';

const skip = skipReason('read replica tests', scaleServersUnavailable());

/** Where a statement ran, as that server says. */
const WHERE = sql<{
  standby: boolean;
  port: number;
}>`select pg_is_in_recovery() as "standby", inet_server_port() as "port"`;

async function where(executor: Executor): Promise<number> {
  const { rows } = await executor.execute(WHERE);
  const row = rows[0] as { standby: boolean; port: number };
  assert.equal(row.standby, row.port === REPLICA_PORT, 'only the replica is in recovery');
  return row.port;
}

describe('read replicas (real streaming standby)', { skip }, () => {
  let database: TestDatabase;
  let replicaUrl: string;
  let admin: pg.Client; // the primary, unrouted
  let standby: pg.Client; // the replica, unrouted
  const engines: Engine[] = [];

  const engine = (options: Parameters<typeof createEngine>[0] & object = {}): Engine => {
    const made = createEngine({
      url: database.url,
      replicas: [replicaUrl],
      replicaRetryMs: 200,
      ...options,
    });
    engines.push(made);
    return made;
  };

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const { rows } = await admin.query('select pg_current_wal_lsn()::text as lsn');
    const lsn = (rows[0] as { lsn: string }).lsn;
    for (let i = 0; i < 200; i++) {
      const r = await standby.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn]);
      if ((r.rows[0] as { done: boolean }).done) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the replica did not catch up within 10 s');
  }

  before(async () => {
    await replicaUp();
    database = await createTestDatabase('postgres');
    replicaUrl = onPort(database.url, REPLICA_PORT);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('create table notes (id serial primary key, body text not null)');
    const setup = createEngine(database.url);
    await createSchema(setup, 'postgres');
    await setup.close();
    // The new database reaches the standby by replication; connect once it is there.
    for (let attempt = 0; ; attempt++) {
      standby = new pg.Client({ connectionString: replicaUrl });
      standby.on('error', () => undefined); // the replica is stopped on purpose below
      try {
        await standby.connect();
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await caughtUp();
  });

  after(async () => {
    await Promise.allSettled(engines.map((e) => e.close()));
    await standby?.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await database?.drop();
    await replicaDown();
  });

  test('reads outside a transaction run on the replica, writes and transactions on the primary', async () => {
    const db = engine();
    assert.equal(await where(db), REPLICA_PORT);
    const built = await db.execute(
      select(
        fn<boolean>('pg_is_in_recovery').as('standby'),
        fn<number>('inet_server_port').as('port'),
      ),
    );
    assert.deepEqual(built.rows, [{ standby: true, port: REPLICA_PORT }]);
    const written = await db.execute(
      sql`insert into notes (body) values (${'hello'}) returning inet_server_port() as "port"`,
    );
    assert.deepEqual(written.rows, [{ port: 5432 }]);
    const inTransaction = await db.transaction((tx) => where(tx));
    assert.equal(inTransaction, 5432);
    // A locking read is a write's first half: primary.
    const locked = await db.execute(sql`select inet_server_port() as "port" from notes for update`);
    assert.deepEqual(locked.rows, [{ port: 5432 }]);
    assert.equal(await where(db.onPrimary()), 5432);
    assert.equal(await where(db.onReplica()), REPLICA_PORT);
    const streamed: unknown[] = [];
    for await (const row of db.stream(WHERE)) streamed.push(row);
    assert.deepEqual(streamed, [{ standby: true, port: REPLICA_PORT }]);
    // A write sent to the replica on purpose is refused by the replica itself.
    await assert.rejects(
      db.onReplica().execute(sql`insert into notes (body) values ('x')`),
      /read-only transaction/,
    );
  });

  test("engine.on('statement') hears the reads its replicas run and the writes on the primary", async () => {
    const db = engine();
    const heard: string[] = [];
    const off = db.on('statement', (event) => {
      heard.push(event.sql);
    });
    assert.equal(await where(db), REPLICA_PORT);
    await db.execute(sql`insert into notes (body) values (${'heard'})`);
    off();
    assert.equal(heard.filter((q) => /inet_server_port/.test(q)).length, 1, heard.join('\n'));
    assert.equal(heard.filter((q) => /insert into notes/.test(q)).length, 1, heard.join('\n'));
    await where(db); // after off(): nothing more is heard
    assert.equal(heard.filter((q) => /inet_server_port/.test(q)).length, 1);
  });

  test('an ORM-style connection from onReplica() holds a replica connection', async () => {
    const db = engine();
    const connection = await db.onReplica().connect();
    try {
      await connection.begin();
      assert.equal(await where(connection), REPLICA_PORT);
      await connection.commit();
    } finally {
      await connection.release();
    }
  });

  test('read-your-writes holds while the replica replays nothing (pg_wal_replay_pause)', async () => {
    const db = engine();
    await caughtUp();
    await standby.query('select pg_wal_replay_pause()');
    try {
      const session = db.routingSession();
      await session.execute(sql`insert into notes (body) values (${'mine'})`);
      const count = sql<{
        n: number;
        port: number;
      }>`select count(*)::int as "n", inet_server_port() as "port" from notes where body = 'mine'`;
      // The session sees its write, on the primary ...
      assert.deepEqual((await session.execute(count)).rows, [{ n: 1, port: 5432 }]);
      // ... while a read without read-your-writes shows the replica really is behind.
      assert.deepEqual((await db.execute(count)).rows, [{ n: 0, port: REPLICA_PORT }]);
      assert.equal(session.waitingForReplicas, true);
      // A transaction's commit counts the same.
      await session.transaction(async (tx) => {
        await tx.execute(sql`insert into notes (body) values (${'mine'})`);
      });
      assert.deepEqual((await session.execute(count)).rows, [{ n: 2, port: 5432 }]);
    } finally {
      await standby.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    const session = db.routingSession();
    await session.execute(sql`insert into notes (body) values (${'later'})`);
    await caughtUp();
    // Once the replica has replayed the write, the session reads there again.
    const seen = await session.execute(
      sql<{
        n: number;
        port: number;
      }>`select count(*)::int as "n", inet_server_port() as "port" from notes where body = 'later'`,
    );
    assert.deepEqual(seen.rows, [{ n: 1, port: REPLICA_PORT }]);
  });

  test("an ORM Session on a routing session: its commit holds the session's routed reads on the primary", async () => {
    const db = engine();
    await caughtUp();
    await standby.query('select pg_wal_replay_pause()');
    try {
      const routing = db.routingSession();
      const orm = new Session(routing);
      const user = new User({ email: 'ryw@example.org' });
      orm.add(user);
      await orm.commit();
      const count = sql<{
        n: number;
        port: number;
      }>`select count(*)::int as "n", inet_server_port() as "port" from users where email = 'ryw@example.org'`;
      assert.deepEqual((await routing.execute(count)).rows, [{ n: 1, port: 5432 }]);
      assert.deepEqual((await db.execute(count)).rows, [{ n: 0, port: REPLICA_PORT }]);
    } finally {
      await standby.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    // A read-only ORM Session on a replica sees the replicated rows.
    const reader = new Session(db.onReplica());
    assert.equal(await reader.query(User).filter(User.c.email.eq('ryw@example.org')).count(), 1);
    assert.equal(await reader.query(Post).count(), 0);
    await reader.close();
  });

  test('read-your-writes gives up after readYourWritesTimeoutMs: reads go back to the replica', async () => {
    // Long enough that the first read surely comes within it on a busy machine; the test
    // then waits for the session to say it stopped waiting, not for a guessed time.
    const db = engine({ readYourWritesTimeoutMs: 1_500 });
    await standby.query('select pg_wal_replay_pause()');
    try {
      const session = db.routingSession();
      await session.execute(sql`insert into notes (body) values (${'slow'})`);
      assert.equal(await where(session), 5432);
      while (session.waitingForReplicas) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await where(session), REPLICA_PORT);
    } finally {
      await standby.query('select pg_wal_replay_resume()');
    }
  });

  test('a replica behind maxReplicaLagMs is skipped; reads fall back to the primary', async () => {
    const db = engine({ maxReplicaLagMs: 1 });
    await caughtUp();
    await standby.query('select pg_wal_replay_pause()');
    try {
      await admin.query(`insert into notes (body) values ('lag')`);
      // Wait until the WAL has arrived (received, not replayed): that is lag.
      const { rows } = await admin.query('select pg_current_wal_lsn()::text as lsn');
      for (let i = 0; i < 200; i++) {
        const r = await standby.query('select pg_last_wal_receive_lsn() >= $1::pg_lsn as got', [
          (rows[0] as { lsn: string }).lsn,
        ]);
        if ((r.rows[0] as { got: boolean }).got) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [status] = await db.checkReplicas();
      assert.equal(status?.state, 'lagging', JSON.stringify(status));
      assert.equal(await where(db), 5432);
      await assert.rejects(db.onReplica().execute(WHERE), (error: unknown) => {
        assert.ok(error instanceof ReplicaUnavailableError);
        assert.equal(error.code, 'REPLICA_UNAVAILABLE');
        assert.equal(error.replicas[0]?.state, 'lagging');
        return true;
      });
    } finally {
      await standby.query('select pg_wal_replay_resume()');
    }
    // Other test files write to the primary meanwhile: a replica still replaying their
    // newest record counts as lagging at 1 ms. Ask until it is back in the rotation (a
    // bound against hanging, not a timing goal).
    let state: string | undefined;
    let port = 0;
    for (let i = 0; i < 200 && (state !== 'up' || port !== REPLICA_PORT); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await caughtUp();
      state = (await db.checkReplicas())[0]?.state;
      port = state === 'up' ? await where(db) : 0;
    }
    assert.equal(state, 'up');
    assert.equal(port, REPLICA_PORT);
  });

  test('round robin skips a replica that is down (nothing listens on its port)', async () => {
    const db = engine({ replicas: [onPort(database.url, 5439), replicaUrl] });
    for (let i = 0; i < 10; i++) assert.equal(await where(db), REPLICA_PORT);
    const statuses = await db.checkReplicas();
    assert.deepEqual(
      statuses.map((s) => s.state),
      ['down', 'up'],
    );
  });

  test('a stopped replica: routed reads fall back to the primary and none fails; onReplica() is a typed error', async () => {
    const db = engine();
    assert.equal(await where(db), REPLICA_PORT); // its pool holds a replica connection now
    await replicaServer('stop');
    try {
      const reads = await Promise.all(Array.from({ length: 20 }, () => where(db)));
      assert.deepEqual(new Set(reads), new Set([5432]));
      await assert.rejects(db.onReplica().execute(WHERE), ReplicaUnavailableError);
      assert.equal((await db.checkReplicas())[0]?.state, 'down');
    } finally {
      await replicaServer('start');
    }
    // Back: after replicaRetryMs the replica takes reads again, with no manual step.
    let port = 0;
    for (let i = 0; i < 100 && port !== REPLICA_PORT; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      port = await where(db);
    }
    assert.equal(port, REPLICA_PORT);
    await standby.end().catch(() => undefined);
    standby = new pg.Client({ connectionString: replicaUrl });
    standby.on('error', () => undefined);
    await standby.connect();
  });

  test('a promoted replica leaves the rotation: reads go to the primary, onReplica() names it promoted', async () => {
    const db = engine();
    assert.equal(await where(db), REPLICA_PORT);
    await standby.query('select pg_promote(true, 30)');
    const [status] = await db.checkReplicas();
    assert.equal(status?.state, 'promoted');
    for (let i = 0; i < 5; i++) assert.equal(await where(db), 5432);
    await assert.rejects(db.onReplica().execute(WHERE), (error: unknown) => {
      assert.ok(error instanceof ReplicaUnavailableError);
      assert.match(error.message, /promoted/);
      return true;
    });
  });
});
