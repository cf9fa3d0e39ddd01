// Every relationship kind, cascades, and eager loading with the expected number of
// queries (no N+1 with select-in), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, joinedload, selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Category, Player, Post, Profile, Tag, Team, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  /** 10 users × 3 posts; every post tagged with 2 of 3 tags; users 1..5 have a profile. */
  async function seed(): Promise<void> {
    const s = t.session();
    const tags = ['a', 'b', 'c'].map((name) => new Tag({ name }));
    for (let u = 1; u <= 10; u++) {
      const user = new User({ email: `u${u}@x.org`, name: `U${u}` });
      for (let p = 1; p <= 3; p++) {
        const post = new Post({ title: `u${u}p${p}` });
        post.tags.push(tags[p % 3]!, tags[(p + 1) % 3]!);
        user.posts.push(post);
      }
      if (u <= 5) user.profile = new Profile({ bio: `bio${u}` });
      s.add(user);
    }
    await s.commit();
    t.rec.clear();
  }

  test('select-in loading: one query per relation level, whatever the number of parents', async () => {
    await seed();
    const s = t.session();
    const users = await s
      .query(User)
      .options(selectinload('posts.tags'), selectinload('profile'))
      .orderBy(User.c.id)
      .all();
    assert.equal(users.length, 10);
    assert.equal(t.statements().length, 4); // users, posts, tags (through post_tags), profiles
    assert.deepEqual(
      users[0]!.posts.map((p) => p.title),
      ['u1p1', 'u1p2', 'u1p3'],
    );
    assert.deepEqual(
      users[0]!.posts[0]!.tags.map((tg) => tg.name),
      ['b', 'c'],
    );
    assert.equal(users[0]!.profile?.bio, 'bio1');
    assert.equal(users[9]!.profile, null);
    // The children's back-reference is known without a query.
    assert.equal(users[0]!.posts[0]!.author, users[0]);
    assert.deepEqual(t.statements(), []);
  });

  test('select-in children come in key order, whatever order the database returns them in', async () => {
    // The load sends no ORDER BY (loaders.ts says why) and orders each parent's children
    // itself. Stored in the order 30, 10, 20 (PostgreSQL's heap returns them so).
    const s = t.session();
    const user = new User({ email: 'order@x.org', name: 'O' });
    s.add(user);
    await s.flush();
    for (const id of [30, 10, 20]) {
      const post = new Post({ title: `p${id}`, authorId: user.id });
      post.id = id;
      s.add(post);
      await s.flush();
    }
    await s.commit();
    const s2 = t.session();
    const [loaded] = await s2
      .query(User)
      .options(selectinload('posts'))
      .filter(User.c.id.eq(user.id))
      .all();
    assert.deepEqual(
      loaded!.posts.map((p) => p.id),
      [10, 20, 30],
    );
  });

  test('select-in children: the back-reference is loaded, unchanged until assigned, then flushed', async () => {
    await seed();
    const s = t.session();
    const [u1, u2] = await s
      .query(User)
      .options(selectinload('posts'))
      .orderBy(User.c.id)
      .limit(2)
      .all();
    const post = u1!.posts[0]!;
    assert.deepEqual(inspect(post).loadedRelations, ['author']);
    t.rec.clear();
    assert.equal((await s.query(Post).filter(Post.c.id.eq(post.id)).one()).title, post.title);
    assert.equal(t.statements().length, 1, 'the autoflush found nothing to write');
    post.author = u2!;
    await s.flush();
    assert.equal(post.authorId, u2!.id);
    assert.ok(u2!.posts.includes(post));
    assert.match(t.statements().at(-1)!, /^update "posts" set "author_id"/);
  });

  test('joined loading: the reference comes in the same SELECT', async () => {
    await seed();
    const s = t.session();
    const posts = await s
      .query(Post)
      .options(joinedload('author'))
      .filter(Post.c.title.like('u2%'))
      .all();
    assert.equal(posts.length, 3);
    const [only] = t.statements();
    assert.match(
      only!,
      /from "posts" left join "users" as "author_1" on "posts"\."author_id" = "author_1"\."id" where/,
    );
    assert.ok(posts.every((p) => p.author.email === 'u2@x.org'));
    assert.equal(posts[0]!.author, posts[1]!.author);
  });

  test('joined loading of a collection dedupes parents', async () => {
    await seed();
    const s = t.session();
    const users = await s.query(User).options(joinedload('posts')).filter(User.c.id.lte(2)).all();
    assert.equal(t.statements().length, 1);
    assert.deepEqual(
      users.map((u) => u.posts.length),
      [3, 3],
    );
  });

  test('joined loading beside a join on the same collection lists each child once', async () => {
    await seed();
    const s = t.session();
    // The filter join repeats user 2 once per post; the joined load repeats each post per row.
    const users = await s
      .query(User)
      .join('posts')
      .options(joinedload('posts'))
      .filter(User.c.id.eq(2))
      .all();
    assert.equal(users.length, 1);
    assert.deepEqual(users[0]!.posts.map((p) => p.title).sort(), ['u2p1', 'u2p2', 'u2p3']);
  });

  test('session.load loads one relation on demand; an unloaded relation throws', async () => {
    await seed();
    const s = t.session();
    const post = (await s.get(Post, 4))!;
    assert.throws(() => post.author, {
      message:
        "Post.author is not loaded; load it with session.load(post, 'author') or query(Post).options(selectinload('author'))",
    });
    const author = await s.load(post, 'author');
    assert.equal(author.email, 'u2@x.org');
    assert.equal(post.author, author);
    const tags = await s.load(post, 'tags');
    assert.deepEqual(
      tags.map((tg) => tg.name),
      ['b', 'c'],
    );
    const profile = await s.load(author, 'profile');
    assert.equal(profile?.user, undefined === profile ? null : author);
  });

  test('one-to-many: adding sets the FK at flush, removing deletes the orphan (NOT NULL FK)', async () => {
    await seed();
    const s = t.session();
    const u1 = (await s.get(User, 1))!;
    const u2 = (await s.get(User, 2))!;
    await s.load(u1, 'posts');
    await s.load(u2, 'posts');
    const moved = u1.posts.shift()!;
    u2.posts.push(moved);
    const orphan = u1.posts.pop()!;
    u1.posts.push(new Post({ title: 'fresh' }));
    await s.commit();
    assert.equal(moved.authorId, 2);
    assert.equal(inspect(orphan).status, 'detached');
    assert.deepEqual(
      (await t.rows('select title from posts where author_id = 1 order by id')).map(
        (r) => r['title'],
      ),
      ['u1p2', 'fresh'],
    );
    assert.deepEqual(
      (await t.rows('select title from posts where author_id = 2 order by id')).map(
        (r) => r['title'],
      ),
      ['u1p1', 'u2p1', 'u2p2', 'u2p3'],
    );
  });

  test('nullable one-to-many: removing a child nulls its FK', async () => {
    const s = t.session();
    const root = new Category({ name: 'root' });
    root.children.push(new Category({ name: 'a' }), new Category({ name: 'b' }));
    s.add(root);
    await s.commit();
    const [a] = root.children.splice(0, 1);
    await s.commit();
    assert.equal(a!.parentId, null);
    assert.equal(inspect(a!).status, 'persistent');
    assert.deepEqual(
      (await t.rows('select name, parent_id from categories order by id')).map((r) => [
        r['name'],
        r['parent_id'],
      ]),
      [
        ['root', null],
        ['a', null],
        ['b', 1],
      ],
    );
  });

  test('many-to-one and one-to-one: assigning the object sets the key; the other side follows', async () => {
    await seed();
    const s = t.session();
    const u9 = (await s.get(User, 9))!;
    await s.load(u9, 'posts');
    const post = (await s.get(Post, 1))!;
    post.author = u9;
    const profile = new Profile({ bio: 'nine', user: u9 });
    s.add(profile);
    await s.flush();
    assert.equal(post.authorId, 9);
    assert.ok(u9.posts.includes(post));
    assert.equal(profile.userId, 9);
    await s.commit();
    assert.deepEqual(await t.rows('select bio from profiles where user_id = 9'), [{ bio: 'nine' }]);
  });

  test('reassigning a reference moves the object between the loaded collections', async () => {
    await seed();
    const s = t.session();
    const [u1, u2] = await s
      .query(User)
      .options(selectinload('posts'), selectinload('profile'))
      .orderBy(User.c.id)
      .limit(2)
      .all();
    const u6 = (await s.get(User, 6))!;
    await s.load(u6, 'profile');
    const moved = u1!.posts[0]!;
    moved.author = u2!;
    const profile = u1!.profile!;
    profile.user = u6;
    await s.flush();
    assert.deepEqual(
      u1!.posts.map((p) => p.title),
      ['u1p2', 'u1p3'],
    );
    assert.ok(u2!.posts.includes(moved));
    assert.equal(u1!.profile, null);
    assert.equal(u6.profile, profile);
    t.rec.clear();
    await s.commit();
    assert.deepEqual(t.statements(), [], 'the moves were flushed once; nothing is left dirty');
    assert.deepEqual(await t.rows('select title from posts where author_id = 1 order by id'), [
      { title: 'u1p2' },
      { title: 'u1p3' },
    ]);
    assert.deepEqual(await t.rows("select user_id from profiles where bio = 'bio1'"), [
      { user_id: 6 },
    ]);
  });

  test('many-to-many from both sides', async () => {
    await seed();
    const s = t.session();
    const tag = (await s.query(Tag).filterBy({ name: 'a' }).one())!;
    const posts = await s.load(tag, 'posts');
    assert.equal(posts.length, 20); // every user's 2nd and 3rd post
    const p = (await s.get(Post, 1))!;
    await s.load(p, 'tags');
    tag.posts.push(p);
    await s.commit();
    assert.deepEqual(
      await t
        .rows(`select count(*) as n from post_tags where tag_id = ${tag.id}`)
        .then((r) => Number(r[0]?.['n'])),
      21,
    );
  });

  test('delete cascade: deleting a user deletes its loaded posts; the database cascades the rest', async () => {
    await seed();
    const s = t.session();
    const u = (await s.get(User, 3))!;
    s.delete(u);
    await s.commit();
    assert.deepEqual(
      await t
        .rows('select count(*) as n from posts where author_id = 3')
        .then((r) => Number(r[0]?.['n'])),
      0,
    );
    assert.deepEqual(
      await t.rows('select count(*) as n from posts').then((r) => Number(r[0]?.['n'])),
      27,
    );
  });

  test('save cascade: objects reachable from an added one are added; cycles resolve by a later UPDATE', async () => {
    const s = t.session();
    const team = new Team({ name: 'Blues' });
    const a = new Player({ name: 'A', team });
    const b = new Player({ name: 'B', team });
    team.captain = b;
    s.add(a); // reaches team, then team reaches b
    await s.commit();
    assert.equal(inspect(b).status, 'persistent');
    assert.deepEqual(await t.rows('select name, captain_id from teams'), [
      { name: 'Blues', captain_id: b.id },
    ]);
  });
});
