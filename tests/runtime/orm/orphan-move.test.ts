// A child removed from its parent's loaded collection whose foreign key was set to another
// parent (`user1.posts.splice(0, 1); post.authorId = 2`) moved, as with
// `post.author = user2`: it is neither deleted (`orphan: 'delete'`) nor given a NULL key
// (`'nullify'`). Before, the orphan pass saw only moves made through a relation: the post
// was deleted, or the category's new parent overwritten with NULL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Category, Post, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  const num = (v: unknown): number | null => (v === null ? null : Number(v));

  test("orphan 'delete': a child moved by its foreign key is kept, under its new parent", async () => {
    const s = t.session();
    s.addAll([new User({ email: 'a@x.org' }), new User({ email: 'b@x.org' })]);
    await s.flush();
    s.addAll([new Post({ title: 'p1', authorId: 1 }), new Post({ title: 'p2', authorId: 1 })]);
    await s.commit();
    await s.close();

    const s2 = t.session();
    const u1 = await s2.query(User).filterBy({ id: 1 }).options(selectinload('posts')).one();
    const p1 = u1.posts[0]!;
    u1.posts.splice(0, 1);
    p1.authorId = 2;
    // p2 is removed with its key unchanged: an orphan, deleted.
    u1.posts.splice(0, 1);
    await s2.commit();
    const rows = await t.rows('select id, author_id from posts order by id');
    assert.deepEqual(
      rows.map((r) => [num(r['id']), num(r['author_id'])]),
      [[1, 2]],
    );
    assert.equal(p1.authorId, 2);
  });

  test("orphan 'nullify': a child moved by its foreign key keeps the new key", async () => {
    const s = t.session();
    const a = new Category({ name: 'A' });
    const b = new Category({ name: 'B' });
    a.children.push(new Category({ name: 'c1' }), new Category({ name: 'c2' }));
    s.addAll([a, b]);
    await s.commit();
    await s.close();

    const s2 = t.session();
    const a2 = await s2
      .query(Category)
      .filterBy({ name: 'A' })
      .options(selectinload('children'))
      .one();
    const b2 = await s2.query(Category).filterBy({ name: 'B' }).one();
    const [c1, c2] = a2.children as [Category, Category];
    a2.children.splice(0, 2);
    c1.parentId = b2.id; // moved
    c2.parentId = null; // let go explicitly: nullified as an orphan would be
    await s2.commit();
    const rows = await t.rows('select name, parent_id from categories order by name');
    assert.deepEqual(
      rows.map((r) => [r['name'], num(r['parent_id'])]),
      [
        ['A', null],
        ['B', null],
        ['c1', b2.id],
        ['c2', null],
      ],
    );
    assert.equal(c1.parentId, b2.id);
  });
});

// A child moved to another parent, then its old parent deleted in the same flush: the
// delete's cascade walked the old parent's loaded collection, which still held the child
// (it is brought up to date later in the flush), and deleted the moved child's row.
forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);
  const num = (v: unknown): number | null => (v === null ? null : Number(v));

  for (const how of ['reference', 'key'] as const) {
    test(`a child moved by its ${how}, then its old parent deleted, stays with the new one`, async () => {
      const s = t.session();
      s.addAll([new User({ email: 'a@x.org' }), new User({ email: 'b@x.org' })]);
      await s.flush();
      s.addAll([
        new Post({ title: 'moved', authorId: 1 }),
        new Post({ title: 'left', authorId: 1 }),
      ]);
      await s.commit();
      await s.close();

      const s2 = t.session();
      const [u1, u2] = await s2.query(User).orderBy(User.c.id).options(selectinload('posts')).all();
      const moved = u1!.posts.find((p) => p.title === 'moved')!;
      if (how === 'reference') moved.author = u2!;
      else moved.authorId = u2!.id;
      s2.delete(u1!);
      await s2.commit();
      const rows = await t.rows('select title, author_id from posts order by id');
      assert.deepEqual(
        rows.map((r) => [r['title'], num(r['author_id'])]),
        [['moved', 2]],
      );
      assert.equal(moved.authorId, 2);
    });
  }
});
