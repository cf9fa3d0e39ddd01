// Session defects that lost data, each held on every dialect: merge() of an object edited
// from an old version, a flushed primary-key change and the identity map, a change made
// to an expired object, objects first loaded in a transaction that rolled back, and an
// object whose DELETE was flushed added again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  insertInto,
  inspect,
  InvalidRequestError,
  selectinload,
  StaleDataError,
  update,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Counter, Post, posts, User, users } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  async function seedCounter(): Promise<void> {
    const s = t.session();
    s.add(new Counter({ name: 'c', value: 0 }));
    await s.commit();
    await s.close();
  }

  test('merge() of an object edited from an older version is a StaleDataError, and writes nothing', async () => {
    await seedCounter();
    const a = t.session();
    const detached = (await a.get(Counter, 1))!;
    await a.close();
    // Someone else moves the row to version 2.
    const b = t.session();
    (await b.get(Counter, 1))!.value = 10;
    await b.commit();
    await b.close();
    detached.value = 5;
    const c = t.session();
    await assert.rejects(c.merge(detached), (e: unknown) => {
      assert.ok(e instanceof StaleDataError);
      assert.match((e as Error).message, /"counters"/);
      assert.match((e as Error).message, /\[1\]/);
      return true;
    });
    await c.commit();
    await c.close();
    assert.deepEqual(await t.rows('select value, version from counters'), [
      { value: 10, version: 2 },
    ]);
    // Edited from the current version, it applies.
    const e = t.session();
    const fresh = (await e.get(Counter, 1))!;
    await e.close();
    fresh.value = 5;
    const c2 = t.session();
    const m = await c2.merge(fresh);
    assert.deepEqual(inspect(m).modified, ['value']);
    await c2.commit();
    assert.equal(m.version, 3);
    await c2.close();
    // An object without a version value (built from a form) merges too.
    const d = t.session();
    const plain = new Counter({ id: 1, name: 'c', value: 7 });
    const m2 = await d.merge(plain);
    assert.equal(m2.version, 3);
    await d.commit();
    await d.close();
    assert.deepEqual(await t.rows('select value, version from counters'), [
      { value: 7, version: 4 },
    ]);
  });

  test('a flushed primary-key change files the object under its new key, and a rollback files it back', async () => {
    const s0 = t.session();
    s0.addAll([new User({ id: 1, email: 'a@x.org' }), new User({ id: 2, email: 'b@x.org' })]);
    await s0.commit();
    await s0.close();
    const s = t.session();
    const a = (await s.get(User, 1))!; // no state made: the lazy object
    const b = (await s.get(User, 2))!;
    inspect(b); // its state made
    a.id = 11;
    b.id = 12;
    await s.flush();
    assert.equal(await s.get(User, 1), null, 'no row has the old key');
    assert.equal(await s.get(User, 11), a, 'the renamed object, not a second one');
    assert.equal(await s.get(User, 12), b);
    assert.deepEqual(inspect(a).identity, [11]);
    a.name = 'after';
    await s.commit();
    assert.deepEqual(await t.rows('select id, name from users order by id'), [
      { id: 11, name: 'after' },
      { id: 12, name: null },
    ]);
    // Changed and flushed in a transaction that rolls back: filed under the row's key
    // again, the change unflushed again.
    a.id = 21;
    await s.flush();
    assert.equal(await s.get(User, 21), a);
    await s.rollback();
    s.autoflush = false;
    assert.equal(a.id, 21);
    assert.deepEqual(inspect(a).modified, ['id']);
    assert.equal(await s.get(User, 11), a);
    assert.equal(await s.get(User, 21), null);
    await s.commit();
    assert.equal(await s.get(User, 21), a);
    assert.deepEqual(await t.rows('select id, name from users order by id'), [
      { id: 12, name: null },
      { id: 21, name: 'after' },
    ]);
  });

  test('expireOnCommit: a change made to an expired object survives the read that reloads it', async () => {
    await seedCounter();
    const s = t.session({ expireOnCommit: true, autoflush: false });
    const c = (await s.get(Counter, 1))!;
    await s.commit();
    assert.equal(inspect(c).expired, true);
    // Someone else changes the other column meanwhile.
    const w = t.session();
    (await w.get(Counter, 1))!.name = 'elsewhere';
    await w.commit();
    await w.close();
    c.value = 5;
    assert.equal((await s.query(Counter).all())[0], c);
    assert.equal(inspect(c).expired, false);
    assert.equal(c.value, 5, 'the change is kept');
    assert.equal(c.name, 'elsewhere', 'the rest is the row');
    assert.equal(c.version, 2, 'the row version, for the UPDATE to check');
    assert.deepEqual(inspect(c).modified, ['value']);
    await s.commit();
    // The same through get().
    const again = (await s.get(Counter, 1))!;
    assert.equal(again, c);
    c.name = 'mine';
    assert.equal(await s.get(Counter, 1), c);
    assert.equal(c.name, 'mine');
    await s.commit();
    assert.deepEqual(await t.rows('select name, value, version from counters'), [
      { name: 'mine', value: 5, version: 4 },
    ]);
  });

  test('rollback: an object first loaded in the transaction is reloaded, and one whose row is gone is not returned', async () => {
    const s0 = t.session();
    s0.add(new User({ id: 1, email: 'a@x.org', name: 'a' }));
    await s0.commit();
    await s0.close();
    const s = t.session();
    // Core writes in the session's transaction, then the rows are loaded.
    await s.execute(update(users).set({ name: 'rolled back' }).where(users.id.eq(1)));
    await s.execute(insertInto(users).values({ id: 2, email: 'b@x.org', name: 'b' }));
    const u = (await s.get(User, 1))!;
    const b = (await s.query(User).filter(users.id.eq(2)).one())!;
    assert.equal(u.name, 'rolled back');
    await s.rollback();
    assert.equal(inspect(u).expired, true);
    assert.equal(await s.get(User, 1), u, 'the same object, reloaded');
    assert.equal(u.name, 'a');
    // The value the rollback undid is a change again, and is written.
    u.name = 'rolled back';
    assert.deepEqual(s.dirty, [u]);
    // The inserted row is gone: no object for it, and the one loaded is detached.
    assert.equal(await s.get(User, 2), null);
    assert.equal(inspect(b).status, 'detached');
    assert.equal(await s.query(User).count(), 1);
    await s.commit();
    assert.deepEqual(await t.rows('select id, name from users order by id'), [
      { id: 1, name: 'rolled back' },
    ]);
  });

  test('rollback: unflushed and rolled-back flushed changes survive the reload', async () => {
    const s0 = t.session();
    s0.add(new User({ id: 1, email: 'a@x.org', name: 'a' }));
    await s0.commit();
    await s0.close();
    // Autoflush off: with it, the get() below would write the changes before its SELECT.
    const s = t.session({ autoflush: false });
    const u = (await s.get(User, 1))!;
    await s.commit();
    u.name = 'flushed';
    await s.flush();
    u.email = 'unflushed@x.org';
    await s.rollback();
    assert.deepEqual(inspect(u).modified.sort(), ['email', 'name']);
    assert.equal(inspect(u).expired, true);
    // The reload keeps both changes, against the row's snapshot.
    t.rec.clear();
    assert.equal(await s.get(User, 1), u);
    assert.match(t.statements().join('\n'), /^select /i, 'reloaded');
    assert.equal(u.name, 'flushed');
    assert.equal(u.email, 'unflushed@x.org');
    assert.deepEqual(inspect(u).modified.sort(), ['email', 'name']);
    await s.commit();
    assert.deepEqual(await t.rows('select email, name from users'), [
      { email: 'unflushed@x.org', name: 'flushed' },
    ]);
  });

  test('add() of an object whose DELETE was flushed is an InvalidRequestError, before and after commit', async () => {
    const s0 = t.session();
    s0.addAll([new User({ id: 1, email: 'a@x.org' }), new User({ id: 2, email: 'b@x.org' })]);
    await s0.commit();
    await s0.close();
    const s = t.session();
    const [a, b] = await s.query(User).orderBy(users.id).all();
    s.delete(a!);
    s.delete(b!);
    await s.flush();
    assert.throws(() => s.add(a!), InvalidRequestError);
    assert.equal(inspect(a!).status, 'deleted');
    // A rollback brings the row back: the object is persistent and may be added.
    await s.rollback();
    s.add(a!);
    assert.equal(inspect(a!).status, 'persistent');
    s.delete(b!);
    await s.commit();
    assert.equal(inspect(b!).status, 'detached');
    assert.throws(() => s.add(b!), /User \[2\] was deleted/);
    assert.equal(inspect(b!).status, 'detached');
    assert.equal(await s.get(User, 2), null);
    assert.deepEqual(await t.rows('select id from users'), [{ id: 1 }]);
  });

  // A delete() not yet flushed is undone by the rollback as an add() is: before, it stayed
  // marked, and the next commit (of unrelated work) deleted the row.
  test('rollback and a savepoint rollback undo an unflushed delete()', async () => {
    const seed = t.session();
    seed.addAll([new User({ email: 'keep@x.org' }), new User({ email: 'other@x.org' })]);
    await seed.commit();
    await seed.close();
    const s = t.session();
    const kept = (await s.get(User, 1))!;
    s.delete(kept);
    await s.rollback();
    assert.equal(inspect(kept).status, 'persistent');
    assert.deepEqual(s.deletedObjects, []);
    assert.equal(await s.get(User, 1), kept);
    (await s.get(User, 2))!.name = 'unrelated';
    await s.commit();
    const nested = await s.beginNested();
    s.delete(kept);
    await nested.rollback();
    assert.deepEqual(s.deletedObjects, []);
    await s.commit();
    await s.close();
    assert.deepEqual(await t.rows('select id from users order by id'), [{ id: 1 }, { id: 2 }]);
  });

  // An expired object's collection kept its members when the object was read again: posts
  // another transaction added were missing, and a row inserted in a rolled-back transaction
  // stayed a member (its later change failed with a StaleDataError).
  test('an expired object read again reloads its collections', async () => {
    const seed = t.session();
    const ann = new User({ email: 'ann@x.org' });
    ann.posts.push(new Post({ title: 'p1' }));
    seed.add(ann);
    await seed.commit();
    await seed.close();
    const titles = (u: User) => u.posts.map((p) => p.title).sort();
    const s = t.session({ expireOnCommit: true });
    const user = await s.query(User).options(selectinload('posts')).one();
    await s.commit(); // expires it
    const other = t.session();
    other.add(new Post({ title: 'p2', authorId: user.id }));
    await other.commit();
    await other.close();
    assert.deepEqual(titles(await s.query(User).options(selectinload('posts')).one()), [
      'p1',
      'p2',
    ]);
    await s.commit(); // expires it again
    await s.execute(insertInto(posts).values({ authorId: user.id, title: 'ghost' }));
    assert.deepEqual(titles(await s.query(User).options(selectinload('posts')).one()), [
      'ghost',
      'p1',
      'p2',
    ]);
    await s.rollback(); // the ghost's row is gone
    assert.deepEqual(titles(await s.query(User).options(selectinload('posts')).one()), [
      'p1',
      'p2',
    ]);
    await s.close();
  });
});
