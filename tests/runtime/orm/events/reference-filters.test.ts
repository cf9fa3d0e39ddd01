// A reference loaded by select-in (`session.load(article, 'author')`, `selectinload`)
// takes its target from the identity map only when the session's filters pass it, as
// `get()` does: a row soft-deleted in the session, or another tenant's row read by an
// admin query (`withoutFilters('tenant')`), is not handed to a filtered load; a query
// that switched a filter off gets the object from memory without SQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelFilter, selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Article, Author } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  /** Tenant 1's author and article; tenant 1's article 'cross' pointing at tenant 2's author. */
  async function seed(): Promise<Record<string, number>> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'one')",
      "insert into authors (tenant_id, name) values (2, 'two')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'one'), 'a1')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'two'), 'cross')",
    );
    return {
      one: await t.idOf('authors', 'name', 'one'),
      a1: await t.idOf('articles', 'title', 'a1'),
    };
  }

  const authorSelects = () =>
    t.rec.sql().filter((s) => /^select/i.test(s) && /from [`"]?authors/i.test(s)).length;

  test('a reference soft-deleted in the session is not loaded from memory', async () => {
    const k = await seed();
    const s = t.session();
    const one = (await s.get(Author, k.one!))!;
    const a1 = (await s.get(Article, k.a1!))!;
    s.delete(one);
    await s.flush();
    assert.equal(await s.get(Author, k.one!), null);
    assert.equal(await s.load(a1, 'author', { refresh: true }), null, 'session.load');
    const [viaQuery] = await s
      .query(Article)
      .filter(Article.c.id.eq(k.a1!))
      .options(selectinload('author'))
      .populateExisting()
      .all();
    assert.equal(viaQuery!.author, null, 'selectinload');
    // A query with soft delete switched off takes it from memory, without a SELECT (the
    // article expunged: its author is loaded, as null, and a load keeps loaded relations).
    s.expunge(a1);
    t.rec.clear();
    const [withDeleted] = await s
      .query(Article)
      .withDeleted()
      .filter(Article.c.id.eq(k.a1!))
      .options(selectinload('author'))
      .all();
    assert.equal(withDeleted!.author, one);
    assert.equal(authorSelects(), 0);
  });

  test("after an admin query, another tenant's author is not a tenant's reference", async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const cross = Article.c.title.eq('cross');
    const fresh = await s.query(Article).filter(cross).options(selectinload('author')).one();
    assert.equal(fresh.author, null);
    s.expungeAll();
    const all = await s.query(Author).withoutFilters('tenant').all(); // an admin report
    assert.deepEqual(all.map((a) => a.name).sort(), ['one', 'two']);
    const after = await s.query(Article).filter(cross).options(selectinload('author')).one();
    assert.equal(after.author, null, 'selectinload');
    assert.equal(await s.load(after, 'author', { refresh: true }), null, 'session.load');
    // The admin query's own loads see it (tenant filter off for them).
    s.expunge(after);
    const admin = await s
      .query(Article)
      .withoutFilters('tenant')
      .filter(cross)
      .options(selectinload('author'))
      .one();
    assert.equal(admin.author?.name, 'two');
  });

  test("the tenant's own author in memory is taken without SQL", async () => {
    const k = await seed();
    const s = t.session({ tenant: 1 });
    const one = (await s.get(Author, k.one!))!;
    const a1 = (await s.get(Article, k.a1!))!;
    t.rec.clear();
    assert.equal(await s.load(a1, 'author'), one);
    assert.equal(authorSelects(), 0);
  });

  test('a filter without an in-memory test: the reference is read from the database', async () => {
    const k = await seed();
    // No `matches`: the filter cannot vouch for an object in memory.
    const named = modelFilter('notOne', Author, (a) => a.name.ne('one'));
    const s = t.session({ filters: [named] });
    const [one] = await s
      .query(Author)
      .withoutFilters('notOne')
      .filter(Author.c.id.eq(k.one!))
      .all();
    assert.equal(one!.name, 'one');
    const a1 = (await s.get(Article, k.a1!))!;
    assert.equal(await s.load(a1, 'author'), null);
    const [again] = await s
      .query(Article)
      .withoutFilters('notOne')
      .filter(Article.c.id.eq(k.a1!))
      .options(selectinload('author'))
      .populateExisting()
      .all();
    assert.equal(again!.author, one);
  });
});
