// merge() of an object whose row is soft-deleted copies its state onto that row (as
// SQLAlchemy's merge onto a persistent row): no new object with the same key, so no
// UniqueViolationError at the flush. The row stays deleted unless the merged object
// says otherwise (its soft-delete column null). Another tenant's row is never merged
// onto, soft-deleted or not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, TenantViolationError, UniqueViolationError } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Author } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  async function seed(): Promise<Record<string, number>> {
    await t.run(
      "insert into authors (tenant_id, name, deleted_at) values (1, 'one', '2020-01-01 00:00:00')",
      "insert into authors (tenant_id, name, deleted_at) values (2, 'two', '2020-01-01 00:00:00')",
    );
    const id = (name: string) => t.idOf('authors', 'name', name);
    return { one: await id('one'), two: await id('two') };
  }

  const row = async (id: number) => {
    const [r] = await t.rows(`select name, tenant_id, deleted_at from authors where id = ${id}`);
    const d = r!['deleted_at'];
    return {
      name: r!['name'],
      tenant: Number(r!['tenant_id']),
      deleted: d === null ? null : d instanceof Date ? d.toISOString() : String(d),
    };
  };
  const count = async () => Number((await t.rows('select count(*) as n from authors'))[0]!['n']);

  /** The author loaded with `withDeleted()` in a session closed since (detached). */
  async function detached(id: number): Promise<Author> {
    const s = t.session();
    const a = await s.query(Author).withDeleted().filter(Author.c.id.eq(id)).one();
    await s.close();
    return a;
  }

  test('merge of a soft-deleted row: its values are written, the row stays deleted', async () => {
    const k = await seed();
    const before = await row(k.one!);
    const det = await detached(k.one!);
    det.name = 'renamed';
    const s = t.session();
    const merged = await s.merge(det);
    assert.notEqual(merged, det);
    assert.equal(inspect(merged).persistent, true, 'the session holds the row, not a new object');
    assert.equal(merged.id, k.one);
    assert.equal(merged.name, 'renamed');
    await s.commit();
    assert.equal(await count(), 2);
    assert.deepEqual(await row(k.one!), { ...before, name: 'renamed' });
    assert.equal(await s.get(Author, k.one!), null, 'still hidden from reads');
  });

  test('merge of a plain object with the key (no soft-delete value) keeps it deleted', async () => {
    const k = await seed();
    const before = await row(k.one!);
    const s = t.session();
    const merged = await s.merge(new Author({ id: k.one!, name: 'from json' }));
    assert.equal(inspect(merged).persistent, true);
    await s.commit();
    assert.deepEqual(await row(k.one!), { ...before, name: 'from json' });
  });

  test('a merged soft-delete column of null restores the row', async () => {
    const k = await seed();
    const det = await detached(k.one!);
    det.deletedAt = null;
    const s = t.session();
    await s.merge(det);
    await s.commit();
    assert.equal((await row(k.one!)).deleted, null);
    assert.equal((await s.get(Author, k.one!))?.name, 'one');
  });

  test("a tenant merges onto its own soft-deleted row, never onto another tenant's", async () => {
    const k = await seed();
    const mine = await detached(k.one!);
    mine.name = 'mine';
    const s = t.session({ tenant: 1 });
    const merged = await s.merge(mine);
    assert.equal(inspect(merged).persistent, true);
    await s.commit();
    assert.equal((await row(k.one!)).name, 'mine');

    const before = await row(k.two!);
    // With their tenant id the insert is refused; with none it gets the session's, and the
    // database refuses the key.
    for (const [theirs, error] of [
      [await detached(k.two!), TenantViolationError],
      [new Author({ id: k.two!, name: 'stolen' }), UniqueViolationError],
    ] as const) {
      theirs.name = 'stolen';
      const s1 = t.session({ tenant: 1 });
      const m = await s1.merge(theirs);
      assert.equal(inspect(m).persistent, false, 'not their row');
      await assert.rejects(s1.commit(), error);
      await s1.close();
      assert.deepEqual(await row(k.two!), before);
    }
    assert.equal(await count(), 2);
  });
});
