// Relations changed by per-object flush handlers are written, on every dialect: a change in
// `before*` with the object's own row (as its columns are), a change in `after*` by the
// flush's next pass. The flush used to move the relation snapshots to their values at its
// end, after the handlers ran: the change became the "clean" state, was never written,
// and later commits wrote nothing either. Each test checks the rows after commit, and
// that a second commit has nothing left to write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectinload, type Session } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Article, Author, Label } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  /** Authors Ann and Bob (tenant 1), loaded in a new session. */
  async function twoAuthors(): Promise<{ s: Session; ann: Author; bob: Author }> {
    await seedAuthors();
    const s = t.session();
    const [ann, bob] = await s.query(Author).orderBy(Author.c.name).all();
    return { s, ann: ann!, bob: bob! };
  }

  async function seedAuthors(): Promise<void> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'Ann')",
      "insert into authors (tenant_id, name) values (1, 'Bob')",
    );
  }

  /** `title → author name` of every article, in title order. */
  async function articleAuthors(): Promise<Record<string, unknown>> {
    const rows = await t.rows(
      'select a.title, w.name from articles a join authors w on w.id = a.author_id order by a.title',
    );
    return Object.fromEntries(rows.map((r) => [r['title'], r['name']]));
  }

  async function linkedLabels(title: string): Promise<string[]> {
    const rows = await t.rows(
      `select l.name from article_labels al join labels l on l.id = al.label_id join articles a on a.id = al.article_id where a.title = '${title}' order by l.name`,
    );
    return rows.map((r) => r['name'] as string);
  }

  /** Commits again and returns the writes it sent (none expected). */
  async function writesOfSecondCommit(s: Session): Promise<string[]> {
    t.rec.clear();
    await s.commit();
    return t.rec.sql().filter((q) => /^\s*(insert|update|delete)/i.test(q));
  }

  test('beforeInsert: a many-to-one set on the new object goes into its INSERT', async () => {
    const { s, ann, bob } = await twoAuthors();
    s.on('beforeInsert', Article, ({ object }) => {
      object.author = bob;
    });
    const art = new Article({ title: 'B', author: ann, tenantId: 1 });
    s.add(art);
    t.rec.clear();
    await s.commit();
    assert.deepEqual(await articleAuthors(), { B: 'Bob' });
    assert.equal(art.authorId, bob.id);
    assert.equal(art.author, bob);
    assert.deepEqual(
      t.rec.sql().filter((q) => /^\s*update/i.test(q)),
      [],
      'written by the INSERT, as a column set in beforeInsert is',
    );
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });

  test('afterInsert: a many-to-one set on the new object is written by the next pass', async () => {
    const { s, ann, bob } = await twoAuthors();
    s.on('afterInsert', Article, ({ object }) => {
      object.author = bob;
    });
    const art = new Article({ title: 'C', author: ann, tenantId: 1 });
    s.add(art);
    await s.commit();
    assert.deepEqual(await articleAuthors(), { C: 'Bob' });
    assert.equal(art.authorId, bob.id);
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });

  test('afterInsert: a many-to-one set on a child added through its parent wins over the backref', async () => {
    await seedAuthors();
    const s = t.session();
    const [loadedAnn, loadedBob] = await s
      .query(Author)
      .orderBy(Author.c.name)
      .options(selectinload('articles'))
      .all();
    s.on('afterInsert', Article, ({ object }) => {
      object.author = loadedBob!;
    });
    const art = new Article({ title: 'X', tenantId: 1 });
    loadedAnn!.articles.push(art);
    await s.commit();
    assert.deepEqual(await articleAuthors(), { X: 'Bob' });
    assert.equal(art.author, loadedBob);
    assert.deepEqual(loadedAnn!.articles, [], 'Ann lost it in memory too');
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });

  test('afterInsert: a new object pushed to the new parent collection is inserted', async () => {
    for (const init of [{ articles: [] as Article[] }, {}]) {
      await t.run('delete from articles', 'delete from authors');
      const s = t.session();
      s.on('afterInsert', Author, ({ object }) => {
        object.articles.push(new Article({ title: `welcome-${object.name}`, tenantId: 1 }));
      });
      const cid = new Author({ name: 'Cid', tenantId: 1, ...init });
      s.add(cid);
      await s.commit();
      assert.deepEqual(await articleAuthors(), { 'welcome-Cid': 'Cid' }, JSON.stringify(init));
      assert.equal(typeof cid.articles[0]!.id, 'number');
      assert.equal(cid.articles[0]!.author, cid);
      assert.deepEqual(await writesOfSecondCommit(s), []);
      await s.close();
    }
  });

  test('afterInsert: a push to a collection this flush changed already is not swallowed', async () => {
    await t.run("insert into authors (tenant_id, name) values (1, 'Ann')");
    const s = t.session();
    const [ann] = await s.query(Author).options(selectinload('articles')).all();
    s.on('afterInsert', Article, ({ object }) => {
      if (object.title === 'X') ann!.articles.push(new Article({ title: 'Y', tenantId: 1 }));
    });
    ann!.articles.push(new Article({ title: 'X', tenantId: 1 }));
    await s.commit();
    assert.deepEqual(await articleAuthors(), { X: 'Ann', Y: 'Ann' });
    assert.deepEqual(
      ann!.articles.map((a) => [a.title, typeof a.id]),
      [
        ['X', 'number'],
        ['Y', 'number'],
      ],
    );
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });

  test('beforeUpdate: a many-to-one set on an object whose relation this flush changes goes into its UPDATE', async () => {
    const { s, ann, bob } = await twoAuthors();
    const art = new Article({ title: 'U', author: ann, tenantId: 1 });
    s.add(art);
    await s.commit();
    const cid = new Author({ name: 'Cid', tenantId: 1 });
    s.add(cid);
    await s.commit();
    s.on('beforeUpdate', Article, ({ object }) => {
      object.author = bob;
    });
    art.author = cid; // the flush writes this first, then the handler changes it
    t.rec.clear();
    await s.commit();
    assert.deepEqual(await articleAuthors(), { U: 'Bob' });
    assert.equal(art.authorId, bob.id);
    assert.equal(
      t.rec.sql().filter((q) => /^\s*update/i.test(q)).length,
      1,
      'one UPDATE, with the key the handler chose',
    );
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });

  test('afterUpdate: a many-to-one set on an object whose relation this flush changed is written by the next pass', async () => {
    const { s, ann, bob } = await twoAuthors();
    const art = new Article({ title: 'V', author: ann, tenantId: 1 });
    const cid = new Author({ name: 'Cid', tenantId: 1 });
    s.add(art);
    s.add(cid);
    await s.commit();
    let once = false;
    s.on('afterUpdate', Article, ({ object }) => {
      if (once) return;
      once = true;
      object.author = bob;
    });
    art.author = cid;
    await s.commit();
    assert.deepEqual(await articleAuthors(), { V: 'Bob' });
    assert.equal(art.authorId, bob.id);
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });

  test('afterInsert: many-to-many members added to a collection the flush wrote are linked', async () => {
    const s = t.session({ tenant: 1 }); // fills the link rows' tenant_id
    const ann = new Author({ name: 'Ann', tenantId: 1 });
    const red = new Label({ name: 'red', tenantId: 1 });
    const blue = new Label({ name: 'blue', tenantId: 1 });
    s.add(ann);
    s.add(red);
    s.add(blue);
    await s.commit();
    s.on('afterInsert', Article, ({ object }) => {
      object.labels.push(blue);
    });
    s.add(new Article({ title: 'M', author: ann, labels: [red], tenantId: 1 }));
    await s.commit();
    assert.deepEqual(await linkedLabels('M'), ['blue', 'red']);
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });

  test('beforeUpdate: many-to-many members added in the handler are linked by the next pass', async () => {
    const s = t.session({ tenant: 1 }); // fills the link rows' tenant_id
    const ann = new Author({ name: 'Ann', tenantId: 1 });
    const red = new Label({ name: 'red', tenantId: 1 });
    const blue = new Label({ name: 'blue', tenantId: 1 });
    const art = new Article({ title: 'N', author: ann, labels: [red], tenantId: 1 });
    s.add(ann);
    s.add(blue);
    s.add(art);
    await s.commit();
    s.on('beforeUpdate', Article, ({ object }) => {
      if (!object.labels.includes(blue)) object.labels.push(blue);
    });
    art.labels.splice(0, 1); // red goes: the flush writes that, then the handler adds blue
    art.title = 'N2';
    await s.commit();
    assert.deepEqual(await linkedLabels('N2'), ['blue']);
    assert.deepEqual(await writesOfSecondCommit(s), []);
  });
});
