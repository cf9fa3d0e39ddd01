/**
 * Making an engine from a URL or options: the options checked, the dialect found, its
 * driver made (wrapped for a transaction-pooling proxy), and read replicas wired in.
 */
import { safeLogger } from './observe/safe-logger.js';
import type { DriverSettings } from './dialect-contract.js';
import { checkDriverPackages, dialectForUrl, registerDialect } from './dialect-lookup.js';
import type { Driver } from './driver.js';
import { Engine } from './engine.js';
import type { EngineOptions, EngineSettings } from './engine-options.js';
import { ConfigError } from './errors.js';
import { databaseTarget } from './observe/database-target.js';
import { transactionPooled } from './pooler/transaction-pooling.js';
import { createReadRouter, replicaUrls } from './routing/options.js';

/**
 * Creates an engine from a URL (`postgres://…`, `postgresql://…`, `sqlite:./app.db`,
 * `sqlite::memory:`) or options; with neither, from `DATABASE_URL`. The dialect's driver
 * package must be installed (else a DriverNotInstalledError names it); it is loaded on
 * the first connection, not here.
 */
export function createEngine(urlOrOptions?: string | EngineOptions): Engine {
  const options: EngineOptions =
    typeof urlOrOptions === 'string' ? { url: urlOrOptions } : (urlOrOptions ?? {});
  const url = (options.url ?? process.env['DATABASE_URL'])?.trim();
  if (url === undefined || url === '') {
    throw new ConfigError('no database URL: pass createEngine(url) or set DATABASE_URL');
  }
  if (options.dialect) registerDialect(options.dialect);
  const dialect = options.dialect ?? dialectForUrl(url);
  const target = dialect.parseUrl(url);
  // Checked whatever the dialect, so a bad option fails early and the same way everywhere.
  // Called from the pool's idle-error event, where a throw would end the process.
  const logger = safeLogger(options.logger ?? ((line: string) => console.error(line)));
  const settings: DriverSettings = {
    poolSize:
      options.poolSize === undefined ? undefined : positive(options.poolSize, 10, 'poolSize'),
    idleTimeoutMs: positive(options.idleTimeoutMs, 30_000, 'idleTimeoutMs'),
    acquireTimeoutMs: positive(options.acquireTimeoutMs, 10_000, 'acquireTimeoutMs'),
    busyTimeoutMs: positive(options.busyTimeoutMs, 5_000, 'busyTimeoutMs'),
    idleCheckMs:
      options.idleCheckMs === undefined
        ? undefined
        : positive(options.idleCheckMs, 0, 'idleCheckMs'),
    maxWaiting:
      options.maxWaiting === undefined ? undefined : positive(options.maxWaiting, 0, 'maxWaiting'),
    onIdleError: (error) => {
      if (options.echo) logger(`[dbgen] idle connection dropped: ${error.message}`);
    },
  };
  checkDriverPackages(dialect);
  const engineOptions: EngineSettings = {
    ...(options.echo !== undefined ? { echo: options.echo } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.statementTimeoutMs !== undefined
      ? { statementTimeoutMs: options.statementTimeoutMs }
      : {}),
    ...(options.slowStatementMs !== undefined ? { slowStatementMs: options.slowStatementMs } : {}),
    ...(options.tracing !== undefined ? { tracing: options.tracing } : {}),
    database: databaseTarget(url, target),
  };
  const urls = replicaUrls(options);
  if (options.pooler !== undefined && options.pooler !== 'transaction' && options.pooler !== 'none')
    throw new ConfigError(
      `engine option pooler must be 'transaction' or 'none', got ${String(options.pooler)}`,
    );
  const pooled = options.pooler === 'transaction';
  const makeDriver = (driverTarget: object): Driver => {
    const driver = dialect.createDriver(driverTarget, settings);
    return pooled ? transactionPooled(driver) : driver;
  };
  const driver = makeDriver(target);
  const engine = new Engine(driver, engineOptions);
  if (urls === null) return engine;
  if (dialect.replication === undefined)
    throw new ConfigError(
      `the ${dialect.name} dialect has no read replica support (engine option replicas)`,
    );
  const replicas = urls.map((replicaUrl) => {
    const replicaTarget = dialect.parseUrl(replicaUrl);
    // Its own address in its spans: a read served by a replica names that server.
    const database = databaseTarget(replicaUrl, replicaTarget);
    return {
      url: replicaUrl,
      engine: new Engine(makeDriver(replicaTarget), { ...engineOptions, database }),
    };
  });
  // The router's primary is a second, unrouted engine on the same driver (one pool).
  const primary = new Engine(driver, engineOptions);
  engine.useReplicas(createReadRouter(primary, replicas, dialect.replication, options), [
    primary,
    ...replicas.map((r) => r.engine),
  ]);
  return engine;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`engine option ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
