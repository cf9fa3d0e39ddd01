/**
 * Test support: an engine that reaches a test's PostgreSQL or MariaDB database through a
 * {@link SeveringProxy} (which can sever or silence the network), beside the direct one.
 */
import { createEngine, sql, type Engine, type EngineOptions } from '@dbgen/runtime';
import { MYSQL_SERVER_URL, PG_SERVER_URL } from './databases.js';
import { SeveringProxy } from './severing-proxy.js';

export interface ProxiedEngine {
  readonly engine: Engine;
  readonly proxy: SeveringProxy;
  /** Closes the engine, then the proxy. */
  close(): Promise<void>;
}

/** An engine with `options` on `direct`'s database, through a new proxy. */
export async function proxiedEngine(
  dialect: 'postgres' | 'mysql',
  direct: Engine,
  options: Omit<EngineOptions, 'url'>,
): Promise<ProxiedEngine> {
  const database = (
    await direct.execute(
      dialect === 'postgres'
        ? sql<{ db: string }>`select current_database() as db`
        : sql<{ db: string }>`select database() as db`,
    )
  ).rows[0]!.db;
  const server = new URL(dialect === 'postgres' ? PG_SERVER_URL : MYSQL_SERVER_URL);
  const proxy = new SeveringProxy(
    server.hostname,
    Number(server.port || (dialect === 'postgres' ? 5432 : 3306)),
  );
  const through = new URL(server);
  through.port = String(await proxy.start());
  through.pathname = `/${database}`;
  const engine = createEngine({ ...options, url: through.toString() });
  return {
    engine,
    proxy,
    close: async () => {
      await engine.close();
      await proxy.close();
    },
  };
}
