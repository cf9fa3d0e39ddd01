// A changed loaded object that has no state is UPDATEd without one (flush/lazy-updates.ts)
// and keeps its lazy form: these tests check that this is invisible. Rollbacks of the
// transaction and of savepoints put the rows back (changes show as unflushed again), the
// version column is matched, bumped and restored, generated columns are read back, and a
// state made later starts from the row the UPDATE wrote.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defineTable,
  inspect,
  Model,
  registerModel,
  Session,
  sql,
  type Column,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, id, table } from '../../support/ir.js';
import { Counter, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

/** True while a loaded object's state is not made (its load tag slot is set). */
function isLazy(obj: object): boolean {
  const tag = Object.getOwnPropertySymbols(obj).find((s) => s.description === 'dbgen.orm.loaded');
  return tag !== undefined && (obj as Record<symbol, unknown>)[tag] != null;
}

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  async function seed(...emails: string[]): Promise<void> {
    const s = t.session();
    s.addAll(emails.map((email) => new User({ email })));
    await s.commit();
    await s.close();
    t.rec.clear();
  }

  async function names(): Promise<unknown[]> {
    return (await t.rows('select name from users order by id')).map((r) => r['name']);
  }

  test('changed loaded objects are updated in one batch and stay without a state', async () => {
    await seed('a@x.org', 'b@x.org', 'c@x.org');
    const s = t.session();
    const [a, b, c] = (await s.query(User).orderBy(User.c.id).all()) as [User, User, User];
    t.rec.clear();
    a.name = 'A';
    c.name = 'C';
    await s.flush();
    const statements = t.statements();
    assert.equal(statements.length, 1);
    assert.match(statements[0] as string, /^update "users"/);
    for (const o of [a, b, c]) assert.equal(isLazy(o), true);
    assert.deepEqual(s.dirty, []);
    await s.flush();
    assert.deepEqual(t.statements(), []);
    // The row was brought up to date: a change back is a change again.
    a.name = null;
    assert.deepEqual(s.dirty, [a]);
    a.name = 'A';
    assert.deepEqual(s.dirty, []);
    await s.commit();
    assert.deepEqual(await names(), ['A', null, 'C']);
    // A state made now starts from the written row.
    assert.deepEqual(inspect(c).modified, []);
    assert.equal(inspect(c).status, 'persistent');
  });

  test('rollback: rows updated without a state show their changes as unflushed again', async () => {
    await seed('a@x.org', 'b@x.org');
    const s = t.session();
    const [a, b] = (await s.query(User).orderBy(User.c.id).all()) as [User, User];
    a.name = 'A';
    b.name = 'B';
    await s.flush();
    await s.rollback();
    assert.equal(a.name, 'A');
    assert.deepEqual(s.dirty, [a, b]);
    assert.deepEqual(inspect(a).modified, ['name']);
    assert.equal(isLazy(b), true);
    b.name = null;
    assert.deepEqual(s.dirty, [a]);
    await s.commit();
    assert.deepEqual(await names(), ['A', null]);
  });

  test('savepoints: rollback puts back the row at the savepoint, release keeps the oldest', async () => {
    await seed('a@x.org', 'b@x.org');
    const s = t.session();
    const [a, b] = (await s.query(User).orderBy(User.c.id).all()) as [User, User];
    a.name = 'outer';
    b.name = 'outer';
    await s.flush();
    const inner = await s.beginNested();
    a.name = 'inner';
    b.name = 'inner';
    await s.flush();
    await inner.rollback();
    assert.deepEqual(s.dirty, [a, b]);
    b.name = 'outer';
    assert.deepEqual(s.dirty, [a]);
    assert.equal(isLazy(b), true);
    // Released: its rows join the transaction's, whose older rows a rollback puts back.
    const kept = await s.beginNested();
    b.name = 'kept';
    await s.flush();
    await kept.commit();
    await s.rollback();
    a.name = null;
    b.name = null;
    assert.deepEqual(s.dirty, []);
    await s.commit();
    assert.deepEqual(await names(), [null, null]);
  });

  test('a state made after the UPDATE is rolled back to the row before it', async () => {
    await seed('a@x.org');
    const s = t.session();
    const a = (await s.get(User, 1))!;
    a.name = 'first';
    await s.flush();
    assert.equal(isLazy(a), true);
    assert.deepEqual(inspect(a).modified, []); // makes the state
    a.name = 'second';
    await s.flush();
    await s.rollback();
    assert.deepEqual(inspect(a).modified, ['name']);
    assert.equal(inspect(a).status, 'persistent');
    a.name = null;
    assert.deepEqual(s.dirty, []);
  });

  test('an object expunged after its UPDATE is back in the session after a rollback', async () => {
    await seed('a@x.org');
    const s = t.session();
    const a = (await s.get(User, 1))!;
    a.name = 'A';
    await s.flush();
    s.expunge(a);
    await s.rollback();
    assert.equal(s.contains(a), true);
    assert.deepEqual(inspect(a).modified, ['name']);
  });

  test('versions: matched and bumped without a state, restored by a rollback', async () => {
    const s0 = t.session();
    s0.addAll([new Counter({ name: 'c', value: 0 }), new Counter({ name: 'd', value: 0 })]);
    await s0.commit();
    await s0.close();
    const s = t.session();
    const [c, d] = (await s.query(Counter).orderBy(Counter.c.id).all()) as [Counter, Counter];
    c.value = 5;
    d.value = 6;
    await s.flush();
    assert.equal(c.version, 2);
    assert.equal(d.version, 2);
    assert.equal(isLazy(c), true);
    assert.deepEqual(s.dirty, []);
    await s.rollback();
    assert.equal(c.version, 1);
    assert.equal(c.value, 5);
    assert.deepEqual(s.dirty, [c, d]);
    await s.commit();
    assert.equal(c.version, 2);
    const rows = await t.rows('select value, version from counters order by id');
    assert.deepEqual(
      rows.map((r) => [Number(r['value']), Number(r['version'])]),
      [
        [5, 2],
        [6, 2],
      ],
    );
  });

  test('a changed version value takes the state path as before', async () => {
    const s0 = t.session();
    s0.add(new Counter({ name: 'c', value: 0 }));
    await s0.commit();
    await s0.close();
    const s = t.session();
    const c = (await s.get(Counter, 1))!;
    c.value = 1;
    c.version = 7;
    await s.flush().catch(() => undefined);
    assert.equal(isLazy(c), false);
  });

  test('expireOnCommit expires objects updated without a state', async () => {
    await seed('a@x.org');
    const s = t.session({ expireOnCommit: true });
    const a = (await s.get(User, 1))!;
    a.name = 'A';
    await s.commit();
    assert.equal(inspect(a).expired, true);
    assert.equal((await s.get(User, 1))!.name, 'A');
  });

  test('generated columns are read back into objects updated without a state', async () => {
    const engine = makeEngine();
    const expression = dialect === 'mysql' ? '`price` * 2' : 'price * 2';
    const create = {
      sqlite: `create table items (id integer primary key, price integer not null, doubled integer generated always as (${expression}) stored)`,
      postgres: `create table items (id integer primary key, price integer not null, doubled integer generated always as (${expression}) stored)`,
      mysql: `create table items (id integer primary key, price integer not null, doubled integer as (${expression}) stored)`,
    }[dialect];
    await engine.execute(sql.raw('drop table if exists items'));
    await engine.execute(sql.raw(create));
    await engine.execute(sql.raw('insert into items (id, price) values (1, 1), (2, 2)'));
    const s = new Session(engine);
    try {
      const [x, y] = (await s.query(Item).orderBy(Item.c.id).all()) as [Item, Item];
      x.price = 10;
      y.price = 20;
      await s.flush();
      assert.deepEqual([x.doubled, y.doubled], [20, 40]);
      assert.equal(isLazy(x), true);
      assert.deepEqual(s.dirty, []);
      await s.commit();
    } finally {
      await s.close();
      await engine.execute(sql.raw('drop table items'));
    }
  });
});

const items = defineTable<{ id: Column<number>; price: Column<number>; doubled: Column<number> }>(
  table(
    'items',
    [
      id(),
      column('price', 'integer'),
      column('doubled', 'integer', { generated: { expression: 'price * 2', stored: true } }),
    ],
    { className: 'Item' },
  ),
);
class Item extends Model {
  static readonly c = items;
  declare id: number;
  declare price: number;
  declare doubled: number;
}
registerModel(Item, items, {});
