// Session defects that lost data, each held on every dialect: merge() of an object edited
// from an old version, a flushed primary-key change and the identity map, a change made
// to an expired object, objects first loaded in a transaction that rolled back, and an
// object whose DELETE was flushed added again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, StaleDataError } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Counter, User } from './fixtures/models.js';
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
});
