// After a flush deletes an object, the session's objects stop pointing at it: it leaves the
// loaded collections (one-to-many, many-to-many) and inverse one-to-ones that held it, and
// children whose foreign key is ON DELETE SET NULL get NULL in memory, as their rows did.
// Before, the deleted object stayed there, and every later flush of the session (unrelated
// work included) failed with "was deleted" in the save cascade and rolled back.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileSchema, emitClient } from '@dbgen/generator';
import { inspect, selectinload, Session, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createTables } from '../../support/create-tables.js';

const SCHEMA = `
Table authors {
  id integer [pk, increment]
  name varchar(50) [not null]
}
Table profiles {
  id integer [pk, increment]
  author_id integer [not null, unique, ref: - authors.id]
  bio varchar(50)
}
Table books {
  id integer [pk, increment]
  author_id integer [null]
  title varchar(50) [not null]
}
Table tags {
  id integer [pk, increment]
  name varchar(50) [not null, unique]
}
Table book_tags {
  book_id integer [not null]
  tag_id integer [not null]
  indexes {
    (book_id, tag_id) [pk]
  }
}
Ref: books.author_id > authors.id [delete: set null]
Ref: book_tags.book_id > books.id [delete: cascade]
Ref: book_tags.tag_id > tags.id [delete: cascade]
`;

const repoRoot = join(import.meta.dirname, '../../..');
const root = join(repoRoot, '.tmp', `deleted-references-${process.pid}-${Date.now()}`);
// The generated client is imported at run time: its models are untyped here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loaded = any;
let ir: Parameters<typeof createTables>[1];

before(async () => {
  mkdirSync(join(root, 'client'), { recursive: true });
  writeFileSync(join(root, 'schema.dbml'), SCHEMA);
  const compiled = await compileSchema(join(root, 'schema.dbml'));
  assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
  ir = compiled.ir;
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [file, text] of await emitClient(ir, { schemaPath: 'schema.dbml' })) {
    mkdirSync(join(root, 'client', file, '..'), { recursive: true });
    writeFileSync(join(root, 'client', file), text);
  }
  client = await import(pathToFileURL(join(root, 'client', 'index.js')).href);
});
after(() => rmSync(root, { recursive: true, force: true }));

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const sessions: Session[] = [];
  const session = (): Session => {
    const s = new Session(engine);
    sessions.push(s);
    return s;
  };
  const rows = async (text: string): Promise<string[]> =>
    (await engine.execute(sql.raw(text))).rows.map((r) =>
      Object.values(r as Record<string, unknown>)
        .map((v) => (v === null ? '-' : String(v)))
        .join(','),
    );

  before(async () => {
    engine = makeEngine();
    await createTables(engine, ir, dialect);
  });
  after(async () => {
    for (const s of sessions) await s.close();
    await engine.close();
  });

  /** A fresh set of rows: author "a" with books x and y (tagged t1, t2) and a profile. */
  async function seed(): Promise<void> {
    for (const t of ['book_tags', 'profiles', 'books', 'tags', 'authors'])
      await engine.execute(sql.raw(`delete from ${t}`));
    const { Author, Book, Tag, Profile } = client;
    const s = new Session(engine);
    const a = new Author({ name: 'a' });
    const x = new Book({ title: 'x' });
    x.tags.push(new Tag({ name: 't1' }), new Tag({ name: 't2' }));
    a.books.push(x, new Book({ title: 'y' }));
    a.profile = new Profile({ bio: 'bio' });
    s.add(a);
    await s.commit();
    await s.close();
  }

  /** Unrelated work, then a change to `obj`: both commit. */
  async function laterCommits(s: Session, obj: { title?: string; name?: string }): Promise<void> {
    s.add(new client.Author({ name: 'unrelated' }));
    await s.commit();
    if ('title' in obj) obj.title = 'renamed';
    else obj.name = 'renamed';
    await s.commit();
  }

  test('a deleted child leaves its parent’s loaded collection; later flushes work', async () => {
    await seed();
    const s = session();
    const a: Loaded = await s.query(client.Author).options(selectinload('books')).one();
    s.delete(a.books[0]);
    await s.commit();
    assert.deepEqual(
      a.books.map((b: { title: string }) => b.title),
      ['y'],
    );
    assert.deepEqual(inspect(a).modified, []);
    await laterCommits(s, a);
    assert.deepEqual(await rows('select title from books order by title'), ['y']);
  });

  test('a deleted object leaves the many-to-many collections that hold it', async () => {
    await seed();
    const s = session();
    const x: Loaded = await s
      .query(client.Book)
      .filterBy({ title: 'x' })
      .options(selectinload('tags'))
      .one();
    s.delete(x.tags[0]);
    await s.commit();
    assert.deepEqual(
      x.tags.map((t: { name: string }) => t.name),
      ['t2'],
    );
    await laterCommits(s, x);
    assert.deepEqual(
      await rows('select t.name from book_tags bt join tags t on t.id = bt.tag_id'),
      ['t2'],
    );
  });

  test('a deleted object leaves the inverse one-to-one that holds it', async () => {
    await seed();
    const s = session();
    const a: Loaded = await s.query(client.Author).options(selectinload('profile')).one();
    s.delete(a.profile);
    await s.commit();
    assert.equal(a.profile, null);
    await laterCommits(s, a);
    assert.deepEqual(await rows('select count(*) from profiles'), ['0']);
  });

  test('ON DELETE SET NULL: the children of a deleted parent get a NULL key in memory', async () => {
    await seed();
    const s = session();
    await engine.execute(sql.raw('delete from profiles'));
    const a: Loaded = await s.query(client.Author).options(selectinload('books')).one();
    const [x, y] = a.books;
    s.delete(a);
    await s.commit();
    assert.deepEqual(await rows('select title, author_id from books order by title'), [
      'x,-',
      'y,-',
    ]);
    for (const b of [x, y]) {
      assert.equal(b.authorId, null);
      assert.equal(b.author, null);
      assert.equal(inspect(b).status, 'persistent');
      assert.deepEqual(inspect(b).modified, []);
    }
    await laterCommits(s, x);
    assert.deepEqual(await rows('select title, author_id from books order by title'), [
      'renamed,-',
      'y,-',
    ]);
  });

  test('a deleted object put back into a collection by the user is still an error', async () => {
    await seed();
    const s = session();
    const a: Loaded = await s.query(client.Author).options(selectinload('books')).one();
    const x = a.books[0];
    s.delete(x);
    await s.commit();
    a.books.push(x);
    await assert.rejects(s.commit(), /Book \[\d+\] was deleted/);
  });

  test('a rollback puts the deleted object back into the collections it left', async () => {
    await seed();
    const s = session();
    const a: Loaded = await s.query(client.Author).options(selectinload('books')).one();
    const x = a.books[0];
    s.delete(x);
    await s.flush();
    assert.deepEqual(
      a.books.map((b: { title: string }) => b.title),
      ['y'],
    );
    await s.rollback();
    assert.equal(inspect(x).status, 'persistent');
    assert.deepEqual(
      a.books.map((b: { title: string }) => b.title),
      ['x', 'y'],
    );
    // Nothing to write: the collection is as loaded (no orphan, no NULL key).
    await s.commit();
    assert.deepEqual(
      await rows(
        'select b.title, a.name from books b left join authors a on a.id = b.author_id order by b.title',
      ),
      ['x,a', 'y,a'],
    );
  });
});
