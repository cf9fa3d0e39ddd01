/**
 * The Query API (SQLAlchemy's `session.query(...)`): filter, join by relation name,
 * order, paginate, count and aggregate, with eager loading chosen per query.
 *
 *   npx tsx examples/query-api.ts
 */
import { any, count, insertInto, joinedload, selectinload, Session } from '@dbgen/runtime';
import { Post, posts, User, users } from '../generated/index.js';
import { runIfMain, type ExampleContext } from './setup.js';

async function seed({ engine }: ExampleContext): Promise<void> {
  await engine.execute(
    insertInto(users).values([
      { email: 'ada@example.org', username: 'ada', karma: 50 },
      { email: 'grace@example.org', username: 'grace', karma: 80 },
      { email: 'linus@example.org', username: 'linus', karma: 10 },
    ]),
  );
  const when = new Date('2024-05-01T12:00:00Z');
  await engine.execute(
    insertInto(posts).values([
      {
        authorId: 1,
        title: 'Notes on the engine',
        slug: 'engine',
        status: 'published',
        publishedAt: when,
      },
      {
        authorId: 1,
        title: 'Bernoulli numbers',
        slug: 'bernoulli',
        status: 'published',
        publishedAt: when,
      },
      { authorId: 1, title: 'Unfinished', slug: 'unfinished', status: 'draft', publishedAt: null },
      {
        authorId: 2,
        title: 'Compilers',
        slug: 'compilers',
        status: 'published',
        publishedAt: when,
      },
    ]),
  );
}

export async function queryApi(context: ExampleContext): Promise<void> {
  const { engine, step, show, say } = context;
  await seed(context);
  const session = new Session(engine);
  try {
    step('Query API: filter, order, limit');
    // #region query-filter
    const top = await session
      .query(User)
      .filter(users.karma.gte(20), users.isActive.eq(true))
      .orderBy(users.karma.desc())
      .limit(2)
      .all();
    // #endregion
    show(
      'users with karma >= 20',
      top.map((u) => ({ username: u.username, karma: u.karma })),
    );

    step('Query API: join a relation by name');
    // #region query-join
    const published = await session
      .query(Post)
      .join('author')
      .filter(users.username.eq('ada'), posts.status.eq('published'))
      .orderBy(posts.title)
      .all();
    // #endregion
    show(
      "ada's published posts",
      published.map((p) => ({ slug: p.slug, title: p.title })),
    );

    step('Query API: eager loading, chosen per query');
    // #region query-eager
    const authors = await session
      .query(User)
      .options(selectinload('posts')) // one extra query for every user's posts
      .orderBy(users.id)
      .all();
    const withAuthor = await session
      .query(Post)
      .options(joinedload('author'))
      .orderBy(posts.id)
      .all(); // a JOIN
    // #endregion
    show(
      'users and their posts (selectinload)',
      authors.map((u) => ({ username: u.username, posts: u.posts.map((p) => p.slug).join(', ') })),
    );
    say(`joinedload: first post's author is ${withAuthor[0]?.author.username}`);

    step('Query API: relation predicates, counts and aggregates');
    // #region query-aggregate
    const writers = await session
      .query(User)
      .filter(any(User, 'posts', posts.status.eq('draft')))
      .all();
    const publishedCount = await session.query(Post).filterBy({ status: 'published' }).count();
    const perAuthor = await session
      .query(Post)
      .groupBy(posts.authorId)
      .orderBy(posts.authorId)
      .aggregate({ authorId: posts.authorId, posts: count() });
    // #endregion
    say(`users with a draft: ${writers.map((u) => u.username).join(', ')}`);
    say(`published posts: ${publishedCount}`);
    show('posts per author', perAuthor);

    step('Query API: one(), oneOrNone(), exists(), iterate()');
    // #region query-one
    const grace = await session.query(User).filterBy({ username: 'grace' }).one();
    const nobody = await session.query(User).filterBy({ username: 'nobody' }).oneOrNone();
    const hasDrafts = await session.query(Post).filter(posts.status.eq('draft')).exists();
    const slugs: string[] = [];
    for await (const post of session.query(Post).orderBy(posts.id).iterate(2))
      slugs.push(post.slug);
    // #endregion
    say(`one(): ${grace.email}; oneOrNone(): ${String(nobody)}; exists(): ${hasDrafts}`);
    say(`iterate(2): ${slugs.join(', ')}`);
  } finally {
    await session.close();
  }
}

await runIfMain(import.meta.url, queryApi);
