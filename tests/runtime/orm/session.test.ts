// Session behaviour on SQLite and PostgreSQL: identity map, states, dirty tracking,
// rollback consistency, savepoints, optimistic concurrency, merge, expire-on-commit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, StaleDataError, UniqueViolationError, withSession } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Counter, Post, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  async function seedUsers(...emails: string[]): Promise<void> {
    const s = t.session();
    s.addAll(emails.map((email) => new User({ email })));
    await s.commit();
    t.rec.clear();
  }

  test('identity map: one object per key; get() answers from the map without SQL', async () => {
    await seedUsers('a@x.org');
    const s = t.session();
    const u = await s.get(User, 1);
    assert.ok(u);
    assert.equal(t.statements().length, 1);
    assert.equal(await s.get(User, 1), u);
    assert.deepEqual(t.statements(), []);
    const [q] = await s.query(User).all();
    assert.equal(q, u);
    assert.equal(await s.get(User, 99), null);
  });

  test('get() that needs SQL flushes a changed loaded object first, and sends nothing else when none changed', async () => {
    // Pins the order a cheaper autoflush check must keep (docs/orm.md, "Where the time
    // goes"): the UPDATE before the SELECT, and no stray statement in either case.
    await seedUsers('a@x.org', 'b@x.org', 'c@x.org');
    const s = t.session();
    const a = (await s.get(User, 1))!;
    await s.get(User, 2);
    assert.equal(t.statements().length, 2, 'one SELECT per lookup, the autoflush found nothing');
    a.name = 'changed';
    assert.equal(await s.get(User, 1), a, 'a mapped key needs no SQL and no flush');
    assert.deepEqual(t.statements(), []);
    const c = await s.get(User, 3);
    assert.equal(c?.email, 'c@x.org');
    const sent = t.statements();
    assert.equal(sent.length, 2);
    assert.match(sent[0]!, /^update "users" set "name" = \?/i);
    assert.match(sent[1]!, /^select /i);
    assert.deepEqual(s.dirty, []);
    assert.equal(await s.get(User, 99), null);
    assert.equal(t.statements().length, 1, 'clean again: only the SELECT');
  });

  test('object states: transient → pending → persistent → deleted → detached', async () => {
    const s = t.session();
    const u = new User({ email: 's@x.org' });
    assert.equal(inspect(u).status, 'transient');
    s.add(u);
    assert.equal(inspect(u).status, 'pending');
    await s.flush();
    assert.equal(inspect(u).status, 'persistent');
    s.delete(u);
    assert.equal(inspect(u).status, 'persistent');
    assert.deepEqual(s.deletedObjects, [u]);
    await s.flush();
    assert.equal(inspect(u).status, 'deleted');
    await s.commit();
    assert.equal(inspect(u).status, 'detached');
  });

  test('dirty tracking: modified columns are listed; a query does not overwrite unflushed changes', async () => {
    await seedUsers('d@x.org');
    const s = t.session({ autoflush: false });
    const u = (await s.get(User, 1))!;
    assert.deepEqual(s.dirty, []);
    u.name = 'Dee';
    assert.deepEqual(inspect(u).modified, ['name']);
    assert.deepEqual(s.dirty, [u]);
    const again = await s.query(User).filter(User.c.id.eq(1)).one();
    assert.equal(again, u);
    assert.equal(u.name, 'Dee');
    const fresh = await s.query(User).filter(User.c.id.eq(1)).populateExisting().one();
    assert.equal(fresh, u);
    assert.equal(u.name, null);
    assert.deepEqual(s.dirty, []);
  });

  test('autoflush writes pending changes before a query (and can be switched off)', async () => {
    const s = t.session();
    s.add(new User({ email: 'auto@x.org' }));
    assert.equal(await s.query(User).count(), 1);
    const s2 = t.session({ autoflush: false });
    await s.commit();
    s2.add(new User({ email: 'manual@x.org' }));
    assert.equal(await s2.query(User).count(), 1);
    await s2.flush();
    assert.equal(await s2.query(User).count(), 2);
  });

  test('a failed flush rolls back: nothing partial stays, pending objects are transient, changes are kept', async () => {
    await seedUsers('taken@x.org', 'keep@x.org');
    const s = t.session();
    const keep = (await s.get(User, 2))!;
    keep.name = 'changed';
    const ok = new User({ email: 'new@x.org' });
    const dup = new User({ email: 'taken@x.org' });
    s.addAll([ok, dup]);
    await assert.rejects(s.flush(), UniqueViolationError);
    assert.equal(inspect(ok).status, 'transient');
    assert.equal(inspect(dup).status, 'transient');
    assert.equal(ok.id, undefined);
    assert.equal(inspect(keep).status, 'persistent');
    assert.equal(keep.name, 'changed');
    assert.deepEqual(inspect(keep).modified, ['name']);
    assert.deepEqual(
      (await t.rows('select email, name from users order by id')).map((r) => [
        r['email'],
        r['name'],
      ]),
      [
        ['taken@x.org', null],
        ['keep@x.org', null],
      ],
    );
    // Still usable: fix the mistake and commit.
    dup.email = 'other@x.org';
    s.addAll([ok, dup]);
    await s.commit();
    assert.deepEqual(
      (await t.rows('select email, name from users order by id')).map((r) => [
        r['email'],
        r['name'],
      ]),
      [
        ['taken@x.org', null],
        ['keep@x.org', 'changed'],
        ['new@x.org', null],
        ['other@x.org', null],
      ],
    );
  });

  test('a flush failing in its second INSERT batch takes back the keys the first batch gave', async () => {
    await seedUsers('taken@x.org');
    const s = t.session();
    const users = Array.from({ length: 1000 }, (_, i) => new User({ email: `b${i}@x.org` }));
    const dup = new User({ email: 'taken@x.org' });
    s.addAll([...users, dup]);
    await assert.rejects(s.flush(), UniqueViolationError);
    for (const u of [...users, dup]) {
      assert.equal(inspect(u).status, 'transient');
      assert.equal(Object.hasOwn(u, 'id'), false);
    }
    dup.email = 'free@x.org';
    s.addAll([...users, dup]);
    await s.commit();
    assert.equal((await t.rows('select count(*) as n from users'))[0]?.['n'] == 1002, true);
    assert.equal(new Set([...users, dup].map((u) => u.id)).size, 1001);
  });

  test('rollback: objects inserted in the transaction become transient, flushed changes unflushed again', async () => {
    await seedUsers('r@x.org');
    const s = t.session();
    const u = (await s.get(User, 1))!;
    u.name = 'flushed';
    const n = new User({ email: 'n@x.org' });
    s.add(n);
    await s.flush();
    assert.equal(inspect(n).status, 'persistent');
    await s.rollback();
    assert.equal(inspect(n).status, 'transient');
    assert.equal(n.id, undefined);
    assert.equal(u.name, 'flushed');
    assert.deepEqual(inspect(u).modified, ['name']);
    assert.deepEqual((await t.rows('select count(*) as n from users'))[0]?.['n'] == 1, true);
  });

  test('savepoints: rolling back a nested transaction restores the database and the objects', async () => {
    await seedUsers('sp@x.org');
    const s = t.session();
    const u = (await s.get(User, 1))!;
    u.name = 'outer';
    const nested = await s.beginNested();
    u.name = 'inner';
    const temp = new User({ email: 'temp@x.org' });
    s.add(temp);
    await s.flush();
    await nested.rollback();
    assert.equal(nested.active, false);
    assert.equal(inspect(temp).status, 'transient');
    assert.equal(temp.id, undefined);
    assert.equal(u.name, 'inner');
    assert.deepEqual(await s.query(User).filter(User.c.email.eq('temp@x.org')).all(), []);
    const nested2 = await s.beginNested();
    s.add(new User({ email: 'kept@x.org' }));
    await nested2.commit();
    await s.commit();
    assert.deepEqual(
      (await t.rows('select email, name from users order by id')).map((r) => [
        r['email'],
        r['name'],
      ]),
      [
        ['sp@x.org', 'inner'],
        ['kept@x.org', null],
      ],
    );
  });

  test('stale version: UPDATE matching no row raises StaleDataError and writes nothing', async () => {
    const s0 = t.session();
    s0.add(new Counter({ name: 'c', value: 0 }));
    await s0.commit();
    const a = t.session();
    const ca = (await a.get(Counter, 1))!;
    await a.commit(); // releases the connection (SQLite has one) but keeps the object
    const b = t.session();
    const cb = (await b.get(Counter, 1))!;
    cb.value = 10;
    await b.commit();
    assert.equal(cb.version, 2);
    ca.value = 5;
    const other = new User({ email: 'side@x.org' });
    a.add(other);
    await assert.rejects(a.commit(), (e: unknown) => {
      assert.ok(e instanceof StaleDataError);
      assert.match(
        (e as Error).message,
        /UPDATE of "counters" expected to match 1 row\(s\); 0 matched/,
      );
      return true;
    });
    assert.equal(inspect(other).status, 'transient');
    assert.deepEqual(await t.rows('select value, version from counters'), [
      { value: 10, version: 2 },
    ]);
    assert.deepEqual(await t.rows('select * from users'), []);
    // After a refresh the change applies on the new version.
    await a.refresh(ca);
    ca.value = 11;
    await a.commit();
    assert.deepEqual(await t.rows('select value, version from counters'), [
      { value: 11, version: 3 },
    ]);
  });

  test('refresh reloads columns; expunge detaches; merge copies onto the session object', async () => {
    await seedUsers('m@x.org');
    const s = t.session();
    const u = (await s.get(User, 1))!;
    u.name = 'local';
    await s.refresh(u);
    assert.equal(u.name, null);
    s.expunge(u);
    assert.equal(inspect(u).status, 'detached');
    u.name = 'merged';
    const m = await s.merge(u);
    assert.notEqual(m, u);
    assert.equal(m.name, 'merged');
    assert.equal(inspect(u).status, 'detached');
    const n = await s.merge(new User({ email: 'brand@x.org' }));
    assert.equal(inspect(n).status, 'pending');
    await s.commit();
    assert.deepEqual(
      (await t.rows('select email, name from users order by id')).map((r) => [
        r['email'],
        r['name'],
      ]),
      [
        ['m@x.org', 'merged'],
        ['brand@x.org', null],
      ],
    );
  });

  test('expireOnCommit: the next get() reloads the object', async () => {
    await seedUsers('e@x.org');
    const s = t.session({ expireOnCommit: true });
    const u = (await s.get(User, 1))!;
    await s.commit();
    assert.equal(inspect(u).expired, true);
    const w = t.session();
    const other = (await w.get(User, 1))!;
    other.name = 'elsewhere';
    await w.commit();
    t.rec.clear();
    assert.equal(await s.get(User, 1), u);
    assert.equal(t.statements().length, 1);
    assert.equal(u.name, 'elsewhere');
    assert.equal(inspect(u).expired, false);
  });

  test('withSession commits on success, rolls back on error', async () => {
    await withSession(t.engine, async (s) => {
      s.add(new User({ email: 'w@x.org' }));
    });
    await assert.rejects(
      withSession(t.engine, async (s) => {
        s.add(new User({ email: 'lost@x.org' }));
        await s.flush();
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await t.rows('select email from users'), [{ email: 'w@x.org' }]);
  });

  test('errors name the problem: deleting a transient object, getting with a bad key', async () => {
    const s = t.session();
    assert.throws(() => s.delete(new User({ email: 'x' })), {
      name: 'InvalidRequestError',
      message: 'User is not in this session (it is transient); add it or load it first',
    });
    await assert.rejects(s.get(User, [1, 2]), {
      message: 'User has a 1-column primary key; got 2 values',
    });
    const p = new Post({ title: 'p', authorId: 1 });
    assert.throws(() => p.author, /Post\.author is not loaded/);
  });

  test('a flushed new object has its inverse relations loaded empty; later changes to them are flushed', async () => {
    const s = t.session();
    const u = new User({ email: 'fresh@x.org' });
    s.add(u);
    await s.flush();
    t.rec.clear();
    assert.deepEqual(await s.query(User).all(), [u]);
    assert.equal(t.statements().length, 1, 'the autoflush found nothing to write');
    assert.deepEqual(inspect(u).loadedRelations, ['posts', 'profile']);
    assert.deepEqual(s.dirty, []);
    assert.equal(u.posts.length, 0);
    assert.equal(u.posts, u.posts, 'one collection, read twice');
    assert.equal(u.profile, null);
    const p = new Post({ title: 'later' });
    u.posts.push(p);
    await s.flush();
    assert.equal(p.authorId, u.id);
    assert.equal(p.author, u);
    await s.rollback();
    assert.equal(inspect(u).status, 'transient');
    assert.equal(inspect(p).status, 'transient');
    assert.deepEqual(u.posts, [p]);
  });
});
