// Loaded objects start without an InstanceState (its slots hold the snapshot row and the
// session's epoch) and closing a session ends its epoch instead of visiting every object:
// both must be invisible, so these tests check the states, the dirty checks, the flushes
// and the relations of objects whose state was never asked for before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, joinedload, selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Post, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  async function seed(): Promise<void> {
    const s = t.session();
    for (const n of [1, 2, 3]) {
      const u = new User({ email: `u${n}@x.org` });
      u.posts.push(new Post({ title: `p${n}a` }), new Post({ title: `p${n}b` }));
      s.add(u);
    }
    await s.commit();
    await s.close();
    t.rec.clear();
  }

  test('untouched loaded objects: dirty checks and flushes compare them with their rows', async () => {
    await seed();
    const s = t.session();
    const users = await s.query(User).orderBy(User.c.id).all();
    t.rec.clear();
    assert.deepEqual(s.dirty, []);
    await s.flush();
    assert.deepEqual(t.statements(), []);
    (users[1] as User).name = 'Bee';
    assert.deepEqual(s.dirty, [users[1]]);
    await s.commit();
    assert.deepEqual(t.statements(), ['update "users" set "name" = ? where "id" = ?']);
    assert.equal(inspect(users[1] as User).status, 'persistent');
    assert.deepEqual(inspect(users[1] as User).modified, []);
    assert.deepEqual(inspect(users[0] as User).identity, [1]);
  });

  test('the snapshot is the values as loaded (plain and joined loads)', async () => {
    await seed();
    const s = t.session();
    const [post] = await s.query(Post).filter(Post.c.title.eq('p2a')).all();
    const [joined] = await s
      .query(User)
      .filter(User.c.email.eq('u3@x.org'))
      .options(joinedload('posts'))
      .all();
    t.rec.clear();
    // Changed and changed back: equal to the snapshot, so not dirty and nothing written.
    post!.title = 'other';
    assert.deepEqual(s.dirty, [post]);
    post!.title = 'p2a';
    joined!.name = 'Cee';
    joined!.name = null;
    assert.deepEqual(s.dirty, []);
    await s.flush();
    assert.deepEqual(t.statements(), []);
    // A state made later takes the loaded values as its snapshot (joined row: only ours).
    joined!.email = 'c@x.org';
    assert.deepEqual(inspect(joined!).modified, ['email']);
    assert.deepEqual(inspect(post!).modified, []);
    assert.equal(inspect(joined!.posts[0]!).status, 'persistent');
  });

  test('close detaches every object; they are not flushed through the reused session', async () => {
    await seed();
    const s = t.session();
    const users = await s.query(User).orderBy(User.c.id).options(selectinload('posts')).all();
    const u = users[0] as User;
    const p = u.posts[0] as Post;
    const touched = users[1] as User;
    assert.equal(inspect(touched).status, 'persistent'); // this one has its state made
    await s.close();
    for (const o of [u, p, touched]) assert.equal(inspect(o).status, 'detached');
    assert.equal(s.contains(u), false);
    u.name = 'changed';
    touched.name = 'changed too';
    t.rec.clear();
    await s.flush();
    assert.deepEqual(t.statements(), []);
    assert.deepEqual(s.dirty, []);
    // The reused session starts empty: a get loads a new object.
    const again = await s.get(User, 1);
    assert.ok(again !== null && again !== u);
    assert.equal(again.name, null);
    await s.close();
    // A detached object can join again, with its snapshot: only its change is written.
    s.add(u);
    assert.equal(inspect(u).status, 'persistent');
    t.rec.clear();
    await s.commit();
    assert.deepEqual(t.statements(), ['update "users" set "name" = ? where "id" = ?']);
  });

  test('select-in children keep their back-reference without a state until it is read', async () => {
    await seed();
    const s = t.session();
    const users = await s.query(User).orderBy(User.c.id).options(selectinload('posts')).all();
    const u = users[2] as User;
    assert.deepEqual(
      u.posts.map((p) => p.title),
      ['p3a', 'p3b'],
    );
    const p = u.posts[1] as Post;
    assert.equal(p.author, u);
    assert.deepEqual(inspect(p).loadedRelations, ['author']);
    // Moving a child whose state was never made is a plain FK update.
    const q = (users[0] as User).posts[0] as Post;
    q.author = users[1] as User;
    t.rec.clear();
    await s.commit();
    assert.deepEqual(t.statements(), ['update "posts" set "author_id" = ? where "id" = ?']);
    assert.ok((users[1] as User).posts.includes(q));
    assert.ok(!(users[0] as User).posts.includes(q));
  });

  test('a select-in parent keeps its collection without a state until it is read', async () => {
    await seed();
    const s = t.session();
    const users = await s.query(User).orderBy(User.c.id).options(selectinload('posts')).all();
    const [a, b, c] = users as [User, User, User];
    // Loading again does not reload what is loaded (no statement for the posts).
    t.rec.clear();
    await s.query(User).orderBy(User.c.id).options(selectinload('posts')).all();
    assert.equal(t.statements().length, 1);
    assert.deepEqual(inspect(b).loadedRelations, ['posts']);
    const posts = b.posts;
    assert.equal(b.posts, posts);
    assert.deepEqual(
      posts.map((p) => p.title),
      ['p2a', 'p2b'],
    );
    // The snapshot is what was loaded: a change to the collection is flushed.
    const moved = a.posts[0] as Post;
    c.posts.push(moved);
    posts.splice(0, 1);
    t.rec.clear();
    await s.flush();
    const sql = t.statements();
    assert.ok(sql.some((q) => q.startsWith('update "posts" set "author_id"')));
    assert.equal(moved.authorId, 3);
    assert.equal(moved.author, c);
    await s.commit();
    const rows = await t.rows('select title, author_id from posts order by id');
    assert.deepEqual(
      rows.map((r) => [r['title'], Number(r['author_id'])]),
      [
        ['p1a', 3],
        ['p1b', 1],
        ['p2b', 2],
        ['p3a', 3],
        ['p3b', 3],
      ],
    );
  });

  test('expireOnCommit expires every object at once; a reload makes it current again', async () => {
    await seed();
    const s = t.session({ expireOnCommit: true });
    const [a, b] = await s.query(User).orderBy(User.c.id).all();
    assert.equal(inspect(a as User).expired, false);
    await s.commit();
    assert.equal(inspect(a as User).expired, true);
    assert.equal(inspect(b as User).expired, true);
    await t.rows(`update users set name = 'fresh' where id = 1`);
    const again = await s.get(User, 1);
    assert.equal(again, a);
    assert.equal((a as User).name, 'fresh');
    assert.equal(inspect(a as User).expired, false);
    assert.equal(inspect(b as User).expired, true);
    // Objects loaded after the commit are not expired.
    const [c] = await s.query(User).filter(User.c.id.eq(3)).all();
    assert.equal(inspect(c as User).expired, false);
    await s.close();
    assert.equal(inspect(b as User).status, 'detached');
    assert.equal(inspect(b as User).expired, true);
  });

  test('a copy of a loaded object is not the session object: it is transient', async () => {
    await seed();
    const s = t.session();
    const [u] = await s.query(User).filter(User.c.id.eq(1)).all();
    const copy = Object.assign(Object.create(User.prototype) as User, u);
    assert.equal(inspect(copy).status, 'transient');
    assert.equal(inspect(u as User).status, 'persistent');
    assert.equal(copy.email, 'u1@x.org');
  });

  test('expungeAll detaches everything, clears deletion marks, and leaves the session empty', async () => {
    await seed();
    const s = t.session();
    const users = await s.query(User).orderBy(User.c.id).all();
    s.delete(users[0] as User);
    const fresh = new User({ email: 'new@x.org' });
    s.add(fresh);
    s.expungeAll();
    assert.equal(inspect(users[0] as User).status, 'detached');
    assert.equal(inspect(users[0] as User).markedForDeletion, false);
    assert.equal(inspect(users[2] as User).status, 'detached');
    assert.equal(inspect(fresh).status, 'transient');
    assert.deepEqual(s.new, []);
    assert.deepEqual(s.deletedObjects, []);
    t.rec.clear();
    await s.flush();
    assert.deepEqual(t.statements(), []);
  });
});
