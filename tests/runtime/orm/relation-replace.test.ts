// Assigning a whole relation that was not loaded (`user.posts = [p2]` after `get(User, 1)`,
// or `session.merge()` onto such a user): the flush loads what the relation held, as its
// snapshot, so the rows the new value leaves out are orphaned (deleted or detached), their
// many-to-many links deleted, as for a loaded relation. Without that load the removals
// were skipped: p1 stayed the user's in the database while `user.posts` showed [p2], and
// a many-to-many assignment inserted an existing link row again (a unique violation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Category, Post, Profile, Tag, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  /** User 1 with posts 1 (tags t1, t2) and 2 (no tag), and a profile. */
  async function seed(): Promise<void> {
    const s = t.session();
    const u = new User({ email: 'a@x.org' });
    const t1 = new Tag({ name: 't1' });
    const t2 = new Tag({ name: 't2' });
    u.posts.push(new Post({ title: 'p1', tags: [t1, t2] }), new Post({ title: 'p2' }));
    u.profile = new Profile({ bio: 'old' });
    s.add(u);
    await s.commit();
    await s.close();
  }

  const posts = async (): Promise<unknown[]> =>
    (await t.rows('select id, author_id, title from posts order by id')).map((r) => [
      Number(r['id']),
      Number(r['author_id']),
      r['title'],
    ]);

  test('one-to-many assigned while not loaded: the children left out are orphans', async () => {
    await seed();
    const s = t.session();
    const u = (await s.get(User, 1))!;
    const p2 = (await s.get(Post, 2))!;
    u.posts = [p2, new Post({ title: 'p3' })];
    await s.commit();
    // posts.author_id is NOT NULL and the relation's orphan is 'delete': p1 is deleted.
    assert.deepEqual(await posts(), [
      [2, 1, 'p2'],
      [3, 1, 'p3'],
    ]);
    assert.deepEqual(
      u.posts.map((p) => p.title),
      ['p2', 'p3'],
    );
    assert.deepEqual(inspect(u).loadedRelations, ['posts']);
    // The next flush sees no change (the snapshot moved to the assigned value).
    t.rec.clear();
    await s.flush();
    assert.deepEqual(t.statements(), []);
  });

  test('assigning an empty list to an unloaded collection removes every child', async () => {
    await seed();
    const s = t.session();
    const u = (await s.get(User, 1))!;
    u.posts = [];
    await s.commit();
    assert.deepEqual(await posts(), []);
  });

  test('nullify orphans of an unloaded collection: their key is set to NULL', async () => {
    const s = t.session();
    const a = new Category({ name: 'A' });
    a.children.push(new Category({ name: 'c1' }), new Category({ name: 'c2' }));
    s.add(a);
    await s.commit();
    await s.close();
    const s2 = t.session();
    const a2 = (await s2.query(Category).filterBy({ name: 'A' }).one())!;
    const c2 = (await s2.query(Category).filterBy({ name: 'c2' }).one())!;
    a2.children = [c2];
    await s2.commit();
    const rows = await t.rows('select name, parent_id from categories order by id');
    assert.deepEqual(
      rows.map((r) => [r['name'], r['parent_id'] === null ? null : Number(r['parent_id'])]),
      [
        ['A', null],
        ['c1', null],
        ['c2', 1],
      ],
    );
  });

  test('many-to-many assigned while not loaded: links left out are deleted, kept ones stay', async () => {
    await seed();
    const s = t.session();
    const p1 = (await s.get(Post, 1))!;
    const t1 = (await s.get(Tag, 1))!;
    const t3 = new Tag({ name: 't3' });
    p1.tags = [t1, t3];
    await s.commit();
    const links = await t.rows('select post_id, tag_id from post_tags order by tag_id');
    assert.deepEqual(
      links.map((r) => [Number(r['post_id']), Number(r['tag_id'])]),
      [
        [1, 1],
        [1, 3],
      ],
    );
  });

  test('inverse one-to-one assigned while not loaded: the previous object is orphaned', async () => {
    await seed();
    const s = t.session();
    const u = (await s.get(User, 1))!;
    u.profile = null;
    await s.commit();
    assert.deepEqual(await t.rows('select id from profiles'), []);
  });

  test('merge() onto an object whose collection is not loaded replaces the collection', async () => {
    await seed();
    const s = t.session();
    const detached = await s.query(User).options(selectinload('posts')).one();
    await s.close();
    detached.posts = detached.posts.filter((p) => p.title !== 'p1');
    detached.posts.push(new Post({ title: 'p3' }));
    const s2 = t.session();
    const merged = await s2.merge(detached);
    await s2.commit();
    assert.deepEqual(await posts(), [
      [2, 1, 'p2'],
      [3, 1, 'p3'],
    ]);
    assert.deepEqual(
      merged.posts.map((p) => p.title),
      ['p2', 'p3'],
    );
  });

  test('a failed flush leaves the relation unknown again; the retry loads it anew', async () => {
    await seed();
    const s = t.session();
    const u = (await s.get(User, 1))!;
    const p2 = (await s.get(Post, 2))!;
    u.posts = [p2];
    const clash = new User({ email: 'a@x.org' }); // the email is taken: the flush fails
    s.add(clash);
    await assert.rejects(s.flush());
    assert.equal(inspect(clash).status, 'transient'); // the rollback took it out again
    await s.commit();
    assert.deepEqual(await posts(), [[2, 1, 'p2']]);
  });
});
