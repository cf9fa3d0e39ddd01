// A statement asked of a connection while one of its streams still reads. PostgreSQL and
// MySQL/MariaDB run one statement at a time on a connection: the statement queued behind
// the stream, the stream waited for the loop that waited for the statement, and the
// process hung (a Session's get() or commit() inside a query().iterate() loop). It is now
// refused at once with a ConnectionBusyError, nothing sent, and the connection works on
// once the loop is left. SQLite runs statements beside a stream, as before.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ConnectionBusyError, Session, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createSchema } from '../orm/fixtures/db.js';
import { User } from '../orm/fixtures/models.js';

// A regression would hang: each test fails after this instead.
const HANG = { timeout: 15_000 };

forEachDialect((dialect, makeEngine) => {
  const oneAtATime = dialect !== 'sqlite';
  let engine: Engine;
  before(async () => {
    // One pooled connection: a connection left waiting on a stream would be the next one lent.
    engine = makeEngine({ poolSize: 1, acquireTimeoutMs: 5_000 });
    await createSchema(engine, dialect);
    for (let i = 0; i < 6; i++)
      await engine.execute(sql`insert into users (email) values (${`s${i}@x.org`})`);
  });

  const emails = async (): Promise<string[]> =>
    (await engine.execute(sql`select email from users order by email`)).rows.map((r) =>
      String(r['email']),
    );

  test('a statement or COMMIT inside a stream loop', HANG, async () => {
    const connection = await engine.connect();
    await connection.begin();
    await connection.execute(sql`insert into users (email) values ('before@x.org')`);
    let seen = 0;
    for await (const _row of connection.stream(sql`select id from users order by id`, {
      batchSize: 2,
    })) {
      if (++seen > 1) continue;
      const inside = connection.execute(sql`select count(*) as n from users`);
      const commit = connection.commit();
      if (oneAtATime) {
        await assert.rejects(inside, ConnectionBusyError);
        await assert.rejects(commit, ConnectionBusyError);
      } else {
        assert.equal(Number((await inside).rows[0]!['n']), 7);
        await commit;
        await connection.begin();
      }
    }
    assert.equal(seen, 7);
    // Once the loop is left the connection and its transaction go on.
    await connection.execute(sql`insert into users (email) values ('after@x.org')`);
    await connection.commit();
    await connection.release();
    const all = await emails();
    assert.ok(all.includes('before@x.org') && all.includes('after@x.org'), String(all));
    await engine.execute(sql`delete from users where email in ('before@x.org', 'after@x.org')`);
  });

  test('release() inside a stream loop does not pool a waiting connection', HANG, async () => {
    const connection = await engine.connect();
    await connection.begin();
    await connection.execute(sql`insert into users (email) values ('released@x.org')`);
    const rows = connection.stream(sql`select id from users order by id`, { batchSize: 2 });
    const iterator = rows[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).done, false);
    await connection.release(); // the transaction is not committed
    // The pool's one connection works: a new one where the old could not be reused.
    assert.ok(!(await emails()).includes('released@x.org'));
    await iterator.return?.(undefined).catch(() => undefined);
  });

  test("release() inside a stream loop keeps the pool's other connections", HANG, async (t) => {
    if (!oneAtATime) return t.skip('SQLite has no server sessions to count');
    // The busy connection is closed on purpose, not lost: the pool must not take it for a
    // failed network and drop the idle connections opened beside it (PostgreSQL did).
    const pooled = makeEngine({ poolSize: 3, acquireTimeoutMs: 5_000 });
    const idOf = async (c: Awaited<ReturnType<Engine['connect']>>): Promise<number> => {
      const query =
        dialect === 'postgres'
          ? sql`select pg_backend_pid() as id`
          : sql`select connection_id() as id`;
      return Number((await c.execute(query)).rows[0]!['id']);
    };
    try {
      const [a, b] = [await pooled.connect(), await pooled.connect()];
      const before = new Set([await idOf(a), await idOf(b)]);
      await a.release();
      await b.release();
      const streaming = await pooled.connect();
      const iterator = streaming
        .stream(sql`select id from users`, { batchSize: 1 })
        [Symbol.asyncIterator]();
      assert.equal((await iterator.next()).done, false);
      await streaming.release();
      await iterator.return?.(undefined).catch(() => undefined);
      const [c, d] = [await pooled.connect(), await pooled.connect()];
      const after = [await idOf(c), await idOf(d)];
      await c.release();
      await d.release();
      assert.ok(
        after.some((id) => before.has(id)),
        `the idle connection was dropped: sessions ${[...before].join(', ')} before, ${after.join(', ')} after`,
      );
    } finally {
      await pooled.close();
    }
  });

  test('Session: get() inside a query().iterate() loop', HANG, async () => {
    const session = new Session(engine);
    const seen: string[] = [];
    for await (const user of session.query(User).iterate(2)) {
      seen.push(user.email);
      const lookup = session.get(User, 1_000_000 + user.id); // not in the identity map: a SELECT
      if (oneAtATime) await assert.rejects(lookup, ConnectionBusyError);
      else await lookup;
    }
    assert.equal(seen.length, 6);
    // After the loop the session works on.
    const first = await session.query(User).orderBy(User.c.id).first();
    assert.equal(first?.email, 's0@x.org');
    await session.close();
  });

  test('Session: a flush or commit refused inside the loop changes nothing', HANG, async () => {
    const session = new Session(engine);
    session.add(new User({ email: 'kept@x.org' }));
    await session.flush(); // written in the session's transaction, not committed
    let renamed: User | null = null;
    for await (const user of session.query(User).iterate(2)) {
      renamed = user;
      user.name = 'Renamed';
      if (!oneAtATime) break;
      // The query's autoflush, and a commit, are refused before they change anything.
      await assert.rejects(session.query(User).count(), ConnectionBusyError);
      await assert.rejects(session.commit(), ConnectionBusyError);
      break;
    }
    await session.commit(); // after the loop: the row flushed before it, and the rename
    await session.close();
    assert.ok((await emails()).includes('kept@x.org'));
    const { rows } = await engine.execute(sql`select name from users where id = ${renamed!.id}`);
    assert.equal(rows[0]!['name'], 'Renamed');
    await engine.execute(sql`delete from users where email = 'kept@x.org'`);
    await engine.execute(sql`update users set name = null`);
  });
});
