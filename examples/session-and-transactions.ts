/**
 * The Session and transactions: a session is a unit of work in one transaction. It
 * begins on first use and ends at commit() or rollback(); beginNested() is a SAVEPOINT;
 * a version column turns a lost update into StaleDataError; withSession() commits or
 * rolls back for you.
 *
 *   npx tsx examples/session-and-transactions.ts
 */
import {
  inspect,
  Session,
  StaleDataError,
  UniqueViolationError,
  update,
  withSession,
} from '@dbgen/runtime';
import { User, users } from '../generated/index.js';
import { runIfMain, type ExampleContext } from './setup.js';

export async function sessionAndTransactions({
  engine,
  step,
  show,
  say,
}: ExampleContext): Promise<void> {
  step('Session: withSession commits when the callback returns');
  // #region session-with
  await withSession(engine, async (session) => {
    session.addAll([
      new User({ email: 'ada@example.org', username: 'ada' }),
      new User({ email: 'grace@example.org', username: 'grace' }),
    ]);
  }); // COMMIT here; a throw inside would ROLLBACK instead
  // #endregion

  const session = new Session(engine);
  try {
    step('Session: rollback() undoes the database; refresh() reloads an object');
    // #region session-rollback
    const ada = (await User.getByUsername(session, 'ada'))!;
    ada.karma = 100;
    const temp = new User({ email: 'temp@example.org', username: 'temp' });
    session.add(temp);
    await session.flush(); // INSERT and UPDATE run, inside the open transaction
    await session.rollback(); // ... and are undone in the database
    say(`temp is ${inspect(temp).status}; ada still has unsaved karma ${ada.karma}`);
    await session.refresh(ada); // reload ada's row: the change is dropped
    say(`after refresh: ada.karma = ${ada.karma}, users = ${await session.query(User).count()}`);
    // #endregion

    step('Session: beginNested() is a SAVEPOINT');
    // #region session-savepoint
    const nested = await session.beginNested();
    session.add(new User({ email: 'ada@example.org', username: 'ada2' })); // duplicate email
    try {
      await nested.commit(); // the flush fails: only the savepoint is rolled back
    } catch (error) {
      if (error instanceof UniqueViolationError)
        say(`${error.code}: the savepoint was rolled back`);
      await nested.rollback().catch(() => undefined);
    }
    ada.karma = 5; // the outer transaction goes on
    await session.commit();
    // #endregion
    show(
      'users after the savepoint',
      (await session.query(User).orderBy(users.id).all()).map((u) => ({
        username: u.username,
        karma: u.karma,
        version: u.version,
      })),
    );
    await session.commit();

    step('Session: the version column catches lost updates');
    // #region session-stale
    const mine = (await User.getByUsername(session, 'grace'))!;
    await session.commit(); // end the session's transaction before the other writer
    await engine.execute(
      update(users)
        .set({ karma: 7, version: users.version.plus(1) })
        .where(users.username.eq('grace')),
    ); // someone else saves grace first
    mine.karma = 1;
    try {
      await session.commit(); // UPDATE ... WHERE id = ? AND version = ? matches no row
    } catch (error) {
      if (error instanceof StaleDataError) say(`StaleDataError: ${error.message}`);
    }
    // #endregion
  } finally {
    await session.close();
  }
}

await runIfMain(import.meta.url, sessionAndTransactions);
