/**
 * Readiness of an app instance against the migrations it ships: is the database at the
 * newest migration? An instance that starts while another instance (or a deploy step)
 * is still migrating either refuses to start or waits for it, as configured. Reads the
 * history only (committed state; a migration running in its transaction is not seen until
 * it commits), takes no lock, changes nothing.
 */
import { connectForMigrations, type MigrationConnection } from './connection.js';
import type { MigrationFile } from './files.js';
import { loadMigrations } from './load.js';
import { migrationStatus, type MigrationStatus } from './status.js';
import { migrationLabel } from './targets.js';

/** The database is behind the migrations (still pending after the wait, when waiting). */
export class MigrationsPendingError extends Error {
  constructor(
    readonly pending: readonly MigrationFile[],
    waitedMs: number,
  ) {
    super(
      `the database is not at the newest migration: ${pending.length} pending (${pending
        .map(migrationLabel)
        .join(', ')})${waitedMs > 0 ? `, still after waiting ${waitedMs} ms` : ''}; ` +
        'run `dbgen migrate up`, or wait for the run in progress',
    );
    this.name = 'MigrationsPendingError';
  }
}

export interface ReadinessOptions {
  /** Wait up to this long (ms) for pending migrations to be applied; 0 (default): refuse at once. */
  readonly waitMs?: number;
  /** How often the history is read while waiting (ms, default 500). */
  readonly intervalMs?: number;
}

/**
 * Resolves with the status once every migration is applied; otherwise waits up to
 * `waitMs`, then fails with MigrationsPendingError. A history that names a migration the
 * files do not have (the database is ahead of this instance) fails at once.
 */
export async function awaitHead(
  connection: MigrationConnection,
  migrations: readonly MigrationFile[],
  options: ReadinessOptions = {},
): Promise<MigrationStatus> {
  const waitMs = options.waitMs ?? 0;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const status = await migrationStatus(connection, migrations);
    if (status.pending.length === 0) return status;
    if (Date.now() >= deadline) throw new MigrationsPendingError(status.pending, waitMs);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(options.intervalMs ?? 500, Math.max(0, deadline - Date.now()))),
    );
  }
}

/**
 * For an app's start-up: `await awaitMigrations(process.env.DATABASE_URL, { migrationsDir:
 * './migrations', waitMs: 60_000 })` starts once the database is at the newest migration
 * of `migrationsDir`, and fails with MigrationsPendingError otherwise.
 */
export async function awaitMigrations(
  url: string,
  options: ReadinessOptions & { readonly migrationsDir: string },
): Promise<MigrationStatus> {
  const migrations = await loadMigrations(options.migrationsDir);
  const connection = await connectForMigrations(url, process.cwd(), { mustExist: true });
  try {
    return await awaitHead(connection, migrations, options);
  } finally {
    await connection.close();
  }
}
