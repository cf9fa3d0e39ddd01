/**
 * A routing session's writes, against the real streaming standby of read-replicas.test.ts
 * (scripts/replica.sh): a streamed write or locking read runs on the primary and counts
 * for read-your-writes, and so does a write outside a transaction on a connection the
 * session lent (`session.connect()`). Where a statement ran is asked of the server that
 * ran it (`inet_server_port()`); the replica's lag is made with `pg_wal_replay_pause()`.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createEngine, fn, select, sql, type Engine, type Executor } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import {
  onPort,
  REPLICA_PORT,
  replicaDown,
  replicaUp,
  scaleServersUnavailable,
  skipReason,
} from '../support/scale-servers.js';

const skip = skipReason('routing session write tests', scaleServersUnavailable());

const WHERE = sql<{ port: number }>`select inet_server_port() as "port"`;

async function streamed<Row>(rows: AsyncIterable<Row>): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/**
 * read-replicas.test.ts stops and finally promotes the shared replica: wait until no
 * other live test process holds it (scripts/replica.sh keeps one file per holder pid).
 */
async function soleHolder(): Promise<void> {
  const others = (): string[] => {
    let names: string[] = [];
    try {
      names = readdirSync('/tmp/dbgen-replica/holders');
    } catch {
      return [];
    }
    return names.filter((name) => {
      if (name === String(process.pid)) return false;
      try {
        process.kill(Number(name), 0);
        return true;
      } catch {
        return false;
      }
    });
  };
  if (others().length === 0) return;
  console.error(`waiting (at most 3 min) for the replica's other holders: ${others().join(', ')}`);
  for (let i = 0; i < 1800 && others().length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('routing session writes (real streaming standby)', { skip }, () => {
  let database: TestDatabase;
  let replicaUrl: string;
  let admin: pg.Client;
  let standby: pg.Client;
  const engines: Engine[] = [];

  const engine = (options: Parameters<typeof createEngine>[0] & object = {}): Engine => {
    const made = createEngine({
      url: database.url,
      replicas: [replicaUrl],
      readYourWritesTimeoutMs: 60_000,
      ...options,
    });
    engines.push(made);
    return made;
  };

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

  /** Runs `work` while the replica replays nothing (it then lags behind every write). */
  async function paused(work: () => Promise<void>): Promise<void> {
    await caughtUp();
    await standby.query('select pg_wal_replay_pause()');
    try {
      await work();
    } finally {
      await standby.query('select pg_wal_replay_resume()');
    }
  }

  const count = (body: string) =>
    sql<{
      n: number;
      port: number;
    }>`select count(*)::int as "n", inet_server_port() as "port" from notes where body = ${body}`;

  before(async () => {
    await replicaUp();
    await soleHolder();
    await replicaUp(); // again: a replica promoted by another file is made anew
    database = await createTestDatabase('postgres');
    replicaUrl = onPort(database.url, REPLICA_PORT);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('create table notes (id serial primary key, body text not null)');
    for (let attempt = 0; ; attempt++) {
      standby = new pg.Client({ connectionString: replicaUrl });
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

  test('session.stream of a locking read or a write runs on the primary and counts as a write', async () => {
    const db = engine();
    const reads = db.routingSession();
    // A plain streamed read goes to the replica, and is no write.
    assert.deepEqual(await streamed(reads.stream(WHERE)), [{ port: REPLICA_PORT }]);
    const built = select(fn<number>('inet_server_port').as('port'));
    assert.deepEqual(await streamed(reads.stream(built)), [{ port: REPLICA_PORT }]);
    assert.equal(reads.waitingForReplicas, false);
    // Locking reads: the builder's and raw SQL.
    assert.deepEqual(await streamed(reads.stream(built.forUpdate())), [{ port: 5432 }]);
    assert.deepEqual(
      await streamed(reads.stream(sql`select inet_server_port() as "port" for share`)),
      [{ port: 5432 }],
    );

    await paused(async () => {
      const session = db.routingSession();
      const rows = await streamed(
        session.stream(
          sql`insert into notes (body) values (${'streamed'}) returning inet_server_port() as "port"`,
        ),
      );
      assert.deepEqual(rows, [{ port: 5432 }]);
      assert.equal(session.waitingForReplicas, true);
      // Its own write is read back (on the primary: the paused replica has not got it) ...
      assert.deepEqual((await session.execute(count('streamed'))).rows, [{ n: 1, port: 5432 }]);
      assert.deepEqual(await streamed(session.stream(count('streamed'))), [{ n: 1, port: 5432 }]);
      // ... which another session's read shows the replica has not.
      assert.deepEqual((await db.execute(count('streamed'))).rows, [{ n: 0, port: REPLICA_PORT }]);

      // A caller that stops after the first row has still written, and it counts.
      const early = db.routingSession();
      for await (const row of early.stream(
        sql`insert into notes (body) values ('early'), ('early') returning inet_server_port() as "port"`,
      )) {
        assert.deepEqual(row, { port: 5432 });
        break;
      }
      assert.equal(early.waitingForReplicas, true);
      assert.deepEqual((await early.execute(count('early'))).rows, [{ n: 2, port: 5432 }]);
    });
  });

  test("a write outside a transaction on session.connect() holds the session's reads on the primary", async () => {
    const db = engine();
    await paused(async () => {
      const session = db.routingSession();
      const connection = await session.connect();
      try {
        // Reads on the connection are no write.
        assert.equal(await where(connection), 5432);
        assert.equal(session.waitingForReplicas, false);
        await connection.execute(sql`insert into notes (body) values (${'autocommit'})`);
      } finally {
        await connection.release();
      }
      assert.equal(session.waitingForReplicas, true);
      assert.deepEqual((await session.execute(count('autocommit'))).rows, [{ n: 1, port: 5432 }]);
      assert.deepEqual((await db.execute(count('autocommit'))).rows, [
        { n: 0, port: REPLICA_PORT },
      ]);

      // The same through the connection's stream.
      const other = db.routingSession();
      const lent = await other.connect();
      try {
        await streamed(lent.stream(sql`insert into notes (body) values ('lent') returning id`));
      } finally {
        await lent.release();
      }
      assert.equal(other.waitingForReplicas, true);
      assert.deepEqual((await other.execute(count('lent'))).rows, [{ n: 1, port: 5432 }]);
    });
  });

  test(
    "a lent connection's writes need no second connection: one pooled connection is enough",
    { timeout: 30_000 },
    async () => {
      // The primary's write position is asked on the connection that wrote; from the pool
      // it would wait forever for the connection this session holds.
      const db = engine({ poolSize: 1 });
      const session = db.routingSession();
      const connection = await session.connect();
      try {
        await connection.execute(sql`insert into notes (body) values (${'one-connection'})`);
        await connection.begin();
        await connection.execute(sql`insert into notes (body) values (${'one-connection'})`);
        await connection.commit();
        await connection.transaction(async (tx) => {
          await tx.execute(sql`insert into notes (body) values (${'one-connection'})`);
        });
      } finally {
        await connection.release();
      }
      assert.equal(session.waitingForReplicas, true);
      assert.deepEqual((await db.onPrimary().execute(count('one-connection'))).rows, [
        { n: 3, port: 5432 },
      ]);
    },
  );
});

async function where(executor: Executor): Promise<number> {
  const { rows } = await executor.execute(WHERE);
  return (rows[0] as { port: number }).port;
}
