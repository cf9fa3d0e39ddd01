// Children the database deletes with their parent (ON DELETE CASCADE, or an `orphan:
// 'delete'` relation the ORM cascades itself) are deleted in the session too, although
// they were loaded some other way than through the parent's collection (`get`, a query),
// and new ones are not inserted.
// Before, only the members of the parent's loaded collection were: a child loaded
// elsewhere stayed persistent after its row was gone, `get` returned it from the identity
// map without asking, and a change to it failed at the next flush (0 rows updated).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileSchemaSource, emitClient } from '@dbgen/generator';
import { inspect, Session, sql, type Engine, type SchemaIR } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createTables } from '../../support/create-tables.js';

const SCHEMA = `
Table authors {
  id integer [pk, increment]
  name varchar(50) [not null, unique]
}
Table posts {
  id integer [pk, increment]
  author_id integer [not null]
  title varchar(50) [not null]
}
Table comments {
  id integer [pk, increment]
  post_id integer [not null]
  body varchar(50) [not null]
}
Table notes {
  id integer [pk, increment]
  author_id integer [not null]
  text varchar(50) [not null]
}
Table nodes {
  id integer [pk, increment]
  parent_id integer [null]
  name varchar(50) [not null]
}
Table orders {
  region varchar(8) [not null]
  order_no integer [not null]
  customer varchar(50) [not null]
  indexes {
    (region, order_no) [pk]
  }
}
Table order_lines {
  id integer [pk, increment]
  region varchar(8) [not null]
  order_no integer [not null]
  product varchar(50) [not null]
}
Ref: posts.author_id > authors.id [delete: cascade]
Ref: comments.post_id > posts.id [delete: cascade]
Ref: notes.author_id > authors.id
Ref: nodes.parent_id > nodes.id [delete: cascade]
Ref: order_lines.(region, order_no) > orders.(region, order_no) [delete: cascade]
`;

const repoRoot = join(import.meta.dirname, '../../..');
const root = join(repoRoot, '.tmp', `cascade-elsewhere-${process.pid}-${Date.now()}`);
let ir: SchemaIR;
// The generated client is imported at run time: its models are untyped here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loaded = any;

