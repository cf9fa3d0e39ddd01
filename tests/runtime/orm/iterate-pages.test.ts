// Query.iterate() with select-in options reads pages (not a cursor). LIMIT/OFFSET pages
// counted joined rows (a page deduped to fewer objects than its size ended the loop; a
// parent ordered by a joined column came once per page) and shifted under the loop's
// writes, which each page's autoflush sent (deleting each object visited 6 of 10 rows).
// Now every matching object comes exactly once, in the query's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectinload, type Query, type Session } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Post, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

async function drain<T>(items: AsyncIterable<T>, each: (item: T) => void = () => {}): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    each(item);
  }
  return out;
}

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  /** Users a, b, c; by post title the first is c's (k), then a's (m), then b's (n). */
  async function seedAuthors(): Promise<void> {
    const s = t.session();
    const titles: Record<string, string[]> = { a: ['m', 'x', 'y'], b: ['n', 'z1'], c: ['k', 'z2'] };
    for (const [name, list] of Object.entries(titles)) {
      const u = new User({ email: `${name}@x.org`, name });
      for (const title of list) u.posts.push(new Post({ title }));
      s.add(u);
    }
    await s.commit();
  }

  /** One author's posts t0..t9. */
  async function seedPosts(): Promise<void> {
    const s = t.session();
    const u = new User({ email: 'w@x.org', name: 'w' });
    for (let i = 0; i < 10; i++) u.posts.push(new Post({ title: `t${i}` }));
    s.add(u);
    await s.commit();
  }

  const names = (users: readonly User[]) => users.map((u) => u.name);

  test('a join to a collection: each parent once, in all()’s order, to the end', async () => {
    await seedAuthors();
    const s = t.session();
    const byName = (r: Session) =>
      r.query(User).join('posts').orderBy(User.c.name, Post.c.title).options(selectinload('posts'));
    const byTitle = (r: Session) =>
      r.query(User).join('posts').orderBy(Post.c.title).options(selectinload('posts'));
    const byOwnName = (r: Session) =>
      r.query(User).join('posts').orderBy(User.c.name.desc()).options(selectinload('posts'));
    const cases: [(r: Session) => Query<User>, string[]][] = [
      [byName, ['a', 'b', 'c']],
      [byTitle, ['c', 'a', 'b']],
      [byOwnName, ['c', 'b', 'a']],
    ];
    for (const [q, want] of cases) {
      assert.deepEqual(names(await q(s).all()), want);
      for (const size of [1, 2, 3, 10])
        assert.deepEqual(names(await drain(q(s).iterate(size))), want, `iterate(${size})`);
      // Deleting each parent as it comes (with its posts) does not shift the later batches.
      const r = t.session();
      assert.deepEqual(names(await drain(q(r).iterate(1), (u) => r.delete(u))), want);
      await r.rollback();
    }
    // The select-in option loaded each batch's posts.
    const [c] = await drain(byTitle(s).iterate(2));
    assert.deepEqual(c!.posts.map((p) => p.title).sort(), ['k', 'z2']);
  });

  test('deleting each object in the loop visits every row', async () => {
    await seedPosts();
    const s = t.session();
    const q = s.query(Post).orderBy(Post.c.title).options(selectinload('tags'));
    const seen = await drain(q.iterate(2), (p) => s.delete(p));
    await s.commit();
    assert.deepEqual(
      seen.map((p) => p.title),
      Array.from({ length: 10 }, (_, i) => `t${i}`),
    );
    assert.equal(Number((await t.rows('select count(*) as n from posts'))[0]!['n']), 0);
  });

  test('moving each object past the end (or before the start) yields it once', async () => {
    await seedPosts();
    const s = t.session();
    const all = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const q = () => s.query(Post).orderBy(Post.c.title).options(selectinload('tags'));
    const later = await drain(q().iterate(3), (p) => (p.title = `z${p.title}`));
    assert.deepEqual(
      later.map((p) => p.title),
      all.map((x) => `z${x}`),
    );
    const earlier = await drain(q().iterate(3), (p) => (p.title = p.title.slice(1)));
    assert.deepEqual(
      earlier.map((p) => p.title),
      all,
    );
  });

  test('a nullable ORDER BY column, either direction, NULLs where the dialect or the query puts them', async () => {
    const s = t.session();
    const list = ['b', null, 'a', 'b', null, 'c', 'a'];
    list.forEach((name, i) => s.add(new User({ email: `u${i}@x.org`, name })));
    await s.commit();
    const orders = [
      User.c.name,
      User.c.name.desc(),
      User.c.name.asc().nullsFirst(),
      User.c.name.asc().nullsLast(),
      User.c.name.desc().nullsFirst(),
      User.c.name.desc().nullsLast(),
    ];
    for (const [i, order] of orders.entries()) {
      const r = t.session();
      const want = (
        await s.query(User).orderBy(order, User.c.id).options(selectinload('posts')).all()
      ).map((u) => u.email);
      const q = r.query(User).orderBy(order).options(selectinload('posts'));
      // Deleting each as it comes (flushed before the next page) must not shift the pages.
      const got = await drain(q.iterate(2), (u) => r.delete(u));
      assert.deepEqual(
        got.map((u) => u.email),
        want,
        `order ${i}`,
      );
      await r.rollback();
    }
  });
});
