// Tenant scoping of writes that went around the guard (on every dialect): a session whose
// read filter is disabled, a Core UPDATE that sets the tenant column, and an upsert whose
// conflict branch meets another tenant's row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coalesce, insertInto, param, select, TenantViolationError, update } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { articles, Author, authors } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  async function seed(): Promise<{ one: number; two: number }> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'one')",
      "insert into authors (tenant_id, name) values (2, 'two')",
    );
    const id = (name: string) => t.idOf('authors', 'name', name);
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

  test('a Core UPDATE may set the tenant column only to the session tenant', async () => {
    const k = await seed();
    const s = t.session({ tenant: 1 });
    await assert.rejects(
      s.execute(update(authors).set({ tenantId: 2 }).where(authors.id.eq(k.one))),
      TenantViolationError,
    );
    await assert.rejects(
      s.execute(
        update(authors)
          .set({ tenantId: param('t') })
          .where(authors.id.eq(k.one)),
        {
          t: 2,
        },
      ),
      TenantViolationError,
    );
    await assert.rejects(
      s.execute(update(authors).set({ tenantId: coalesce(authors.tenantId, 2) })),
      TenantViolationError,
      'an expression cannot be checked',
    );
    const same = await s.execute(update(authors).set({ tenantId: 1, name: 'uno' }));
    assert.equal(same.rowCount, 1, 'the session tenant itself is allowed');
    await s.commit();
    assert.deepEqual(await all(), ['1:uno', '2:two']);
  });

  test("an upsert does not change another tenant's row", async () => {
    const k = await seed();
    await t.run(
      `insert into articles (tenant_id, author_id, title) values (2, ${k.two}, 'secret')`,
    );
    const s = t.session({ tenant: 1 });
    const upsert = (id: number, name: string) =>
      insertInto(authors).values({ id, name }).onConflictDoUpdate([authors.id], { name });
    if (t.engine.dialect.capabilities.upsert === 'onDuplicateKey') {
      // ON DUPLICATE KEY UPDATE has no WHERE to hold it to the tenant's rows: refused.
      await assert.rejects(s.execute(upsert(k.two, 'pwned')), TenantViolationError);
      await assert.rejects(s.execute(upsert(k.one, 'mine')), TenantViolationError);
      await s.commit();
      assert.deepEqual(await all(), ['1:one', '2:two']);
      return;
    }
    const theirs = await s.execute(upsert(k.two, 'pwned'));
    assert.equal(theirs.rowCount, 0, "tenant 2's row is neither inserted nor updated");
    const mine = await s.execute(upsert(k.one, 'mine'));
    assert.equal(mine.rowCount, 1);
    // The proposed row's own tenant column may be set back (it is the session's).
    await s.execute(
      insertInto(authors)
        .values({ id: k.one, name: 'again' })
        .onConflictDoUpdate([authors.id], (ex) => ({ name: ex.name, tenantId: ex.tenantId })),
    );
    await assert.rejects(
      s.execute(
        insertInto(authors)
          .values({ id: k.two, name: 'moved' })
          .onConflictDoUpdate([authors.id], { tenantId: 2 }),
      ),
      TenantViolationError,
    );
    // A subquery in the conflict SET reads only the tenant rows.
    await s.execute(
      insertInto(authors)
        .values({ id: k.one, name: 'x' })
        .onConflictDoUpdate([authors.id], {
          name: coalesce(select(articles.title).from(articles).scalar<string>(), 'none'),
        }),
    );
    await s.commit();
    assert.deepEqual(await all(), ['1:none', '2:two']);
  });
});
