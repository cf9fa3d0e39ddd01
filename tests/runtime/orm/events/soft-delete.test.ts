// Default criteria on every dialect: soft delete (declared on the fixture's authors and
// articles) and a model filter hold across every read path — query, count/exists, get,
// select-in and joined loads (many-to-many too), session.load, Core through the session —
// switch per session and per query, and do not leak from one session into another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  any,
  inspect,
  joinedload,
  modelFilter,
  select,
  selectinload,
  type Session,
} from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Article, articles, Author, Label, Note } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  /** Ann with articles live, gone (soft-deleted) and long; one label on all three. */
  async function seed(): Promise<void> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'Ann')",
      "insert into authors (tenant_id, name, deleted_at) values (1, 'Ghost', '2020-01-01 00:00:00')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'Ann'), 'live')",
      "insert into articles (tenant_id, author_id, title, deleted_at) values (1, (select id from authors where name = 'Ann'), 'gone', '2020-01-01 00:00:00')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'Ghost'), 'orphaned long')",
      "insert into labels (tenant_id, name) values (1, 'news')",
      'insert into article_labels (article_id, label_id, tenant_id) select id, (select id from labels), 1 from articles',
    );
  }

  const titles = (list: readonly Article[]): string[] => list.map((a) => a.title).sort();
  const idOf = (table: string, name: string, column = 'name'): Promise<number> =>
    t.idOf(table, column, name);

  test('soft-deleted rows are hidden from every read path', async () => {
    await seed();
    const gone = await idOf('articles', 'gone', 'title');
    const ghost = await idOf('authors', 'Ghost');
    const s = t.session();
    assert.deepEqual(titles(await s.query(Article).all()), ['live', 'orphaned long']);
    assert.equal(await s.query(Article).count(), 2);
    assert.equal(await s.query(Article).filter(Article.c.title.eq('gone')).exists(), false);
    assert.equal(await s.get(Article, gone), null);
    assert.equal(await s.get(Author, ghost), null);
    // Relation loads: one-to-many select-in and joined, many-to-one joined, many-to-many.
    const [ann] = await s.query(Author).options(selectinload('articles')).all();
    assert.deepEqual(titles(ann!.articles), ['live']);
    s.expungeAll(); // each load below starts from an empty identity map
    const joined = await s.query(Author).options(joinedload('articles')).all();
    assert.deepEqual(
      joined.map((a) => [a.name, titles(a.articles)]),
      [['Ann', ['live']]],
    );
    s.expungeAll();
    const orphaned = await s
      .query(Article)
      .filter(Article.c.title.eq('orphaned long'))
      .options(joinedload('author'))
      .one();
    assert.equal(orphaned.author, null, 'a joined reference to a soft-deleted row is null');
    s.expungeAll();
    const [news] = await s.query(Label).options(selectinload('articles')).all();
    assert.deepEqual(titles(news!.articles), ['live', 'orphaned long']);
    s.expungeAll();
    const [newsJoined] = await s.query(Label).options(joinedload('articles')).all();
    assert.deepEqual(titles(newsJoined!.articles), ['live', 'orphaned long']);
    s.expungeAll();
    const annAgain = (await s.get(Author, ann!.id))!;
    assert.deepEqual(titles(await s.load(annAgain, 'articles')), ['live']);
    // Relation predicates (correlated EXISTS) and iteration from a cursor.
    s.expungeAll();
    assert.deepEqual(
      await s
        .query(Author)
        .filter(any(Author, 'articles', Article.c.title.eq('gone')))
        .all(),
      [],
    );
    const iterated: string[] = [];
    for await (const a of s.query(Article).iterate(1)) iterated.push(a.title);
    assert.deepEqual(iterated.sort(), ['live', 'orphaned long']);
    // Core statements built from the generated tables, run through the session.
    const core = await s.execute(select(articles.title).from(articles).orderBy(articles.title));
    assert.deepEqual(
      core.rows.map((r) => r['title']),
      ['live', 'orphaned long'],
    );
    const all = await t.engine.execute(select(articles.title).from(articles));
    assert.equal(all.rows.length, 3, 'the engine itself is not filtered');
  });

  test('withDeleted() shows them, in the query and the relations it loads', async () => {
    await seed();
    const s = t.session();
    assert.deepEqual(titles(await s.query(Article).withDeleted().all()), [
      'gone',
      'live',
      'orphaned long',
    ]);
    const authors = await s
      .query(Author)
      .withDeleted()
      .options(selectinload('articles'))
      .orderBy(Author.c.name)
      .all();
    assert.deepEqual(
      authors.map((a) => [a.name, titles(a.articles)]),
      [
        ['Ann', ['gone', 'live']],
        ['Ghost', ['orphaned long']],
      ],
    );
    // The objects are in the identity map now; get() still hides a soft-deleted one.
    assert.equal(await s.get(Author, authors[1]!.id), null);
  });

  test('session.delete() soft-deletes; { hard: true } deletes the row', async () => {
    await seed();
    const s = t.session();
    const live = await s.query(Article).filter(Article.c.title.eq('live')).one();
    s.delete(live);
    assert.ok(live.deletedAt instanceof Date);
    assert.equal(inspect(live).status, 'persistent');
    await s.commit();
    const rows = await t.rows("select deleted_at from articles where title = 'live'");
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0]!['deleted_at'], null, 'the row is kept, marked');
    assert.equal(await s.get(Article, live.id), null);
    assert.deepEqual(titles(await s.query(Article).all()), ['orphaned long']);
    // Restore: clear the column (loaded withDeleted).
    const back = await s.query(Article).withDeleted().filter(Article.c.id.eq(live.id)).one();
    back.deletedAt = null;
    await s.commit();
    assert.deepEqual(titles(await s.query(Article).all()), ['live', 'orphaned long']);
    // Hard delete.
    s.delete((await s.get(Article, live.id))!, { hard: true });
    await s.commit();
    assert.deepEqual(await t.rows(`select id from articles where id = ${live.id}`), []);
  });

  test('a boolean soft-delete column is set to true, and such rows are hidden', async () => {
    const s = t.session();
    s.addAll([
      new Note({ body: 'keep', removed: false, tenantId: 1 }),
      new Note({ body: 'drop', removed: false, tenantId: 1 }),
    ]);
    await s.commit();
    const drop = await s.query(Note).filter(Note.c.body.eq('drop')).one();
    s.delete(drop);
    assert.equal(drop.removed, true);
    await s.commit();
    s.expungeAll();
    assert.deepEqual(
      (await s.query(Note).all()).map((n) => n.body),
      ['keep'],
    );
    assert.deepEqual(
      (await s.query(Note).withDeleted().orderBy(Note.c.id).all()).map((n) => [n.body, n.removed]),
      [
        ['keep', false],
        ['drop', true],
      ],
    );
  });

  test('filters switch per session without leaking into another session', async () => {
    await seed();
    const a = t.session();
    const b = t.session();
    a.filters.disable('softDelete');
    assert.equal(a.filters.isEnabled('softDelete'), false);
    assert.equal((await a.query(Article).all()).length, 3);
    assert.equal((await b.query(Article).all()).length, 2, 'b keeps its filter');
    assert.equal((await a.execute(select(articles.id).from(articles))).rows.length, 3);
    a.filters.enable('softDelete');
    assert.equal(await a.query(Article).populateExisting().count(), 2);
    assert.throws(
      () => a.filters.disable('nope'),
      /no filter named 'nope'; its filters are: softDelete/,
    );
  });

  test('a model filter applies to its model everywhere and can be left out per query', async () => {
    await seed();
    const noLong = modelFilter('noLong', Article, (c) => c.title.notLike('%long%'));
    const s = t.session({ filters: [noLong] });
    assert.deepEqual(titles(await s.query(Article).all()), ['live']);
    assert.deepEqual(titles(await s.query(Article).withoutFilters('noLong').all()), [
      'live',
      'orphaned long',
    ]);
    const [news] = await s.query(Label).options(selectinload('articles')).all();
    assert.deepEqual(titles(news!.articles), ['live']);
    const other: Session = t.session();
    assert.deepEqual(titles(await other.query(Article).all()), ['live', 'orphaned long']);
    assert.throws(() => s.query(Article).withoutFilters('typo'), /no filter named 'typo'/);
  });

  test('a rollback undoes a soft delete() not yet flushed, as a hard one', async () => {
    await seed();
    const ann = await idOf('authors', 'Ann');
    const s = t.session();
    const author = (await s.get(Author, ann))!;
    s.delete(author);
    assert.ok(author.deletedAt instanceof Date);
    await s.rollback();
    assert.equal(author.deletedAt, null);
    const nested = await s.beginNested();
    s.delete(author);
    await nested.rollback();
    assert.equal(author.deletedAt, null);
    s.add(new Author({ tenantId: 1, name: 'Later' })); // unrelated work, committed
    await s.commit();
    assert.deepEqual(await t.rows(`select deleted_at from authors where id = ${ann}`), [
      { deleted_at: null },
    ]);
  });
});
