/**
 * The client generated from schema.example.dbml, run: its tables and models registered
 * with the real runtime, its query methods used through a real Session on SQLite and on
 * PostgreSQL (schema created with the migrate area's DDL).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { compileSchema, emitClient, writeClient } from '@dbgen/generator';
import { Session, type SchemaIR } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { withoutExpressionIndexes } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// Inside the repository, so the client's `@dbgen/runtime` import resolves (to the same
// module the test uses: registered models are shared).
const dir = join(repo, '.tmp', `example-runtime-${process.pid}`);
let ir: SchemaIR;
// The generated module's exports; typed loosely here (the type-level tests type them).
let client: Record<string, any>;
let files: Map<string, string>;

before(async () => {
  const compiled = compileSchema(join(repo, 'schema.example.dbml'));
  assert.ok(compiled.ir);
  ir = compiled.ir;
  mkdirSync(dir, { recursive: true });
  files = await emitClient(ir, { schemaPath: 'schema.example.dbml' });
  await writeClient(dir, files);
  client = (await import(pathToFileURL(join(dir, 'index.js')).href)) as Record<string, any>;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the JavaScript exports exactly the values the declarations declare', () => {
  const declared = [...files]
    .filter(([name]) => name.endsWith('.d.ts'))
    .flatMap(([, text]) => [...text.matchAll(/^export declare (?:const|class) (\w+)/gm)])
    .map((m) => m[1]);
  assert.ok(declared.length > 20);
  assert.deepEqual(Object.keys(client).sort(), declared.sort());
  for (const name of declared) assert.notEqual(client[name as string], undefined, name);
});

forEachDialect((dialect, makeEngine) => {
  test('generated models save, load and query through a Session', async () => {
    const engine = makeEngine();
    // MariaDB has no expression indexes (the example's `lower(email)`); the models need none.
    const schema = dialect === 'mysql' ? withoutExpressionIndexes(ir) : ir;
    await createTables(engine, schema, dialect);
    const { User, Post, Follow, PostStatus } = client;

    const writer = new Session(engine);
    const ada = new User({ email: 'ada@example.org', username: 'ada' });
    const bob = new User({ email: 'bob@example.org', username: 'bob', role: 'editor' });
    writer.add(ada);
    writer.add(bob);
    await writer.flush();
    // The init takes the related object instead of the foreign key.
    writer.add(new Post({ author: ada, title: 'Hello', slug: 'hello' }));
    writer.add(
      new Post({
        authorId: ada.id,
        title: 'Again',
        slug: 'again',
        status: PostStatus.published,
        publishedAt: new Date(),
      }),
    );
    writer.add(new Follow({ followerId: bob.id, followeeId: ada.id }));
    await writer.commit();
    await writer.close();

    const reader = new Session(engine);
    const user = await User.get(reader, ada.id);
    assert.equal(user.email, 'ada@example.org');
    assert.equal(user.role, 'member');
    assert.equal(await User.getByEmail(reader, 'ada@example.org'), user, 'one object per key');
    assert.equal(await User.getByUsername(reader, 'nobody'), null);
    const hello = await Post.getBySlug(reader, 'hello');
    assert.equal(hello.title, 'Hello');
    const byAuthor = await Post.findByAuthorId(reader, ada.id);
    assert.deepEqual(byAuthor.map((p: { slug: string }) => p.slug).sort(), ['again', 'hello']);
    const published = await Post.findByStatus(reader, 'published');
    assert.deepEqual(
      published.map((p: { slug: string }) => p.slug),
      ['again'],
    );
    assert.equal(await Post.loadAuthor(reader, hello), user);
    const posts = await User.loadPosts(reader, user);
    assert.deepEqual(posts.map((p: { slug: string }) => p.slug).sort(), ['again', 'hello']);
    const follow = await Follow.get(reader, bob.id, ada.id);
    assert.equal(follow.followeeId, ada.id);
    assert.equal((await Follow.findByFollowerId(reader, bob.id)).length, 1);
    assert.equal(await Follow.get(reader, ada.id, bob.id), null);
    await reader.close();
  });
});
