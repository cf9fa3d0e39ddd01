// The Query API on SQLite and PostgreSQL: filters, relation joins and predicates,
// ordering and paging, grouping and aggregates, terminal methods, batched iteration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  any,
  count,
  has,
  max,
  MultipleResultsFoundError,
  NoResultFoundError,
  selectinload,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Category, Post, Profile, Tag, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  /** ann: 3 posts (orm, sql, misc); bob: 1 post (orm); cid: none. */
  async function seed(): Promise<void> {
    const s = t.session();
    const orm = new Tag({ name: 'orm' });
    const ann = new User({ email: 'ann@x.org', name: 'Ann' });
    const bob = new User({ email: 'bob@x.org', name: 'Bob' });
    const cid = new User({ email: 'cid@y.org' });
    ann.posts.push(
      new Post({ title: 'ORM intro', tags: [orm] }),
      new Post({ title: 'SQL' }),
      new Post({ title: 'misc' }),
    );
    bob.posts.push(new Post({ title: 'ORM deep', tags: [orm] }));
    s.addAll([ann, bob, cid]);
    await s.commit();
    t.rec.clear();
  }

  test('filter / where / filterBy, orderBy, limit, offset', async () => {
    await seed();
    const s = t.session();
    const names = async (q: Promise<User[]>) => (await q).map((u) => u.email);
    assert.deepEqual(
      await names(
        s.query(User).filter(User.c.email.like('%@x.org')).orderBy(User.c.email.desc()).all(),
      ),
      ['bob@x.org', 'ann@x.org'],
    );
    assert.deepEqual(await names(s.query(User).where(User.c.name.isNull()).all()), ['cid@y.org']);
    assert.deepEqual(await names(s.query(User).filterBy({ name: 'Bob' }).all()), ['bob@x.org']);
    assert.deepEqual(await names(s.query(User).orderBy(User.c.id).limit(2).offset(1).all()), [
      'bob@x.org',
      'cid@y.org',
    ]);
  });

  test('filterBy a to-one relation: by the related object, on both sides, and by null', async () => {
    await seed();
    const s = t.session();
    const ann = (await s.query(User).filterBy({ email: 'ann@x.org' }).one())!;
    const titles = async (q: Promise<Post[]>) => (await q).map((p) => p.title).sort();
    assert.deepEqual(await titles(s.query(Post).filterBy({ author: ann }).all()), [
      'ORM intro',
      'SQL',
      'misc',
    ]);
    const profile = new Profile({ user: ann, bio: 'hi' });
    s.add(profile);
    await s.flush();
    // The inverse side of a one-to-one: users.id = the profile's user_id.
    assert.equal((await s.query(User).filterBy({ profile }).one()).email, 'ann@x.org');
    const root = new Category({ name: 'root' });
    s.add(new Category({ name: 'leaf', parent: root }));
    await s.flush();
    const roots = await s.query(Category).filterBy({ parent: null }).all();
    assert.deepEqual(
      roots.map((c) => c.name),
      ['root'],
    );
    assert.throws(
      () => s.query(Post).filterBy({ author: new User({ email: 'new@x.org' }) }),
      /filterBy\(\{ author \}\) on Post: the User has no id yet/,
    );
    // A collection is no filterBy key: it does not compile, and it throws if forced.
    // @ts-expect-error posts is a one-to-many relation
    assert.throws(() => s.query(User).filterBy({ posts: [] }), /"posts" is a collection/);
    // @ts-expect-error not a property of User
    assert.throws(() => s.query(User).filterBy({ nope: 1 }), /User has no column or to-one/);
  });

  test('first, one, oneOrNone, count, exists', async () => {
    await seed();
    const s = t.session();
    assert.equal((await s.query(User).orderBy(User.c.id).first())?.email, 'ann@x.org');
    assert.equal(await s.query(User).filter(User.c.id.eq(99)).first(), null);
    assert.equal((await s.query(User).filterBy({ email: 'bob@x.org' }).one()).name, 'Bob');
    await assert.rejects(s.query(User).filter(User.c.id.eq(99)).one(), NoResultFoundError);
    await assert.rejects(s.query(User).oneOrNone(), MultipleResultsFoundError);
    assert.equal(await s.query(User).filter(User.c.id.eq(99)).oneOrNone(), null);
    assert.equal(await s.query(User).count(), 3);
    assert.equal(await s.query(Post).filter(Post.c.title.like('ORM%')).count(), 2);
    assert.equal(await s.query(User).filterBy({ name: 'Bob' }).exists(), true);
    assert.equal(await s.query(User).filterBy({ name: 'Zed' }).exists(), false);
  });

  // A one-to-many join repeats the parent per matching child: LIMIT and OFFSET counted the
  // repeats (limit(2) gave Ann alone, who has three posts) and iterate() yielded Ann again.
  test('a collection join: limit, offset and iterate count parents', async () => {
    await seed();
    const s = t.session();
    const joined = () => s.query(User).outerJoin('posts').orderBy(User.c.id);
    const emails = (list: readonly User[]) => list.map((u) => u.email);
    assert.deepEqual(emails(await joined().limit(2).all()), ['ann@x.org', 'bob@x.org']);
    assert.deepEqual(emails(await joined().limit(2).offset(2).all()), ['cid@y.org']);
    const streamed: User[] = [];
    for await (const u of joined().iterate(1)) streamed.push(u);
    assert.deepEqual(emails(streamed), ['ann@x.org', 'bob@x.org', 'cid@y.org']);
    // Ordered by the joined table, the query keeps its joins; a parent still comes once.
    const byTitle: User[] = [];
    for await (const u of s.query(User).join('posts').orderBy(Post.c.title).iterate(1))
      byTitle.push(u);
    assert.deepEqual(emails(byTitle).sort(), ['ann@x.org', 'bob@x.org']);
  });

  test('join / outerJoin by relation', async () => {
    await seed();
    const s = t.session();
    const withOrmPosts = await s
      .query(User)
      .join('posts')
      .filter(Post.c.title.like('ORM%'))
      .orderBy(User.c.id)
      .all();
    assert.deepEqual(
      withOrmPosts.map((u) => u.email),
      ['ann@x.org', 'bob@x.org'],
    );
    // A one-to-many join repeats users per post; objects come back once each.
    assert.equal((await s.query(User).join('posts').all()).length, 2);
    assert.equal(await s.query(User).join('posts').count(), 2);
    const noPosts = await s.query(User).outerJoin('posts').filter(Post.c.id.isNull()).all();
    assert.deepEqual(
      noPosts.map((u) => u.email),
      ['cid@y.org'],
    );
    const tagged = await s
      .query(User)
      .join('posts.tags')
      .filter(Tag.c.name.eq('orm'))
      .orderBy(User.c.id)
      .all();
    assert.deepEqual(
      tagged.map((u) => u.email),
      ['ann@x.org', 'bob@x.org'],
    );
  });

  test('a self-referencing join is aliased by the relation name', async () => {
    const s = t.session();
    const root = new Category({ name: 'root' });
    root.children.push(new Category({ name: 'leaf' }));
    s.add(root);
    await s.flush();
    const kids = Category.c.$alias('children');
    const parents = await s.query(Category).join('children').filter(kids.name.eq('leaf')).all();
    assert.deepEqual(
      parents.map((c) => c.name),
      ['root'],
    );
  });

  test('relation predicates: any (collections) and has (references)', async () => {
    await seed();
    const s = t.session();
    const authors = await s
      .query(User)
      .filter(any(User, 'posts', Post.c.title.eq('SQL')))
      .all();
    assert.deepEqual(
      authors.map((u) => u.email),
      ['ann@x.org'],
    );
    const posters = await s.query(User).filter(any(User, 'posts')).orderBy(User.c.id).all();
    assert.equal(posters.length, 2);
    const bobs = await s
      .query(Post)
      .filter(has(Post, 'author', User.c.name.eq('Bob')))
      .all();
    assert.deepEqual(
      bobs.map((p) => p.title),
      ['ORM deep'],
    );
    const taggedOrm = await s
      .query(Post)
      .filter(any(Post, 'tags', Tag.c.name.eq('orm')))
      .orderBy(Post.c.id)
      .all();
    assert.deepEqual(
      taggedOrm.map((p) => p.title),
      ['ORM intro', 'ORM deep'],
    );
  });

  test('groupBy / having and aggregates', async () => {
    await seed();
    const s = t.session();
    const prolific = await s
      .query(User)
      .join('posts')
      .groupBy(User.c.id)
      .having(count(Post.c.id).gt(1))
      .all();
    assert.deepEqual(
      prolific.map((u) => u.email),
      ['ann@x.org'],
    );
    const perAuthor = await s
      .query(Post)
      .groupBy(Post.c.authorId)
      .orderBy(Post.c.authorId)
      .aggregate({ author: Post.c.authorId, n: count(), last: max(Post.c.id) });
    assert.deepEqual(
      perAuthor.map((r) => [r.author, Number(r.n), r.last]),
      [
        [1, 3, 3],
        [2, 1, 4],
      ],
    );
  });

  test('iterate() yields every object in batches, with select-in options per batch', async () => {
    const s = t.session();
    for (let i = 0; i < 25; i++) {
      const u = new User({ email: `i${i}@x.org` });
      u.posts.push(new Post({ title: `p${i}` }));
      s.add(u);
    }
    await s.commit();
    t.rec.clear();
    const seen: string[] = [];
    const fresh = t.session(); // in \`s\` the posts are loaded already
    for await (const u of fresh
      .query(User)
      .orderBy(User.c.id)
      .options(selectinload('posts'))
      .iterate(10)) {
      seen.push(`${u.email}:${u.posts[0]?.title}`);
    }
    assert.equal(seen.length, 25);
    assert.equal(seen[24], 'i24@x.org:p24');
    // one streamed SELECT of users + one select-in per batch of 10
    assert.equal(t.statements().filter((q) => q.includes('from "posts"')).length, 3);
  });

  test('rows already in the session keep their unflushed changes', async () => {
    await seed();
    const s = t.session({ autoflush: false });
    const ann = (await s.get(User, 1))!;
    ann.name = 'Unsaved';
    const all = await s.query(User).orderBy(User.c.id).all();
    assert.equal(all[0], ann);
    assert.equal(ann.name, 'Unsaved');
  });
});
