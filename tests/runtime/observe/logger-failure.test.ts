// A logger that fails never changes a statement's outcome. The engine called the user's
// logger (echo, slow statements, a failed listener's line) unguarded after the statement
// ran, so a throwing log sink turned a durable COMMIT into a rejected `commit()`: the
// session's new objects went back to pending and the caller's retry inserted every row a
// second time. On every dialect.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Session, count, insertInto, select, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createSchema } from '../orm/fixtures/db.js';
import { User, users } from '../orm/fixtures/models.js';
import { ITEMS_DDL, items } from './items.js';

/** Unhandled rejections seen while a test runs (a logger's rejected promise must not be one). */
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
before(() => process.on('unhandledRejection', onUnhandled));
after(() => process.off('unhandledRejection', onUnhandled));

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const logged: string[] = [];
  before(async () => {
    const setup = makeEngine();
    await setup.execute(sql.raw(ITEMS_DDL));
    await createSchema(setup, dialect);
    // Echo on; the sink fails on the COMMIT's line and on every INSERT's.
    engine = makeEngine({
      echo: true,
      logger: (line) => {
        logged.push(line);
        if (/\bcommit\b|insert/i.test(line)) throw new Error('log sink full');
      },
    });
  });

  test('a commit whose log line fails is committed and reported so', async () => {
    const session = new Session(engine);
    const user = new User({ email: 'logged@example.com' });
    session.add(user);
    await session.commit();
    assert.equal(typeof user.id, 'number', 'the object took its key');
    await session.commit(); // nothing left to write
    await session.close();
    const { rows } = await engine.execute(
      select({ n: count() }).from(users).where(users.email.eq('logged@example.com')),
    );
    assert.equal(rows[0]!.n, 1, 'one row, written once');
    assert.ok(
      logged.some((line) => /commit/i.test(line)),
      'the logger was called',
    );
  });

  test('an autocommit statement whose log line fails resolves', async () => {
    const result = await engine.execute(insertInto(items).values({ id: 1, name: 'a' }));
    assert.equal(result.rowCount, 1);
  });

  test('a logger that rejects, and a listener that throws, leave the statement alone', async () => {
    const rejecting = makeEngine({
      slowStatementMs: 0,
      logger: () => Promise.reject(new Error('async sink down')) as unknown as void,
    });
    const off = rejecting.on('statement', () => {
      throw new Error('listener broke');
    });
    const { rows } = await rejecting.execute(select({ n: count() }).from(items));
    off();
    assert.equal(rows[0]!.n, 1);
    // A turn of the event loop for the rejections to be handled (or reported).
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  });
});