before(async () => {
  const compiled = compileSchemaSource(SCHEMA, 'schema.dbml');
  assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
  ir = compiled.ir;
  mkdirSync(join(root, 'client'), { recursive: true });
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
  // After each test: a failed one must not keep its transaction (SQLite's one writer).
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });
  after(() => engine.close());

  /** Authors a and b; a's posts p1 (comment c1) and p2; b's note n1. */
  async function seed(): Promise<void> {
    for (const t of ['comments', 'posts', 'notes', 'order_lines', 'orders', 'authors'])
      await engine.execute(sql.raw(`delete from ${t}`));
    // Children before parents: a tree deleted at once may trip MySQL's cascade order.
    await engine.execute(sql.raw('delete from nodes where parent_id is not null'));
    await engine.execute(sql.raw('delete from nodes'));
    const { Author, Post, Comment, Note } = client;
    const s = new Session(engine);
    const a = new Author({ name: 'a' });
    const p1 = new Post({ title: 'p1' });
    p1.comments.push(new Comment({ body: 'c1' }));
    a.posts.push(p1, new Post({ title: 'p2' }));
    const b = new Author({ name: 'b' });
    b.notes.push(new Note({ text: 'n1' }));
    s.addAll([a, b]);
    await s.commit();
    await s.close();
  }

  const byName = (s: Session, name: string): Promise<Loaded> =>
    s.query(client.Author).filterBy({ name }).one();
  const post = (s: Session, title: string): Promise<Loaded> =>
    s.query(client.Post).filterBy({ title }).one();

  test('a child and grandchild loaded elsewhere are deleted with their parent', async () => {
    await seed();
    const s = session();
    const p1: Loaded = await post(s, 'p1');
    const c1: Loaded = await s.query(client.Comment).one();
    const id = p1.id;
    s.delete(await byName(s, 'a'));
    await s.flush();
    assert.equal(inspect(p1).status, 'deleted');
    assert.equal(inspect(c1).status, 'deleted');
    // Asked of the database, which has no such row: not the object from the identity map.
    assert.equal(await s.get(client.Post, id), null);
    await s.commit();
    assert.equal(inspect(p1).status, 'detached');
    assert.deepEqual(await rows('select count(*) from posts'), ['0']);
    assert.deepEqual(await rows('select count(*) from comments'), ['0']);
  });

  test('a child loaded elsewhere gets its delete events; later changes to it are refused', async () => {
    await seed();
    const s = session();
    const p2: Loaded = await post(s, 'p2');
    const deleted: object[] = [];
    s.on('beforeDelete', ({ object }: { object: object }) => void deleted.push(object));
    s.delete(await byName(s, 'a'));
    await s.flush();
    // Deleted by the ORM's cascade, like a loaded child: with its event.
    assert.ok(deleted.includes(p2));
    // Before, this UPDATE found no row and failed the commit.
    p2.title = 'changed';
    s.add(new client.Author({ name: 'later' }));
    await s.commit();
    assert.equal(inspect(p2).status, 'detached');
    assert.deepEqual(await rows('select name from authors order by name'), ['b', 'later']);
  });

  test('a child loaded elsewhere and moved to another parent in the flush is kept', async () => {
    await seed();
    const s0 = new Session(engine);
    s0.add(new client.Post({ title: 'p3', authorId: (await byName(s0, 'a')).id }));
    await s0.commit();
    await s0.close();

    const s = session();
    const posts: Loaded[] = await s.query(client.Post).all();
    const [p1, p2, p3] = ['p1', 'p2', 'p3'].map((t) => posts.find((p) => p.title === t));
    const b: Loaded = await byName(s, 'b');
    p1.authorId = b.id; // moved by its key
    p2.author = b; // moved by its reference
    s.delete(await byName(s, 'a'));
    await s.commit();
    assert.deepEqual(
      [p1, p2, p3].map((p) => inspect(p).status),
      ['persistent', 'persistent', 'detached'],
    );
    assert.deepEqual(
      await rows(
        'select p.title, a.name from posts p join authors a on a.id = p.author_id order by p.title',
      ),
      ['p1,b', 'p2,b'],
    );
    assert.deepEqual(await rows('select count(*) from comments'), ['1']);
  });

  test("orphan 'delete' without ON DELETE: a child loaded elsewhere goes before its parent", async () => {
    await seed();
    const s = session();
    const n1: Loaded = await s.query(client.Note).one();
    // Before, the note was left for the database, whose foreign key refused the DELETE.
    s.delete(await byName(s, 'b'));
    await s.commit();
    assert.equal(inspect(n1).status, 'detached');
    assert.deepEqual(await rows('select count(*) from notes'), ['0']);
  });

  test('new children of a deleted parent are not inserted', async () => {
    await seed();
    const s = session();
    const a: Loaded = await byName(s, 'a');
    const byKey = new client.Post({ title: 'k', authorId: a.id });
    const byRef = new client.Post({ title: 'r' });
    byRef.author = a;
    const kept = new client.Post({ title: 'kept', authorId: (await byName(s, 'b')).id });
    s.addAll([byKey, byRef, kept]);
    s.delete(a);
    await s.commit();
    assert.deepEqual(
      [byKey, byRef, kept].map((p) => inspect(p).status),
      ['transient', 'transient', 'persistent'],
    );
    assert.deepEqual(await rows('select title from posts'), ['kept']);
  });

  test('an expired child is left to the next read: its row may have moved', async () => {
    await seed();
    const s = new Session(engine, { expireOnCommit: true });
    sessions.push(s);
    const p1: Loaded = await post(s, 'p1');
    await s.commit();
    // Another transaction moves p1 to b; this session knows p1's old key only.
    const s2 = session();
    (await post(s2, 'p1')).authorId = (await byName(s2, 'b')).id;
    await s2.commit();
    await s2.close();

    const p2: Loaded = await post(s, 'p2');
    s.delete(await byName(s, 'a'));
    await s.commit();
    assert.equal(inspect(p2).status, 'detached');
    assert.deepEqual(
      await rows('select p.title, a.name from posts p join authors a on a.id = p.author_id'),
      ['p1,b'],
    );
    assert.equal(await s.get(client.Post, p1.id), p1);
    assert.equal(p1.authorId, (await byName(s, 'b')).id);
  });

  test('a composite foreign key: order lines loaded elsewhere go with their order', async () => {
    await seed();
    const { Order, OrderLine } = client;
    const s0 = new Session(engine);
    const o = new Order({ region: 'eu', orderNo: 1, customer: 'x' });
    o.orderLines.push(new OrderLine({ product: 'l1' }), new OrderLine({ product: 'l2' }));
    s0.addAll([o, new Order({ region: 'us', orderNo: 1, customer: 'y' })]);
    s0.add(new OrderLine({ region: 'us', orderNo: 1, product: 'l3' }));
    await s0.commit();
    await s0.close();

    const s = session();
    const lines: Loaded[] = await s.query(OrderLine).all();
    s.delete((await s.get(Order, ['eu', 1])) as Loaded);
    await s.commit();
    assert.deepEqual(lines.map((l) => `${l.product}:${inspect(l).status}`).sort(), [
      'l1:detached',
      'l2:detached',
      'l3:persistent',
    ]);
    assert.deepEqual(await rows('select product from order_lines'), ['l3']);
  });

  test('a self-referencing tree: deleting the root deletes descendants loaded elsewhere', async () => {
    await seed();
    const { Node } = client;
    const s0 = new Session(engine);
    const r = new Node({ name: 'root' });
    const a = new Node({ name: 'a' });
    a.nodes.push(new Node({ name: 'a1' }));
    r.nodes.push(a, new Node({ name: 'b' }));
    s0.addAll([r, new Node({ name: 'other' })]);
    await s0.commit();
    await s0.close();

    const s = session();
    // Loaded by a query: no `nodes` collection is loaded.
    const nodes: Loaded[] = await s.query(Node).all();
    const root = nodes.find((n) => n.name === 'root');
    s.delete(root);
    await s.commit();
    assert.deepEqual(nodes.map((n) => `${n.name}:${inspect(n).status}`).sort(), [
      'a1:detached',
      'a:detached',
      'b:detached',
      'other:persistent',
      'root:detached',
    ]);
    assert.deepEqual(await rows('select name from nodes'), ['other']);
  });

  test('a failed flush puts the cascaded children back; the next one deletes them', async () => {
    await seed();
    const s = session();
    const p1: Loaded = await post(s, 'p1');
    const c1: Loaded = await s.query(client.Comment).one();
    const a: Loaded = await byName(s, 'a');
    await s.commit();
    const fresh = new client.Post({ title: 'new', authorId: a.id });
    s.add(fresh);
    let refuse = true;
    s.on('afterFlush', () => {
      if (refuse) throw new Error('refused');
    });
    s.delete(a);
    await assert.rejects(s.flush(), /refused/);
    for (const o of [p1, c1]) assert.equal(inspect(o).status, 'persistent');
    // As every new object of a failed flush (outside a savepoint) is.
    assert.equal(inspect(fresh).status, 'transient');
    assert.equal(await s.get(client.Post, p1.id), p1);
    assert.equal(await s.get(client.Comment, c1.id), c1);
    assert.deepEqual(await rows('select count(*) from posts'), ['2']);

    refuse = false;
    s.add(fresh);
    s.delete(a);
    await s.commit();
    for (const o of [a, p1, c1]) assert.equal(inspect(o).status, 'detached');
    assert.equal(inspect(fresh).status, 'transient');
    assert.deepEqual(await rows('select count(*) from posts'), ['0']);
  });
});
