/**
 * Which pooled `pg` clients have lost their connection, and a promise per client that
 * rejects when it does: waits on a dead socket (a cursor's read or close waiting for a
 * `readyForQuery` that never comes) race it, so they end with a connection error instead
 * of hanging.
 */
import type pg from 'pg';

const watched = new WeakSet<pg.PoolClient>();
const lost = new WeakSet<pg.PoolClient>();
const deaths = new WeakMap<
  pg.PoolClient,
  { promise: Promise<never>; reject: (e: Error) => void }
>();

/** The error a wait on a dead client ends with (pg's own wording, so it maps to ConnectionError). */
function terminated(): Error {
  return new Error('Connection terminated: the database connection was lost');
}

/**
 * Watches a client once (not per checkout). A checked-out client emits 'error' when its
 * backend dies between queries (e.g. pg_terminate_backend), and 'end' when its socket
 * closes; unhandled, the 'error' would crash the process.
 */
export function watch(client: pg.PoolClient): void {
  if (watched.has(client)) return;
  watched.add(client);
  const die = (): void => {
    lost.add(client);
    deaths.get(client)?.reject(terminated());
  };
  client.on('error', die);
  client.on('end', die);
}

/** True once the client's connection has failed or closed. */
export function isLost(client: pg.PoolClient): boolean {
  return lost.has(client);
}

/** A promise that rejects when the client's connection is lost (at once if it is). */
export function deathOf(client: pg.PoolClient): Promise<never> {
  if (lost.has(client)) return Promise.reject(terminated());
  let death = deaths.get(client);
  if (death === undefined) {
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, r) => (reject = r));
    // Handled here: a client that dies while nobody waits must not raise an unhandled
    // rejection; waiters get the rejection through their own race.
    promise.catch(() => undefined);
    death = { promise, reject };
    deaths.set(client, death);
  }
  return death.promise;
}
