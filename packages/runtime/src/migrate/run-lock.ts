/** The dialect's lock that keeps two migration runs (or a run and a stamp) from interleaving. */
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';

/** Runs `run` holding the dialect's run lock (runner.ts says which), released however it ends. */
export async function withRunLock<T>(
  connection: MigrationConnection,
  run: () => Promise<T>,
): Promise<T> {
  const release = await dialectNamed(connection.dialect).migrations.lock(connection);
  try {
    return await run();
  } finally {
    // A lost connection releases the lock by itself; never hide the run's own error.
    await release().catch(() => undefined);
  }
}
