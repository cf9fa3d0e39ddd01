/**
 * ORM models: the generated classes (`User`, `Post`, ...) are plain objects you construct,
 * add to a Session and commit; relations are typed properties, loaded explicitly (reading
 * an unloaded relation throws: there is no hidden I/O).
 *
 *   npx tsx examples/orm-models.ts
 */
// #region orm-imports
import { inspect, RelationNotLoadedError, Session } from '@dbgen/runtime';
import { Category, Post, Profile, Tag, User } from '../generated/index.js';
// #endregion
import { runIfMain, type ExampleContext } from './setup.js';

export async function ormModels({ engine, step, show, say }: ExampleContext): Promise<void> {
  const session = new Session(engine);
  try {
    step('ORM: build objects and their relations, then commit');
    // #region orm-create
    const ada = new User({ email: 'ada@example.org', username: 'ada', displayName: 'Ada' });
    session.add(ada);
    say(`before flush: ${inspect(ada).status}, id ${String(ada.id)}`);
    await session.flush(); // INSERT ... RETURNING: ada.id is known now, in the open transaction

    const science = new Category({ name: 'Science', slug: 'science' });
    const post = new Post({ authorId: ada.id, title: 'Notes on the engine', slug: 'engine' });
    post.category = science; // many-to-one: categoryId is filled in at flush
    post.tags = [new Tag({ name: 'math' }), new Tag({ name: 'history' })]; // many-to-many
    session.add(post); // cascades to the category and the tags
    session.add(new Profile({ userId: ada.id, bio: 'First programmer' }));
    await session.commit(); // one transaction, parents before children
    say(`after commit: ${inspect(ada).status}, id ${ada.id}; post.categoryId ${post.categoryId}`);
    // #endregion

    step('ORM: get() by primary key answers from the identity map');
    // #region orm-get
    const same = await User.get(session, ada.id); // no SQL: ada is in the identity map
    say(`same object: ${same === ada}`);
    const byEmail = await User.getByEmail(session, 'ada@example.org'); // generated, one query
    say(`getByEmail is the same object too: ${byEmail === ada}`);
    // #endregion

    step('ORM: relations are loaded explicitly');
    // #region orm-relations
    await session.commit(); // ends the read transaction (SQLite has one connection)
    const fresh = new Session(engine);
    const again = await User.getByUsername(fresh, 'ada');
    try {
      void again!.posts; // not loaded yet
    } catch (error) {
      if (error instanceof RelationNotLoadedError) say(`RelationNotLoadedError: ${error.message}`);
    }
    const posts = await fresh.load(again!, 'posts');
    const tags = await Post.loadTags(fresh, posts[0]!);
    await fresh.close();
    // #endregion
    show(
      "ada's posts",
      posts.map((p) => ({ id: p.id, title: p.title, status: p.status })),
    );
    show(
      'their tags',
      tags.map((t) => ({ name: t.name })).sort((a, b) => a.name.localeCompare(b.name)),
    );

    step('ORM: change an object; commit writes only what changed');
    // #region orm-update
    post.title = 'Notes on the Analytical Engine';
    say(`dirty objects: ${session.dirty.length}`);
    await session.commit(); // UPDATE posts SET title = ..., version = ... WHERE id = ... AND version = ...
    say(`post version after update: ${post.version}`);
    // #endregion

    step('ORM: delete');
    // #region orm-delete
    session.delete(post);
    await session.commit();
    say(`post is now ${inspect(post).status}; posts left: ${await session.query(Post).count()}`);
    // #endregion
  } finally {
    await session.close();
  }
}

await runIfMain(import.meta.url, ormModels);
