// The flush's foreign-key check of a tenant session asks only whether the referenced row
// is the tenant's: a row the session's other filters hide (soft-deleted, or hidden by a
// filter of the session's own) may still be referenced, as the database allows; another
// tenant's row, soft-deleted or not, is still refused with a TenantViolationError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelFilter, TenantViolationError } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Article, Author } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  /** Tenant 1's authors 'one' (soft-deleted) and 'live', tenant 2's 'two' (soft-deleted) and 'two live'. */
  async function seed(): Promise<Record<string, number>> {
    await t.run(
      "insert into authors (tenant_id, name, deleted_at) values (1, 'one', '2020-01-01 00:00:00')",
      "insert into authors (tenant_id, name) values (1, 'live')",
      "insert into authors (tenant_id, name, deleted_at) values (2, 'two', '2020-01-01 00:00:00')",
      "insert into authors (tenant_id, name) values (2, 'two live')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'live'), 'a1')",
    );
    const id = (name: string) => t.idOf('authors', 'name', name);
    return {
      one: await id('one'),
      live: await id('live'),
      two: await id('two'),
      twoLive: await id('two live'),
    };
  }

  const articlesBy = async (author: number): Promise<string[]> =>
    (await t.rows(`select title from articles where author_id = ${author} order by title`)).map(
      (r) => String(r['title']),
    );

  test("an article may be added under, or moved to, the tenant's own soft-deleted author", async () => {
    const k = await seed();
    const s = t.session({ tenant: 1 });
    assert.equal(await s.get(Author, k.one!), null, 'the author is hidden from reads');
    s.add(new Article({ title: 'late', authorId: k.one! }));
    await s.commit();
    const a1 = (await s.query(Article).filter(Article.c.title.eq('a1')).one())!;
    a1.authorId = k.one!;
    await s.commit();
    assert.deepEqual(await articlesBy(k.one!), ['a1', 'late']);
  });

  test("a session's own filter does not make a row another tenant's", async () => {
    const k = await seed();
    const notLive = modelFilter('notLive', Author, (a) => a.name.ne('live'));
    const s = t.session({ tenant: 1, filters: [notLive] });
    assert.equal(await s.get(Author, k.live!), null);
    s.add(new Article({ title: 'under live', authorId: k.live! }));
    await s.commit();
    assert.deepEqual(await articlesBy(k.live!), ['a1', 'under live']);
  });

  test("another tenant's author is still refused, soft-deleted or not", async () => {
    const k = await seed();
    for (const author of [k.two!, k.twoLive!]) {
      const s = t.session({ tenant: 1 });
      s.add(new Article({ title: 'sneaky', authorId: author }));
      await assert.rejects(s.commit(), TenantViolationError);
      await s.close();
      const s2 = t.session({ tenant: 1 });
      const a1 = (await s2.query(Article).filter(Article.c.title.eq('a1')).one())!;
      a1.authorId = author;
      await assert.rejects(s2.commit(), TenantViolationError);
      await s2.close();
      assert.deepEqual(await articlesBy(author), []);
    }
  });
});
