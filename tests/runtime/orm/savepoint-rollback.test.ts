// A savepoint's rollback (`beginNested()`, then `rollback()` or a failed flush inside it)
// leaves the session's objects as a full rollback does: the journal restores what the
// flush wrote since the savepoint (inserted objects transient, deleted ones persistent,
// flushed changes unflushed again), and every object is expired, so the next `get` or
// query that meets one reloads it, keeping its unflushed changes. Before, a savepoint's
// rollback expired nothing: an object read inside the savepoint kept the values of a row
// `session.execute()` had written there (the database held the old ones again), a `get`
// answered it from the identity map, and an object whose row the savepoint had inserted
// stayed persistent under the key of a row that no longer existed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, sql, UniqueViolationError } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  /** Users 1 A, 2 B, 3 C. */
  async function seed(): Promise<void> {
    const s = t.session();
    for (const n of ['A', 'B', 'C']) s.add(new User({ email: `${n}@x.org`, name: n }));
    await s.commit();
    await s.close();
  }

  const names = async (): Promise<[number, unknown][]> =>
    (await t.rows('select id, name from users order by id')).map((r) => [
      Number(r['id']),
      r['name'],
    ]);

  test('an object read in the savepoint shows its row again after the rollback', async () => {
    await seed();
    const s = t.session();
    const a = (await s.get(User, 1))!;
    const nested = await s.beginNested();
    await s.execute(sql.raw("update users set name = 'exec'"));
    const b = (await s.get(User, 2))!;
    assert.equal(b.name, 'exec');
    await s.refresh(a);
    assert.equal(a.name, 'exec');
    await nested.rollback();
    assert.equal(inspect(a).expired, true);
    assert.equal(inspect(b).expired, true);
    assert.equal(await s.get(User, 2), b);
    assert.equal(b.name, 'B', 'reloaded: the savepoint wrote exec, its rollback took it back');
    assert.equal((await s.query(User).filter(User.c.id.eq(1)).one()).name, 'A');
    // A change to the value the rolled-back row held is a change, and is written.
    b.name = 'exec';
    assert.deepEqual(inspect(b).modified, ['name']);
    await s.commit();
    assert.deepEqual(await names(), [
      [1, 'A'],
      [2, 'exec'],
      [3, 'C'],
    ]);
  });

  test('an object whose row the savepoint inserted is not found after the rollback', async () => {
    await seed();
    const s = t.session();
    const nested = await s.beginNested();
    await s.execute(sql.raw("insert into users (email, name) values ('D@x.org', 'D')"));
    const d = await s.query(User).filter(User.c.email.eq('D@x.org')).one();
    const id = d.id;
    await nested.rollback();
    assert.equal(await s.get(User, id), null);
    assert.equal(inspect(d).status, 'detached');
    assert.deepEqual(await s.query(User).filter(User.c.email.eq('D@x.org')).all(), []);
    await s.commit();
    assert.equal((await names()).length, 3);
  });

  test('flushed changes, inserts and deletes of the savepoint: the objects match the rows after commit', async () => {
    await seed();
    const s = t.session();
    const [a, b, c] = await s.query(User).orderBy(User.c.id).all();
    const nested = await s.beginNested();
    a!.name = 'inner';
    s.delete(b!);
    const n = new User({ email: 'n@x.org', name: 'N' });
    s.add(n);
    await s.flush();
    assert.equal(inspect(b!).status, 'deleted');
    await nested.rollback();
    assert.deepEqual(await names(), [
      [1, 'A'],
      [2, 'B'],
      [3, 'C'],
    ]);
    // Inserted: transient again, without the key of a row that is gone.
    assert.equal(inspect(n).status, 'transient');
    assert.equal(n.id, undefined);
    // Changed: the change flushed in the savepoint is unflushed again (the next get's
    // autoflush writes it), and the reload keeps it.
    assert.equal(inspect(a!).expired, true);
    assert.deepEqual(inspect(a!).modified, ['name']);
    assert.equal(await s.get(User, 1), a);
    assert.equal(a!.name, 'inner');
    assert.equal(inspect(a!).expired, false);
    // Deleted: persistent again, its row is back.
    assert.equal(inspect(b!).status, 'persistent');
    assert.equal(await s.get(User, 2), b);
    assert.equal(b!.name, 'B');
    c!.name = 'C2';
    await s.commit();
    assert.deepEqual(await names(), [
      [1, 'inner'],
      [2, 'B'],
      [3, 'C2'],
    ]);
    assert.deepEqual(
      [a, b, c].map((u) => u!.name),
      ['inner', 'B', 'C2'],
    );
  });

  test('a failed flush inside the savepoint expires the objects too', async () => {
    await seed();
    const s = t.session();
    const nested = await s.beginNested();
    await s.execute(sql.raw("update users set name = 'exec' where id = 2"));
    const b = (await s.get(User, 2))!;
    assert.equal(b.name, 'exec');
    s.add(new User({ email: 'A@x.org' }));
    await assert.rejects(s.flush(), UniqueViolationError);
    assert.equal(nested.active, false);
    assert.equal(inspect(b).expired, true);
    assert.equal((await s.get(User, 2))?.name, 'B');
    await s.commit();
    assert.deepEqual((await names())[1], [2, 'B']);
  });

  test('rolling back an inner savepoint keeps the outer one’s changes', async () => {
    await seed();
    const s = t.session();
    const a = (await s.get(User, 1))!;
    const outer = await s.beginNested();
    a.name = 'outer';
    await s.flush();
    const inner = await s.beginNested();
    a.name = 'inner';
    await s.flush();
    await inner.rollback();
    assert.equal(inspect(a).expired, true);
    assert.equal(a.name, 'inner');
    assert.deepEqual(inspect(a).modified, ['name'], 'unflushed again');
    a.name = 'outer';
    assert.deepEqual(inspect(a).modified, [], 'the row holds the outer savepoint’s value');
    assert.equal(await s.get(User, 1), a);
    assert.equal(a.name, 'outer');
    await outer.commit();
    await s.commit();
    assert.deepEqual((await names())[0], [1, 'outer']);
  });

  test('objects updated without a state (lazy path): the rows and the objects agree after commit', async () => {
    await seed();
    const s = t.session();
    const users = await s.query(User).orderBy(User.c.id).all();
    const nested = await s.beginNested();
    for (const u of users) u.name = `${u.name}-inner`;
    await s.flush();
    await nested.rollback();
    assert.deepEqual(
      users.map((u) => inspect(u).modified),
      [['name'], ['name'], ['name']],
    );
    users[2]!.name = 'C';
    await s.commit();
    assert.deepEqual(await names(), [
      [1, 'A-inner'],
      [2, 'B-inner'],
      [3, 'C'],
    ]);
  });
});
