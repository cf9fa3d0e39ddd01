/**
 * Whether a `sqlite3` database handle is still inside the transaction it began. SQLite
 * rolls a whole transaction back by itself after some failures: a write interrupted by
 * `sqlite3_interrupt` (a statement timeout), `INSERT OR ROLLBACK` / `RAISE(ROLLBACK)`, and
 * at times SQLITE_FULL, IOERR, NOMEM or BUSY. The handle is then in autocommit mode, and
 * every later statement would commit on its own. The C API says so
 * (`sqlite3_get_autocommit`), but the `sqlite3` package does not expose it, so this asks
 * with a statement.
 *
 * The probe is a plain BEGIN. SQLite refuses it inside a transaction ("cannot start a
 * transaction within a transaction") and accepts it only when none is open, so its outcome
 * is the answer. It cannot change or wait for anything: a deferred BEGIN takes no lock and
 * reads nothing, so it neither waits on the busy timeout nor meets another connection;
 * refused, it leaves the open transaction as it was (the refusal is not an error that ends
 * a transaction); accepted, the ROLLBACK right after ends a transaction in which nothing
 * happened. A SAVEPOINT / RELEASE pair would be as harmless but answers nothing: it
 * succeeds both inside a transaction (a nested savepoint) and outside one (a transaction
 * begun and committed).
 */
import type sqlite3 from 'sqlite3';
import { queryOn } from './database.js';

/** SQLite's message for a BEGIN inside an open transaction. */
const NESTED_BEGIN = /cannot start a transaction within a transaction/i;

/**
 * True when `db` has left its transaction (SQLite rolled it back), false while it is still
 * inside. Throws when the probe fails otherwise (then nothing is known).
 */
export async function transactionEnded(db: sqlite3.Database): Promise<boolean> {
  try {
    await queryOn(db, 'begin', [], 'count');
  } catch (error) {
    const message = (error as { message?: unknown } | null)?.message;
    if (typeof message === 'string' && NESTED_BEGIN.test(message)) return false;
    throw error;
  }
  // No transaction was open: end the empty one the probe began (it cannot fail for want of
  // a lock: nothing was read or written in it).
  await queryOn(db, 'rollback', [], 'count');
  return true;
}
