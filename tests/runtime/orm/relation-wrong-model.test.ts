// An object of another model in a relation is a MappingError naming the relation and the
// model it takes: at assignment (`post.author = tag`, `user.posts = [aUser]`), and at
// flush for members added later (`user.posts.push(aUser)`), before the object joins the
// session. It used to be inserted into its own table (a users row with a stray authorId
// property), unrelated, with no error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, MappingError } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Category, Post, Tag, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  const wrong = (relation: string, expected: string, given: string) => (e: unknown) =>
    e instanceof MappingError &&
    e.code === 'mapping' &&
    e.message === `${relation} takes ${expected} objects; it was given a ${given}`;

  test('assigning an object of another model to a relation throws at once', () => {
    const u = new User({ email: 'a@x.org' });
    const post = new Post({ title: 'p' });
    assert.throws(
      () => {
        (post as unknown as { author: unknown }).author = new Tag({ name: 't' });
      },
      wrong('Post.author', 'User', 'Tag'),
    );
    assert.throws(
      () => {
        (u as unknown as { posts: unknown }).posts = [post, new User({ email: 'b@x.org' })];
      },
      wrong('User.posts', 'Post', 'User'),
    );
    assert.throws(
      () => new User({ email: 'c@x.org', posts: [new Tag({ name: 't' }) as unknown as Post] }),
      wrong('User.posts', 'Post', 'Tag'),
    );
  });

  test('a member of another model pushed into a collection fails the flush; nothing is inserted', async () => {
    const s = t.session();
    const u = new User({ email: 'a@x.org' });
    s.add(u);
    await s.commit();
    await s.load(u, 'posts');
    const stray = new User({ email: 'w@x.org' });
    (u.posts as unknown[]).push(stray);
    await assert.rejects(s.flush(), wrong('User.posts', 'Post', 'User'));
    assert.equal(inspect(stray).status, 'transient');
    // A persistent object of another model is refused too (it is not cascaded).
    u.posts.length = 0;
    const other = new User({ email: 'o@x.org' });
    s.add(other);
    await s.commit(); // (a failed flush rolls the transaction back)
    (u.posts as unknown[]).push(other);
    await assert.rejects(s.flush(), wrong('User.posts', 'Post', 'User'));
    u.posts.length = 0;
    await s.commit();
    const emails = (await t.rows('select email from users order by id')).map((r) => r['email']);
    assert.deepEqual(emails, ['a@x.org', 'o@x.org']);
  });

  test('a reference set to null is no member to check: the key is cleared', async () => {
    const s = t.session();
    const a = new Category({ name: 'a' });
    const b = new Category({ name: 'b', parent: a });
    s.addAll([a, b]);
    await s.commit();
    b.parent = null;
    a.parent = b;
    await s.commit();
    const rows = await t.rows('select name, parent_id from categories order by name');
    assert.deepEqual(
      rows.map((r) => [r['name'], r['parent_id'] === null ? null : Number(r['parent_id'])]),
      [
        ['a', b.id],
        ['b', null],
      ],
    );
  });
});
