// End to end: the client `dbgen generate` emits for schema.example.dbml, its tables created
// by the migrate area's DDL, driven by the Session on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileSchema, emitClient } from '@dbgen/generator';
import { inspect, selectinload, Session, sql, StaleDataError, type SchemaIR } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { withoutExpressionIndexes } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const repoRoot = join(import.meta.dirname, '../../..');
const root = join(repoRoot, '.tmp', `orm-client-${process.pid}-${Date.now()}`);
let ir: SchemaIR;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;

before(async () => {
  const compiled = await compileSchema(join(repoRoot, 'schema.example.dbml'));
  assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
  ir = compiled.ir;
  mkdirSync(join(root, 'client'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [file, text] of await emitClient(ir, { schemaPath: 'schema.example.dbml' })) {
    mkdirSync(join(root, 'client', file, '..'), { recursive: true });
    writeFileSync(join(root, 'client', file), text);
  }
  client = await import(pathToFileURL(join(root, 'client', 'index.js')).href);
});
after(() => rmSync(root, { recursive: true, force: true }));

forEachDialect((dialect, makeEngine) => {
  test('the generated client runs on the Session: graph insert, query methods, eager loads, versions', async () => {
    const engine = makeEngine();
    // MariaDB has no expression indexes (the example's `lower(email)`); the ORM needs none.
    const schema = dialect === 'mysql' ? withoutExpressionIndexes(ir) : ir;
    await createTables(engine, schema, dialect);
    const { User, Post, Tag } = client;

    const s = new Session(engine);
    const ada = new User({ email: 'ada@example.org', username: 'ada' });
    const post = new Post({ title: 'Hello', slug: 'hello' });
    post.tags.push(new Tag({ name: 'intro' }), new Tag({ name: 'orm' }));
    ada.posts.push(post);
    s.add(ada);
    await s.commit();
    assert.equal(inspect(post).status, 'persistent');
    assert.equal(post.authorId, ada.id);
    assert.equal(ada.version, 1);
    await s.close();

    const r = new Session(engine);
    const found = await User.getByEmail(r, 'ada@example.org');
    assert.equal(found.username, 'ada');
    assert.equal(await User.get(r, found.id), found);
    const byAuthor = await Post.findByAuthorId(r, found.id);
    assert.deepEqual(
      byAuthor.map((p: { slug: string }) => p.slug),
      ['hello'],
    );
    const [withTags]: any[] = await r.query(User).options(selectinload('posts.tags')).all();
    assert.deepEqual(withTags.posts[0].tags.map((t: { name: string }) => t.name).sort(), [
      'intro',
      'orm',
    ]);
    found.karma = 5;
    await r.commit();
    assert.equal(found.version, 2);
    await r.close();

    // A stale copy loses: nothing written.
    const stale = new Session(engine);
    const old: any = await stale.get(User, found.id);
    await stale.commit();
    const fresh = new Session(engine);
    ((await fresh.get(User, found.id)) as any).karma = 6;
    await fresh.commit();
    await fresh.close();
    old.karma = 7;
    await assert.rejects(stale.commit(), StaleDataError);
    await stale.close();
    const rows = await engine.execute(sql`select karma, version from users`);
    assert.deepEqual(rows.rows, [{ karma: 6, version: 3 }]);
  });
});
