// Orphans of a soft-deleting model (`@dbgen softDelete`) are soft-deleted, as
// `session.delete()` takes them: removing an article from its author's collection
// (`orphan: 'delete'`) sets its deleted_at, where it used to delete the row. A hard delete
// of the parent still deletes its loaded children's rows (they could not stay pointing at
// a deleted row; ON DELETE CASCADE removes the unloaded ones the same way).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Article, Author } from './events/fixtures.js';
import { eventsSuite } from './events/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  /** Ann (tenant 1) with articles x and y. */
  async function seed(): Promise<void> {
    const s = t.session({ tenant: 1 });
    const a = new Author({ name: 'Ann' });
    a.articles.push(new Article({ title: 'x' }), new Article({ title: 'y' }));
    s.add(a);
    await s.commit();
    await s.close();
  }

  const articleRows = async (): Promise<[unknown, boolean][]> =>
    (await t.rows('select title, deleted_at from articles order by title')).map((r) => [
      r['title'],
      r['deleted_at'] !== null,
    ]);

  test('an orphan of a soft-deleting model is soft-deleted, not deleted', async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const ann = await s.query(Author).options(selectinload('articles')).one();
    const [x] = ann.articles.splice(0, 1) as [Article];
    await s.commit();
    assert.deepEqual(await articleRows(), [
      ['x', true],
      ['y', false],
    ]);
    assert.ok(x.deletedAt instanceof Date);
    // The filter hides it from then on, as after session.delete().
    assert.deepEqual(
      (await s.query(Article).all()).map((a) => a.title),
      ['y'],
    );
  });

  test('a relation assigned while not loaded soft-deletes the children it leaves out', async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const ann = await s.query(Author).one();
    ann.articles = [];
    await s.commit();
    assert.deepEqual(await articleRows(), [
      ['x', true],
      ['y', true],
    ]);
  });

  test("a savepoint's rollback puts an orphan's soft-delete column back", async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const ann = await s.query(Author).options(selectinload('articles')).one();
    const nested = await s.beginNested();
    const [x] = ann.articles.splice(0, 1) as [Article];
    await s.flush();
    assert.ok(x.deletedAt instanceof Date);
    await nested.rollback();
    assert.equal(x.deletedAt, null);
    // The removal itself is the user's unflushed change again (the journal restored the
    // collection's snapshot): put back, nothing is deleted.
    ann.articles.push(x);
    await s.commit();
    assert.deepEqual(await articleRows(), [
      ['x', false],
      ['y', false],
    ]);
  });

  test("a hard delete of the parent deletes its loaded children's rows", async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const ann = await s.query(Author).options(selectinload('articles')).one();
    s.delete(ann, { hard: true });
    await s.commit();
    assert.deepEqual(await articleRows(), []);
  });
});
