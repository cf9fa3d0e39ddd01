/**
 * The query builder (SQLAlchemy Core): statements built from the generated tables' typed
 * columns, compiled per dialect, with rows keyed by property name and typed.
 *
 *   npx tsx examples/query-builder.ts
 */
import { count, deleteFrom, insertInto, select, update } from '@dbgen/runtime';
import { posts, users } from '../generated/index.js';
import { runIfMain, type ExampleContext } from './setup.js';

export async function queryBuilder({ engine, step, show, say }: ExampleContext): Promise<void> {
  step('Query builder: insert ... returning');
  // #region query-builder-insert
  const inserted = await engine.execute(
    insertInto(users)
      .values([
        { email: 'ada@example.org', username: 'ada', role: 'admin', isActive: true },
        { email: 'grace@example.org', username: 'grace', role: 'editor', isActive: true },
        { email: 'linus@example.org', username: 'linus', role: 'member', isActive: false },
      ])
      .returning({ id: users.id, username: users.username }),
  );
  // #endregion
  show('inserted users', inserted.rows);
  const [ada, grace] = inserted.rows;
  if (!ada || !grace) throw new Error('expected two users back');

  const published = new Date('2024-05-01T12:00:00Z');
  await engine.execute(
    insertInto(posts).values([
      {
        authorId: ada.id,
        title: 'Notes on the engine',
        slug: 'engine',
        status: 'published',
        publishedAt: published,
      },
      {
        authorId: ada.id,
        title: 'Bernoulli numbers',
        slug: 'bernoulli',
        status: 'published',
        publishedAt: published,
      },
      {
        authorId: grace.id,
        title: 'Compilers',
        slug: 'compilers',
        status: 'draft',
        publishedAt: null,
      },
    ]),
  );

  step('Query builder: select with where, order by and typed rows');
  // #region query-builder-select
  const active = await engine.execute(
    select({ id: users.id, username: users.username, role: users.role })
      .from(users)
      .where(users.isActive.eq(true), users.email.like('%@example.org'))
      .orderBy(users.username.asc()),
  );
  const firstRole: 'admin' | 'editor' | 'member' | undefined = active.rows[0]?.role; // typed
  // #endregion
  show('active users', active.rows);
  say(`first user's role: ${firstRole}`);

  step('Query builder: join, group by, aggregate');
  // #region query-builder-join
  const perAuthor = await engine.execute(
    select({ author: users.username, posts: count(posts.id) })
      .from(users)
      .leftJoin(posts, posts.authorId.eq(users.id))
      .groupBy(users.username)
      .orderBy(count(posts.id).desc(), users.username.asc()),
  );
  // #endregion
  show('posts per author', perAuthor.rows);

  step('Query builder: update and delete');
  // #region query-builder-update
  const isPublished = posts.status.eq('published');
  const bump = update(posts)
    .set({ viewCount: posts.viewCount.plus(10n) })
    .where(isPublished);
  const bumpedColumns = { slug: posts.slug, views: posts.viewCount };
  // MySQL/MariaDB have no UPDATE ... RETURNING: there, the rows are read after the update.
  const bumped =
    engine.dialect.capabilities.updateReturning === false
      ? (await engine.execute(bump),
        await engine.execute(select(bumpedColumns).from(posts).where(isPublished)))
      : await engine.execute(bump.returning(bumpedColumns));
  const removed = await engine.execute(deleteFrom(users).where(users.isActive.eq(false)));
  // #endregion
  show('updated posts', bumped.rows);
  say(`deleted inactive users: ${removed.rowCount}`);

  step('Query builder: the SQL of a statement, per dialect');
  // #region query-builder-compile
  const query = select({ id: posts.id, title: posts.title })
    .from(posts)
    .where(posts.slug.eq('engine'));
  const { sql, parameters } = engine.compile(query);
  // #endregion
  say(`${sql}\n  parameters: ${JSON.stringify(parameters)}`);
}

await runIfMain(import.meta.url, queryBuilder);
