// Tenant scoping of writes that went around the guard (on every dialect): a session whose
// read filter is disabled, a Core UPDATE that sets the tenant column, and an upsert whose
// conflict branch meets another tenant's row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertInto, TenantViolationError, update } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Author, authors } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  async function seed(): Promise<{ one: number; two: number }> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'one')",
      "insert into authors (tenant_id, name) values (2, 'two')",
    );
    const id = async (name: string) =>
      Number((await t.rows(`select id from authors where name = '${name}'`))[0]!['id']);
    return { one: await id('one'), two: await id('two') };
  }

  const all = async () =>
    (await t.rows('select tenant_id, name from authors order by id')).map(
      (r) => `${r['tenant_id']}:${r['name']}`,
    );

  test("filters.disable('tenant') lifts the read filter only: writes stay the tenant's", async () => {
    const k = await seed();
    const s = t.session({ tenant: 1 });
    s.filters.disable('tenant');
    assert.equal(s.filters.isEnabled('tenant'), false);
    assert.equal((await s.query(Author).all()).length, 2, 'reads see every tenant');

    s.add(new Author({ name: 'planted', tenantId: 2 }));
    await assert.rejects(s.commit(), TenantViolationError, 'an insert for tenant 2 is refused');
    await s.rollback();

    const two = (await s.get(Author, k.two))!;
    two.name = 'changed-by-1';
    await assert.rejects(
      s.commit(),
      TenantViolationError,
      "an update of tenant 2's row is refused",
    );
    await s.rollback();
    s.expungeAll();

    const r = await s.execute(update(authors).set({ name: 'core' }).where(authors.name.eq('two')));
    assert.equal(r.rowCount, 0, "a Core UPDATE does not reach tenant 2's row");
    await s.commit();
    assert.deepEqual(await all(), ['1:one', '2:two']);
  });
});
