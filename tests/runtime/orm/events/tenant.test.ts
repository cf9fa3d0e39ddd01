// Tenant scoping on every dialect: a session of tenant 1 can neither read nor change a
// row of tenant 2 by any API (query, get, relation loads, Core through the session, flush
// of a changed key or foreign key, an object carried over from another session), its
// inserts get tenant_id set, and one session's tenant never leaks into another's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  coalesce,
  cte,
  deleteFrom,
  insertInto,
  joinedload,
  max,
  param,
  select,
  selectinload,
  TenantViolationError,
  update,
} from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Article, articles, audit, Author, authors, Label } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  /**
   * Tenants 1 and 2 each with an author, an article and a label; plus rows that cross
   * tenants (as a bug or an attacker might leave them): tenant 2's article by tenant 1's
   * author, and link rows from tenant 1's label to tenant 2's article.
   */
  async function seed(): Promise<Record<string, number>> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'one')",
      "insert into authors (tenant_id, name) values (2, 'two')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'one'), 'a1')",
      "insert into articles (tenant_id, author_id, title) values (2, (select id from authors where name = 'two'), 'a2')",
      "insert into articles (tenant_id, author_id, title) values (2, (select id from authors where name = 'one'), 'a2 by one')",
      "insert into labels (tenant_id, name) values (1, 'l1')",
      "insert into labels (tenant_id, name) values (2, 'l2')",
      "insert into article_labels (article_id, label_id, tenant_id) select a.id, l.id, 1 from articles a, labels l where l.name = 'l1'",
    );
    return {
      one: await t.idOf('authors', 'name', 'one'),
      two: await t.idOf('authors', 'name', 'two'),
      a1: await t.idOf('articles', 'title', 'a1'),
      a2: await t.idOf('articles', 'title', 'a2'),
      l2: await t.idOf('labels', 'name', 'l2'),
    };
  }

  const names = (list: readonly { title?: string; name?: string }[]): string[] =>
    list.map((o) => o.title ?? o.name ?? '?').sort();

  test("reads: query, count, get and every relation load see only the tenant's rows", async () => {
    const k = await seed();
    const s = t.session({ tenant: 1 });
    assert.deepEqual(names(await s.query(Author).all()), ['one']);
    assert.deepEqual(names(await s.query(Article).all()), ['a1']);
    assert.equal(await s.query(Article).count(), 1);
    assert.equal(await s.get(Author, k.two!), null);
    assert.equal(await s.get(Article, k.a2!), null);
    const [one] = await s.query(Author).options(selectinload('articles')).all();
    assert.deepEqual(names(one!.articles), ['a1'], "tenant 2's article by this author is hidden");
    s.expungeAll();
    const [oneJoined] = await s.query(Author).options(joinedload('articles')).all();
    assert.deepEqual(names(oneJoined!.articles), ['a1']);
    s.expungeAll();
    const [l1] = await s.query(Label).options(selectinload('articles')).all();
    assert.deepEqual(names(l1!.articles), ['a1'], 'many-to-many: linked rows of tenant 2 hidden');
    s.expungeAll();
    const [l1Joined] = await s.query(Label).options(joinedload('articles')).all();
    assert.deepEqual(names(l1Joined!.articles), ['a1']);
    // A joined or filtered query over another tenant's rows finds nothing.
    assert.deepEqual(
      await s.query(Article).join('author').filter(Author.c.name.eq('two')).all(),
      [],
    );
    // Core through the session.
    const core = await s.execute(select(authors.name).from(authors));
    assert.deepEqual(
      core.rows.map((r) => r['name']),
      ['one'],
    );
    // Switching the filter off per query is explicit (and reads only).
    assert.equal((await s.query(Author).withoutFilters('tenant').all()).length, 2);
  });

  test("Core writes through the session touch only the tenant's rows; inserts get the tenant", async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const updated = await s.execute(update(authors).set({ name: 'renamed' }));
    assert.equal(updated.rowCount, 1);
    const deleted = await s.execute(deleteFrom(articles).where(articles.title.like('a2%')));
    assert.equal(deleted.rowCount, 0);
    await s.execute(insertInto(authors).values({ name: 'new' }));
    await assert.rejects(
      s.execute(insertInto(authors).values({ name: 'sneaky', tenantId: 2 })),
      (e) =>
        e instanceof TenantViolationError &&
        /"tenant_id" = "2" is not this session's/.test(e.message),
    );
    // Placeholders are checked with their values; selected rows cannot be checked.
    await assert.rejects(
      s.execute(insertInto(authors).values({ name: 'p', tenantId: param<number>('t') }), { t: 2 }),
      TenantViolationError,
    );
    await assert.rejects(
      s.execute(
        insertInto(authors).fromSelect(
          [authors.name, authors.tenantId],
          select(authors.name, authors.tenantId).from(authors),
        ),
      ),
      (e) =>
        e instanceof TenantViolationError && /INSERT INTO "authors" \.\.\. SELECT/.test(e.message),
    );
    await s.commit();
    assert.deepEqual(
      (await t.rows('select tenant_id, name from authors order by id')).map((r) => [
        Number(r['tenant_id']),
        r['name'],
      ]),
      [
        [1, 'renamed'],
        [2, 'two'],
        [1, 'new'],
      ],
    );
    assert.equal((await t.rows('select id from articles')).length, 3);
  });

  test("the subqueries and CTEs of a Core write read only the tenant's rows", async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    // Author "one" wrote "a1" (tenant 1) and "a2 by one" (tenant 2): the greatest title of
    // theirs this session may see is "a1".
    const latest = select(max(articles.title))
      .from(articles)
      .where(articles.authorId.eq(authors.id))
      .scalar<string>();
    await s.execute(
      update(authors)
        .set({ name: coalesce(latest, '') })
        .where(authors.name.eq('one')),
    );
    // VALUES rows may hold subqueries too.
    const greatest = select(max(articles.title)).from(articles).scalar<string>();
    await s.execute(
      insertInto(audit).values({
        action: 'greatest',
        model: 'Article',
        detail: coalesce(greatest, ''),
      }),
    );
    if (t.engine.dialect.capabilities.withOnMutations !== false) {
      const seen = cte('seen', select(articles.title).from(articles));
      await s.execute(
        insertInto(audit)
          .with(seen)
          .fromSelect(
            [audit.action, audit.model, audit.detail],
            select(seen.title, seen.title, seen.title).from(seen),
          ),
      );
    }
    await s.commit();
    assert.deepEqual(
      (await t.rows('select name from authors where tenant_id = 1')).map((r) => r['name']),
      ['a1'],
    );
    assert.deepEqual(
      (await t.rows('select detail from audit order by id')).map((r) => r['detail']),
      t.engine.dialect.capabilities.withOnMutations !== false ? ['a1', 'a1'] : ['a1'],
    );
  });

  test('flush: new objects get the tenant; another tenant, a moved row or a foreign key to another tenant fail', async () => {
    const k = await seed();
    const s = t.session({ tenant: 1 });
    const mine = new Author({ name: 'mine' });
    s.add(mine);
    await s.commit();
    assert.equal(mine.tenantId, 1);

    const attempts: [string, () => void | Promise<void>, RegExp][] = [
      [
        'insert for tenant 2',
        () => s.add(new Author({ name: 'x', tenantId: 2 })),
        /cannot insert Author with tenantId = 2/,
      ],
      [
        'move a row to tenant 2',
        async () => void ((await s.get(Author, mine.id))!.tenantId = 2),
        /cannot move Author .* to tenantId = 2/,
      ],
      [
        "point a foreign key at tenant 2's row",
        async () => {
          const a1 = (await s.get(Article, k.a1!))!;
          a1.authorId = k.two!;
        },
        /cannot write Article.authorId = \d+: no Author row with that key is visible/,
      ],
      [
        "insert an article under tenant 2's author",
        () => s.add(new Article({ title: 'x', authorId: k.two! })),
        /no Author row with that key is visible/,
      ],
    ];
    for (const [what, act, message] of attempts) {
      await act();
      await assert.rejects(
        s.commit(),
        (e) => e instanceof TenantViolationError && message.test(e.message),
        what,
      );
      // Nothing of it was written, and the session goes on (its transaction rolled back).
      await s.rollback();
      s.expungeAll();
    }
    assert.deepEqual(
      (await t.rows('select tenant_id, name from authors order by id')).map((r) => [
        Number(r['tenant_id']),
        r['name'],
      ]),
      [
        [1, 'one'],
        [2, 'two'],
        [1, 'mine'],
      ],
      'nothing of the failed flushes was written',
    );
    assert.deepEqual(
      (await t.rows(`select author_id from articles where id = ${k.a1!}`)).map((r) =>
        Number(r['author_id']),
      ),
      [k.one],
    );
  });

  test("an object of another tenant's session cannot be changed or deleted through this one", async () => {
    const k = await seed();
    const two = t.session({ tenant: 2 });
    const theirs = (await two.get(Author, k.two!))!;
    const label = (await two.get(Label, k.l2!))!;
    await two.close(); // detached, with tenant 2's snapshot
    const s = t.session({ tenant: 1 });
    s.add(theirs);
    theirs.name = 'hijacked';
    await assert.rejects(
      s.commit(),
      (e) => e instanceof TenantViolationError && /cannot update Author/.test(e.message),
    );
    s.expungeAll();
    const a1 = await s.query(Article).options(selectinload('labels')).one();
    a1.labels.push(label); // re-attaches tenant 2's label to link it
    await assert.rejects(
      s.commit(),
      (e) => e instanceof TenantViolationError && /cannot link Label/.test(e.message),
    );
    s.expungeAll();
    s.add(label);
    s.delete(label);
    await assert.rejects(
      s.commit(),
      (e) => e instanceof TenantViolationError && /cannot delete Label/.test(e.message),
    );
    assert.deepEqual(
      (await t.rows('select name from authors order by id')).map((r) => r['name']),
      ['one', 'two'],
    );
    assert.equal((await t.rows('select id from labels')).length, 2);
    assert.equal(
      (await t.rows(`select label_id from article_labels where label_id = ${k.l2!}`)).length,
      0,
    );
  });

  test('link rows of a many-to-many get the tenant; sessions of two tenants do not mix', async () => {
    await seed();
    const one = t.session({ tenant: 1 });
    const two = t.session({ tenant: 2 });
    const a1 = await one.query(Article).options(selectinload('labels')).one();
    const l1 = await one.query(Label).filter(Label.c.name.eq('l1')).one();
    a1.labels = [];
    await one.flush();
    a1.labels.push(l1);
    await one.commit();
    assert.deepEqual(names(await two.query(Author).all()), ['two']);
    assert.deepEqual(names(await one.query(Author).all()), ['one']);
    assert.deepEqual(names(await two.query(Article).all()), ['a2', 'a2 by one']);
    const link = await t.rows(`select tenant_id from article_labels where article_id = ${a1.id}`);
    assert.deepEqual(
      link.map((r) => Number(r['tenant_id'])),
      [1],
    );
  });
});
