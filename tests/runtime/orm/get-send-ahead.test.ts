// `session.get` in a session of many objects sends its key SELECT before the autoflush
// walk and runs the walk while the SELECT is in flight (docs/orm.md, "Where the time
// goes", W1). These tests hold it to what the plain order gives: the row read ahead is
// used only when the walk finds nothing; after a change it is dropped, the change is
// flushed, and the row is read again. The engine here has no statement listener (one
// that saw statements would turn sending ahead off), so results and the database's rows
// are the evidence, and `sentAhead` says the path was taken, on every dialect (SQLite's
// statements run on its driver's worker thread, beside the walk).
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, test } from 'node:test';
import { insertInto, Session, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createSchema, resetData } from './fixtures/db.js';
import { User, users } from './fixtures/models.js';

/** Above the session size from which `get` sends ahead (SEND_AHEAD_MIN in session.ts). */
const LOADED = 300;

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const sessions: Session[] = [];
  before(async () => {
    engine = makeEngine();
    await createSchema(engine, dialect);
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });
  beforeEach(async () => {
    await resetData(engine, dialect);
    await engine.execute(
      insertInto(users).values(
        Array.from({ length: LOADED + 100 }, (_, i) => ({
          id: i + 1,
          email: `u${i + 1}@x.org`,
          name: `n${i + 1}`,
        })),
      ),
    );
  });

  /** Asserts how many lookups of `s` sent their SELECT ahead. */
  const sentAhead = (s: Session, expected: number): void => assert.equal(s.sentAhead, expected);

  /** A session holding users 1..LOADED. */
  async function largeSession(): Promise<Session> {
    const s = new Session(engine);
    sessions.push(s);
    const loaded = await s.query(User).orderBy(users.id).limit(LOADED).all();
    assert.equal(loaded.length, LOADED);
    return s;
  }

  const nameOf = async (id: number): Promise<unknown> =>
    (await engine.execute(sql`select name from users where id = ${id}`)).rows[0]?.['name'];

  test('with nothing changed, the row read ahead is the answer', async () => {
    const s = await largeSession();
    const u = await s.get(User, LOADED + 7);
    assert.equal(u?.email, `u${LOADED + 7}@x.org`);
    assert.equal(await s.get(User, LOADED + 7), u, 'mapped by the lookup');
    assert.equal(await s.get(User, 10_000), null);
    sentAhead(s, 2);
  });

  test('a change the walk finds is flushed, and the row is read after it', async () => {
    const s = await largeSession();
    const [first] = await s.query(User).orderBy(users.id).limit(1).all();
    // The key changed to one no row has yet: read ahead, the lookup finds nothing; read
    // after the flush, it finds the changed object itself.
    first!.id = 5_000;
    const found = await s.get(User, 5_000);
    sentAhead(s, 1);
    assert.equal(found?.email, 'u1@x.org', 'the answer is the row after the flush');
    assert.equal(found, first, 'the object whose key changed, filed under its new key');
    assert.deepEqual(s.dirty, []);
    await s.commit();
    const rows = await engine.execute(sql`select id from users where email = ${'u1@x.org'}`);
    assert.deepEqual(
      rows.rows.map((r) => Number(r['id'])),
      [5_000],
    );
  });

  test('after a walk that found a change the next lookup waits for the walk; a clean one sends ahead again', async () => {
    const s = await largeSession();
    const a = (await s.get(User, 1))!;
    a.name = 'renamed';
    assert.equal((await s.get(User, LOADED + 1))?.email, `u${LOADED + 1}@x.org`);
    sentAhead(s, 1);
    // Changed again: this walk runs before its SELECT (the last one found a change).
    a.name = 'renamed again';
    assert.equal((await s.get(User, LOADED + 2))?.email, `u${LOADED + 2}@x.org`);
    sentAhead(s, 1);
    // Nothing changed since: the walk finds nothing, so the next lookup sends ahead.
    await s.get(User, LOADED + 3);
    sentAhead(s, 1);
    await s.get(User, LOADED + 4);
    sentAhead(s, 2);
    await s.commit();
    assert.equal(await nameOf(1), 'renamed again');
  });

  test('new and deleted objects are flushed before the SELECT goes out', async () => {
    const s = await largeSession();
    s.add(new User({ id: 9_000, email: 'new@x.org' }));
    assert.equal((await s.get(User, 9_000))?.email, 'new@x.org');
    const gone = (await s.get(User, 2))!;
    s.delete(gone);
    // Deleted rows read as gone: the DELETE ran before the lookup.
    const rows = await s.execute(sql`select count(*) as n from users where id = ${2}`);
    assert.equal(Number(rows.rows[0]!['n']), 0);
    sentAhead(s, 0);
  });

  test('an engine whose statements are watched never sends ahead', async () => {
    const seen: string[] = [];
    const off = engine.on('statement', (e) => {
      seen.push(e.sql.trim().split(/\s+/)[0]!.toLowerCase());
    });
    try {
      const s = await largeSession();
      const a = (await s.get(User, 1))!;
      a.name = 'watched';
      seen.length = 0;
      await s.get(User, LOADED + 1);
      assert.deepEqual(seen, ['update', 'select'], 'no SELECT before the flush');
      sentAhead(s, 0);
    } finally {
      off();
    }
  });
});
