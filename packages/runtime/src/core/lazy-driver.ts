/**
 * A driver adapter whose driver package is imported on first use: what a dialect's
 * `createDriver` returns, so that creating an engine loads nothing and importing
 * @dbgen/runtime never loads a database driver (a PostgreSQL-only app must not need a
 * built `sqlite3`).
 */
import { createRequire } from 'node:module';
import type { SqlDialect } from './dialect.js';
import type { Driver, DriverConnection, ResultShape, RunCallback } from './driver.js';
import { ConfigError, type DbgenError } from './errors.js';

const requireHere = createRequire(import.meta.url);

/**
 * Requires the CommonJS driver packages before the adapter's ES module imports them: a
 * package that throws while loading (a native build that is missing) then fails here,
 * catchably. Node 20 also reports such an error, when an ES module's static import meets
 * it, as an unhandled rejection that ends the process, whatever the importer catches.
 */
function preload(packages: readonly string[]): void {
  for (const name of packages) {
    try {
      requireHere(name);
    } catch (error) {
      // An ES-only package cannot be required; its adapter's import loads it.
      if ((error as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw error;
    }
  }
}

/**
 * Wraps `load` (which imports the driver package and builds the real adapter) as a
 * Driver, after requiring `driverPackages`: `acquire` and `run` wait for the one load;
 * `dialect` is known before it, and is the loaded adapter's once there is one (a driver
 * that learns the server's flavour, MySQL or MariaDB, switches its compiler hooks).
 *
 * `options.settles`: the adapter has `settle` (see Driver.settle), so until it is loaded
 * the engine waits for the load and then for the adapter's own `settle`.
 */
export function lazyDriver(
  dialect: SqlDialect & { readonly driverPackages: readonly string[] },
  load: () => Promise<Driver>,
  options: { readonly settles?: boolean } = {},
): Driver {
  let loaded: Driver | undefined;
  let loading: Promise<Driver> | undefined;
  const ready = (): Promise<Driver> =>
    (loading ??= Promise.resolve()
      .then(() => preload(dialect.driverPackages))
      .then(load)
      .then(
        (driver) => (loaded = driver),
        (error: unknown) => {
          loading = undefined; // a later attempt may succeed (e.g. after an install)
          throw new ConfigError(
            `could not load the ${dialect.name} driver: ${(error as Error).message}`,
            { cause: error },
          );
        },
      ));
  return {
    get dialect(): SqlDialect {
      return loaded?.dialect ?? dialect;
    },
    ...(options.settles
      ? {
          settle: (): Promise<void> | null =>
            loaded
              ? (loaded.settle?.() ?? null)
              : ready().then((driver) => driver.settle?.() ?? undefined),
        }
      : {}),
    acquire: async (): Promise<DriverConnection> => (loaded ?? (await ready())).acquire(),
    run(sql: string, parameters: readonly unknown[], shape: ResultShape, done: RunCallback) {
      // The hot path once loaded: straight through, no closure per statement.
      if (loaded?.run) loaded.run(sql, parameters, shape, done);
      else if (loaded) runAcquired(loaded, sql, parameters, shape, done);
      else
        ready().then(
          (driver) =>
            driver.run
              ? driver.run(sql, parameters, shape, done)
              : runAcquired(driver, sql, parameters, shape, done),
          (error: unknown) => done(error, undefined, false),
        );
    },
    mapError: (error: unknown, sql: string, parameters: readonly unknown[]): DbgenError =>
      (loaded as Driver).mapError(error, sql, parameters),
    isConnectionLost: (error: unknown): boolean => loaded?.isConnectionLost(error) ?? false,
    // The adapter's own test; without one, any error of a cancelled statement counts.
    isCancelled: (error: unknown): boolean => loaded?.isCancelled?.(error) ?? true,
    close: async (): Promise<void> => {
      // Never loaded: nothing to close. Loading: close what it makes.
      if (loading) await (await loading.catch(() => undefined))?.close();
    },
  };
}

/** The engine's acquire-run-release path, for an adapter without `run`. */
function runAcquired(
  driver: Driver,
  sql: string,
  parameters: readonly unknown[],
  shape: ResultShape,
  done: RunCallback,
): void {
  driver.acquire().then(
    (connection) =>
      connection.query(sql, parameters, shape).then(
        (result) => {
          connection.release(false);
          done(null, result, true);
        },
        (error: unknown) => {
          connection.release(driver.isConnectionLost(error));
          done(error, undefined, true);
        },
      ),
    (error: unknown) => done(error, undefined, false),
  );
}
