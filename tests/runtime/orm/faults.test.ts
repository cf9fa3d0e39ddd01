// Faults and concurrency: a connection killed in the middle of a flush or of a load, and 20 sessions
// racing to update the same versioned rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError, inspect, Session, sql, StaleDataError } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createSchema } from './fixtures/db.js';
import { Counter, Post, User } from './fixtures/models.js';

forEachDialect(
  (_dialect, makeEngine) => {
    test('connection killed mid-flush: an error, nothing partial in the database, the session usable', async () => {
      const engine = makeEngine();
      await createSchema(engine, 'postgres');
      // The INSERT into posts kills its own connection (pg_terminate_backend on itself),
      // after the users INSERT of the same flush went through: a death mid-flush.
      await engine.execute(
        sql.raw(`create function kill_me() returns trigger language plpgsql as $$
          begin perform pg_terminate_backend(pg_backend_pid()); perform pg_sleep(5); return new; end $$`),
      );
      await engine.execute(
        sql.raw(
          `create trigger posts_kill before insert on posts for each row when (new.title = 'kill') execute function kill_me()`,
        ),
      );
      const s = new Session(engine);
      const user = new User({ email: 'victim@x.org' });
      user.posts.push(new Post({ title: 'kill' }));
      s.add(user);
      await assert.rejects(s.flush(), ConnectionError);
      assert.equal(inspect(user).status, 'transient');
      assert.equal(user.id, undefined);
      const after = await engine.execute(sql`select count(*)::int as n from users`);
      assert.deepEqual(after.rows, [{ n: 0 }]);
      // The session is usable again, on a fresh connection.
      user.posts[0]!.title = 'survived';
      s.add(user);
      await s.commit();
      const rows = await engine.execute(
        sql`select u.email, p.title from users u join posts p on p.author_id = u.id`,
      );
      assert.deepEqual(rows.rows, [{ email: 'victim@x.org', title: 'survived' }]);
      await s.close();
    });
  },
  ['postgres'],
);

forEachDialect(
  (_dialect, makeEngine) => {
    test('connection killed mid-load: an error, and the session loads again on a new connection', async () => {
      const engine = makeEngine();
      await createSchema(engine, 'postgres');
      const setup = new Session(engine);
      setup.addAll([new User({ email: 'a@x.org' }), new User({ email: 'b@x.org' })]);
      await setup.commit();
      await setup.close();
      // A function in the select list that ends its own backend: the load dies mid-query.
      await engine.execute(
        sql.raw(`create function kill_me_now() returns int language plpgsql as $$
          begin perform pg_terminate_backend(pg_backend_pid()); perform pg_sleep(5); return 1; end $$`),
      );
      await engine.execute(
        sql.raw(
          `create view doomed_users as select id, email, name, kill_me_now() as k from users`,
        ),
      );
      const s = new Session(engine);
      // The ORM's load path (value-array rows on PostgreSQL) with the doomed filter.
      const doomed = s
        .query(User)
        .filter(sql`exists (select 1 from doomed_users d where d.k = 1)`.asExpression<boolean>());
      await assert.rejects(doomed.all(), ConnectionError);
      await s.rollback();
      const users = await s.query(User).orderBy(User.c.id).all();
      assert.deepEqual(
        users.map((u) => u.email),
        ['a@x.org', 'b@x.org'],
      );
      await s.close();
    });
  },
  ['postgres'],
);

forEachDialect((dialect, makeEngine) => {
  test('20 concurrent sessions on versioned rows: each update applied or rejected as stale, none lost', async () => {
    const engine = makeEngine({ poolSize: 25 });
    await createSchema(engine, dialect);
    const setup = new Session(engine);
    setup.addAll([new Counter({ name: 'a', value: 0 }), new Counter({ name: 'b', value: 0 })]);
    await setup.commit();
    await setup.close();

    const N = 20;
    // On PostgreSQL everyone reads before anyone writes (a real race). On SQLite the
    // sessions read on reader connections side by side and queue for the one writer at
    // their first write: a race as well, without waiting for one another to read.
    let loaded = 0;
    let release!: () => void;
    const allLoaded = new Promise<void>((res) => (release = res));
    const outcomes = await Promise.all(
      Array.from({ length: N }, async () => {
        const s = new Session(engine);
        try {
          const counters = await s.query(Counter).orderBy(Counter.c.id).all();
          if (++loaded === N) release();
          if (dialect === 'postgres') await allLoaded;
          for (const c of counters) c.value += 1;
          await s.commit();
          return 'applied';
        } catch (error) {
          if (error instanceof StaleDataError) return 'stale';
          throw error;
        } finally {
          await s.close();
        }
      }),
    );
    const applied = outcomes.filter((o) => o === 'applied').length;
    const stale = outcomes.filter((o) => o === 'stale').length;
    assert.equal(applied + stale, N);
    assert.ok(applied >= 1);
    const rows = await engine.execute(sql`select name, value, version from counters order by id`);
    // Every applied session added 1 to both counters and bumped their versions; no other write landed.
    assert.deepEqual(rows.rows, [
      { name: 'a', value: applied, version: 1 + applied },
      { name: 'b', value: applied, version: 1 + applied },
    ]);
  });
});
