// SQLite: reader connections beside the one writer (WAL). A session, a transaction or a
// stream that only reads holds a reader, not the writer, so the rest of the app keeps
// writing; a transaction moves to the writer at its first write; a statement that looks
// like a read but writes (WITH ... INSERT) still lands on the writer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createEngine,
  cte,
  PoolTimeoutError,
  select,
  Session,
  sql,
  type Engine,
} from '@dbgen/runtime';
import { createTestDatabase, forEachDialect } from '../../support/databases.js';
import { createSchema } from '../orm/fixtures/db.js';
import { counters, User } from '../orm/fixtures/models.js';

async function userCount(engine: Pick<Engine, 'execute'>): Promise<number> {
  const { rows } = await engine.execute(sql<{ n: number }>`select count(*) as n from users`);
  return Number(rows[0]!.n);
}

forEachDialect(() => {
  // Each test on a fresh file. A short acquire timeout: before readers, the writes
  // that a reading session blocked waited for it and failed.
  const engineFor = async (
    t: { after(fn: () => Promise<void>): void },
    poolSize = 4,
  ): Promise<Engine> => {
    const database = await createTestDatabase('sqlite');
    const engine = createEngine({ url: database.url, acquireTimeoutMs: 1_000, poolSize });
    t.after(async () => {
      await engine.close();
      await database.drop();
    });
    await createSchema(engine, 'sqlite');
    return engine;
  };

  test('a session that has only read does not block engine.execute', async (t) => {
    const engine = await engineFor(t);
    await engine.execute(sql`insert into users (email) values ('a@x.org')`);
    const session = new Session(engine);
    const users = await session.query(User).all(); // the session's transaction is open
    assert.equal(users.length, 1);
    await engine.execute(sql`insert into users (email) values ('b@x.org')`);
    assert.equal(await userCount(engine), 2);
    // The session then writes: it moves to the writer and sees the latest rows.
    users[0]!.name = 'Ann';
    session.add(new User({ email: 'c@x.org' }));
    await session.commit();
    assert.equal(await userCount(engine), 3);
    const { rows } = await engine.execute(
      sql<{ name: string | null }>`select name from users where email = 'a@x.org'`,
    );
    assert.deepEqual(rows, [{ name: 'Ann' }]);
    await session.close();
  });

  test('a session that has written holds the writer until it commits; its reads see its writes', async (t) => {
    const engine = await engineFor(t);
    const session = new Session(engine);
    session.add(new User({ email: 'mine@x.org' }));
    await session.flush();
    assert.equal((await session.query(User).all()).length, 1); // its own uncommitted row
    assert.equal(await userCount(engine), 0); // others do not see it, and are not blocked
    const blocked = await engine
      .execute(sql`insert into users (email) values ('other@x.org')`)
      .catch((e: unknown) => e);
    assert.ok(blocked instanceof PoolTimeoutError, String(blocked));
    await session.commit();
    await engine.execute(sql`insert into users (email) values ('other@x.org')`);
    assert.equal(await userCount(engine), 2);
    await session.close();
  });

  test('a read-only transaction reads one snapshot and blocks no writer', async (t) => {
    const engine = await engineFor(t);
    const connection = await engine.connect();
    await connection.begin({ readOnly: true });
    assert.equal(await userCount(connection), 0);
    await engine.execute(sql`insert into users (email) values ('new@x.org')`);
    assert.equal(await userCount(connection), 0); // still its snapshot
    await connection.commit();
    assert.equal(await userCount(connection), 1);
    await connection.release();
  });

  test('a READ COMMITTED transaction, as a Session begins, sees each commit at its next read', async (t) => {
    const engine = await engineFor(t);
    const connection = await engine.connect();
    await connection.begin({ isolationLevel: 'read committed' });
    assert.equal(await userCount(connection), 0);
    await engine.execute(sql`insert into users (email) values ('new@x.org')`);
    assert.equal(await userCount(connection), 1); // its own read, as in PostgreSQL
    await connection.execute(sql`insert into users (email) values ('mine@x.org')`);
    assert.equal(await userCount(connection), 2);
    await connection.rollback();
    assert.equal(await userCount(engine), 1); // what it wrote was inside the transaction
    await connection.release();

    const session = new Session(engine);
    assert.equal((await session.query(User).all()).length, 1);
    await engine.execute(sql`insert into users (email) values ('later@x.org')`);
    assert.equal((await session.query(User).all()).length, 2);
    await session.close();
  });

  // The locking SELECT as the statement, inside a CTE, and inside a subquery: each must
  // take the write lock, or the second transaction reads the counter the first is about
  // to change and one update is lost.
  const lockingReads = {
    statement: () => select(counters).from(counters).forUpdate(),
    cte: () => {
      const locked = cte('locked', select(counters).from(counters).forUpdate());
      return select({ value: locked.value }).from(locked).with(locked);
    },
    subquery: () =>
      select({ value: counters.value })
        .from(counters)
        .where(counters.name.in(select(counters.name).from(counters).forUpdate())),
  };
  for (const [where, lockingRead] of Object.entries(lockingReads)) {
    test(`a SELECT FOR UPDATE (${where}) in a READ COMMITTED transaction takes the write lock: no lost update`, async (t) => {
      const engine = await engineFor(t);
      await engine.execute(sql`insert into counters (name, value) values ('k', 0)`);
      const bump = async (): Promise<void> => {
        const connection = await engine.connect();
        await connection.begin({ isolationLevel: 'read committed' });
        const { rows } = await connection.execute(lockingRead());
        await new Promise((resolve) => setTimeout(resolve, 50)); // the other one reads meanwhile
        await connection.execute(sql`update counters set value = ${Number(rows[0]!.value) + 1}`);
        await connection.commit();
        await connection.release();
      };
      await Promise.all([bump(), bump()]);
      const { rows } = await engine.execute(select(counters).from(counters));
      assert.equal(rows[0]!.value, 2); // each read what the other had committed
    });
  }

  /** An engine with two readers. */
  const twoReaders = (t: { after(fn: () => Promise<void>): void }): Promise<Engine> =>
    engineFor(t, 2);

  /** Two snapshot transactions at once: each holds a reader, so both readers are free. */
  const bothReadersFree = async (engine: Engine): Promise<void> => {
    const held = [await engine.connect(), await engine.connect()];
    for (const c of held) {
      await c.begin({ readOnly: true });
      await userCount(c); // takes a reader (a timeout if none is free)
    }
    for (const c of held) {
      await c.commit();
      await c.release();
    }
  };

  test('sessions that have only read hold no reader', async (t) => {
    const engine = await twoReaders(t);
    const sessions = [new Session(engine), new Session(engine), new Session(engine)];
    for (const session of sessions) assert.deepEqual(await session.query(User).all(), []);
    await bothReadersFree(engine); // (before, the first two sessions held both)
    for (const session of sessions) await session.close();
  });

  test('statements run side by side on one connection share its reader', async (t) => {
    const engine = await twoReaders(t);
    for (const options of [{ isolationLevel: 'read committed' as const }, { readOnly: true }]) {
      const connection = await engine.connect();
      await connection.begin(options);
      const counts = await Promise.all([0, 1, 2].map(() => userCount(connection)));
      assert.deepEqual(counts, [0, 0, 0]);
      await connection.commit();
      await connection.release();
    }
    await bothReadersFree(engine); // none was left behind
  });

  test('a connection released while its stream reads keeps that reader until the stream ends', async (t) => {
    const engine = await twoReaders(t);
    for (let i = 0; i < 10; i++)
      await engine.execute(sql`insert into users (email) values (${`r${i}@x.org`})`);
    const connection = await engine.connect();
    await connection.begin({ isolationLevel: 'read committed' });
    const rows = connection.stream(sql`select id from users`, { batchSize: 2 });
    const iterator = rows[Symbol.asyncIterator]();
    await iterator.next();
    await connection.commit();
    await connection.release(); // (a Session's commit inside a query().iterate() loop)
    await engine.execute(sql`insert into users (email) values ('late@x.org')`);
    // Not on the stream's reader, whose open statement still sees 10 rows.
    assert.equal(await userCount(engine), 11);
    let rest = 1;
    while (!(await iterator.next()).done) rest++;
    assert.equal(rest, 10); // the stream read its own snapshot to the end
    await bothReadersFree(engine); // and gave its reader back then
  });

  test('a stream that reads blocks no writer', async (t) => {
    const engine = await engineFor(t);
    for (let i = 0; i < 30; i++)
      await engine.execute(sql`insert into users (email) values (${`u${i}@x.org`})`);
    let seen = 0;
    for await (const _row of engine.stream(sql`select id from users order by id`, {
      batchSize: 5,
    })) {
      if (++seen === 10) await engine.execute(sql`insert into users (email) values ('late@x.org')`);
    }
    assert.equal(seen, 30);
    assert.equal(await userCount(engine), 31);
  });

  test('a WITH statement that writes goes to the writer', async (t) => {
    const engine = await engineFor(t);
    const statement = sql`with e(v) as (select 'cte@x.org') insert into users (email) select v from e`;
    await engine.execute(statement);
    const connection = await engine.connect();
    await connection.begin({ readOnly: true });
    await connection.execute(
      sql`with e(v) as (select 'tx@x.org') insert into users (email) select v from e`,
    );
    await connection.commit();
    await connection.release();
    assert.equal(await userCount(engine), 2);
  });

  test('a default engine.transaction still takes the writer at BEGIN (serializable)', async (t) => {
    const engine = await engineFor(t);
    const outcome = await engine.transaction(async (tx) => {
      const before = await userCount(tx);
      // Another writer waits for this transaction (and here, times out).
      const other = await engine
        .execute(sql`insert into users (email) values ('x@x.org')`)
        .catch((e: unknown) => e);
      await tx.execute(sql`insert into users (email) values ('tx@x.org')`);
      return { before, other };
    });
    assert.equal(outcome.before, 0);
    assert.ok(outcome.other instanceof PoolTimeoutError, String(outcome.other));
    assert.equal(await userCount(engine), 1);
  });
}, ['sqlite']);
