/**
 * A driver adapter whose driver package is imported on first use: what a dialect's
 * `createDriver` returns, so that creating an engine loads nothing and importing
 * @dbgen/runtime never loads a database driver (a PostgreSQL-only app must not need a
 * built `sqlite3`).
 */
import type { SqlDialect } from './dialect.js';
import type { Driver, DriverConnection, ResultShape, RunCallback } from './driver.js';
import { ConfigError, type DbgenError } from './errors.js';

/**
 * Wraps `load` (which imports the driver package and builds the real adapter) as a
 * Driver: `acquire` and `run` wait for the one load; `dialect` is known before it.
 */
export function lazyDriver(dialect: SqlDialect, load: () => Promise<Driver>): Driver {
  let loaded: Driver | undefined;
  let loading: Promise<Driver> | undefined;
  const ready = (): Promise<Driver> =>
    (loading ??= load().then(
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
    dialect,
    acquire: async (): Promise<DriverConnection> => (loaded ?? (await ready())).acquire(),
    run(sql: string, parameters: readonly unknown[], shape: ResultShape, done: RunCallback) {
      const run = (driver: Driver): void => {
        if (driver.run) {
          driver.run(sql, parameters, shape, done);
          return;
        }
        // The engine's acquire-run-release path, for an adapter without `run`.
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
      };
      if (loaded) run(loaded);
      else ready().then(run, (error: unknown) => done(error, undefined, false));
    },
    mapError: (error: unknown, sql: string, parameters: readonly unknown[]): DbgenError =>
      (loaded as Driver).mapError(error, sql, parameters),
    isConnectionLost: (error: unknown): boolean => loaded?.isConnectionLost(error) ?? false,
    close: async (): Promise<void> => {
      // Never loaded: nothing to close. Loading: close what it makes.
      if (loading) await (await loading.catch(() => undefined))?.close();
    },
  };
}
