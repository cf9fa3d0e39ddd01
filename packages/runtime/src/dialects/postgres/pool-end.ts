/**
 * Ending a pg Pool without waiting for its borrowers. pg-pool's `end()` closes the idle
 * clients and then waits for every lent one to come back, and it stops serving its queue
 * of waiters without failing them: with one connection never released (a leaked
 * `connect()`, a stream iterator dropped half read) the end never came, and a request
 * queued just before it waited forever. Here the waiters fail and the lent clients are
 * destroyed, so the end comes as soon as their sockets close.
 *
 * pg-pool has no public interface for either, so this reads its layout (`_pendingQueue`:
 * items with a `callback`; `_clients`: every client, a lent one with its `release`), as
 * array-rows.ts does pg's. A pool laid out otherwise is ended the plain way.
 */
import type pg from 'pg';

interface PoolInternals {
  _pendingQueue?: { callback?: (error: Error) => void }[];
  _clients?: (pg.PoolClient & { release?: unknown })[];
}

/**
 * Ends `pool`: fails its queued waiters with `waiterError()`, destroys the clients still
 * lent, and resolves when every client is closed. Call once.
 */
export async function endPool(pool: pg.Pool, waiterError: () => Error): Promise<void> {
  const internals = pool as unknown as PoolInternals;
  const ended = pool.end(); // closes the idle clients at once; stops serving the queue
  const waiters = Array.isArray(internals._pendingQueue) ? internals._pendingQueue.splice(0) : [];
  for (const waiter of waiters) waiter.callback?.(waiterError());
  const clients = Array.isArray(internals._clients) ? internals._clients.slice() : [];
  for (const client of clients) {
    // A client still connecting has no `release` yet: the pool ends it when it is ready.
    if (typeof client.release !== 'function') continue;
    try {
      // With an error, pg-pool removes the client and ends it (destroying its socket when
      // a query is running), instead of waiting for the borrower's release.
      client.release(new Error('the engine was closed'));
    } catch {
      // Released already (pg-pool throws on a second release): nothing to do.
    }
  }

  await ended;
}
