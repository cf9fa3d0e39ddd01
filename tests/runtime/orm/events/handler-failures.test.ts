// What a failing or misbehaving handler does to the outcome the caller sees, on every
// dialect (found by a review of the events):
// - `rollback()`/`close()` from a flush handler made `commit()` resolve with nothing stored;
// - an `afterRollback` handler's error replaced the failed flush's own error;
// - a throwing `afterCommit` rejected a durable commit with its own error (a caller's retry
//   then wrote the work twice) and kept the handlers after it from running;
// - a throwing `load` handler kept the rest of its batch from ever being announced.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AfterCommitError, InvalidRequestError, SessionEvents, inspect } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Author } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);
  const names = async (): Promise<unknown[]> =>
    (await t.rows('select name from authors order by id')).map((r) => r['name']);

  for (const call of ['rollback', 'close'] as const) {
    test(`${call}() from a flush handler is refused, and the flush rolls back`, async () => {
      const s = t.session();
      let refused: unknown;
      s.on('afterInsert', Author, async () => {
        try {
          await s[call]();
        } catch (error) {
          refused = error;
          throw error;
        }
      });
      const cy = new Author({ name: 'Cy', tenantId: 1 });
      s.add(cy);
      await assert.rejects(s.commit(), (e) => e === refused);
      assert.ok(refused instanceof InvalidRequestError);
      assert.match((refused as Error).message, new RegExp(`${call}\\(\\) cannot run while`));
      assert.deepEqual(await names(), [], 'nothing stored, and the caller was told');
      assert.equal(inspect(cy).status, 'transient');
    });
  }

  test("a failing afterRollback handler does not replace the flush's error", async () => {
    const s = t.session();
    const boom = new Error('afterFlush boom');
    const heard: string[] = [];
    s.on('afterFlush', () => {
      throw boom;
    });
    s.on('afterRollback', () => {
      throw new Error('afterRollback boom');
    });
    s.on('afterRollback', () => void heard.push('second'));
    s.add(new Author({ name: 'Dee', tenantId: 1 }));
    await assert.rejects(s.commit(), (e) => e === boom);
    assert.deepEqual(heard, ['second'], 'every afterRollback handler ran');
    assert.deepEqual(await names(), []);
  });

  test('a failing afterCommit handler: the commit is reported durable, every handler runs', async () => {
    const shared = new SessionEvents();
    const metrics = new Error('metrics down');
    shared.on('afterCommit', () => {
      throw metrics;
    });
    const s = t.session({ events: shared });
    const cleared: string[] = [];
    s.on('afterCommit', () => void cleared.push('cache cleared'));
    const eve = new Author({ name: 'Eve', tenantId: 1 });
    s.add(eve);
    const error = await s.commit().then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof AfterCommitError, String(error));
    assert.equal(error.cause, metrics);
    assert.deepEqual(error.errors, [metrics]);
    assert.match(error.message, /committed/);
    assert.deepEqual(cleared, ['cache cleared']);
    assert.deepEqual(await names(), ['Eve']);
    assert.equal(inspect(eve).status, 'persistent');
  });

  test('a failing load handler does not keep the rest of its batch unannounced', async () => {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'a')",
      "insert into authors (tenant_id, name) values (1, 'b')",
      "insert into authors (tenant_id, name) values (1, 'c')",
    );
    const s = t.session();
    const loaded: string[] = [];
    s.on('load', Author, ({ object }) => {
      loaded.push(object.name);
      if (object.name === 'a') throw new Error('load boom');
    });
    await assert.rejects(s.query(Author).all(), /load boom/);
    assert.deepEqual(loaded.sort(), ['a', 'b', 'c']);
  });
});
