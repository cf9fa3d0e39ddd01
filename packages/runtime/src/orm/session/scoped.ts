/** `withSession`: a session for the length of a callback (SQLAlchemy's `with Session() as s, s.begin()`). */
import { Session, type SessionEngine, type SessionOptions } from './session.js';

/**
 * Opens a session, runs `work`, commits when it returns and rolls back when it throws
 * (rethrowing), and closes the session either way: `await withSession(engine, async (s) => {
 * s.add(new User({...})) })`.
 */
export async function withSession<T>(
  engine: SessionEngine,
  work: (session: Session) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const session = new Session(engine, options);
  try {
    const result = await work(session);
    await session.commit();
    return result;
  } catch (error) {
    await session.rollback();
    throw error;
  } finally {
    await session.close();
  }
}
