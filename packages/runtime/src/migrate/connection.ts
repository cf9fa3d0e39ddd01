/**
 * The one database connection migrations run on, borrowed from the Core's engine
 * (`createEngine(url).connect()`). Migrations need a single session (for PostgreSQL's
 * session advisory lock, and for SQLite's per-connection PRAGMAs), not a pool, and they
 * run their own transaction statements (`BEGIN IMMEDIATE` on SQLite is the cross-process
 * lock), so statements go through as raw SQL.
 */
import { existsSync } from 'node:fs';
import { createEngine } from '../core/create-engine.js';
import type { Engine } from '../core/engine.js';
import type { Connection, Executor } from '../core/connection.js';
import type { SqlRow as Row, SqlSession } from '../core/dialect-contract.js';
import { dialectForUrl } from '../core/dialect-lookup.js';
import { sql, type RawSql } from '../core/raw.js';
import { redactUrl } from '../core/url.js';
import type { DialectName } from '../schema/render.js';

export type { IntrospectOptions, SqlRow as Row } from '../core/dialect-contract.js';
export { DatabaseUrlError } from '../core/url.js';

export interface MigrationConnection extends SqlSession {
  /** The name of the connection's dialect (see `dialectNamed`). */
  readonly dialect: DialectName;
  /**
   * The same connection as a Core executor, for data migration steps (`op.data`,
   * `op.batch`) to run typed statements in the migration's transactions. Optional: a
   * hand-made connection without it cannot run data steps.
   */
  readonly executor?: Executor;
  close(): Promise<void>;
}

/**
 * A SQLite URL names a file that does not exist, for a command that only reads: opening
 * it would create an empty database (and hide the typo in the URL).
 */
export class DatabaseNotFoundError extends Error {
  constructor(
    url: string,
    readonly path: string,
  ) {
    super(
      `SQLite database not found: ${path} (from "${redactUrl(url)}"); this command only reads, so it does not create one`,
    );
    this.name = 'DatabaseNotFoundError';
  }
}

/** The name of the dialect a URL speaks; a URL no dialect serves is a DatabaseUrlError. */
export function dialectOfUrl(url: string): DialectName {
  const dialect = dialectForUrl(url);
  dialect.parseUrl(url);
  return dialect.name;
}

/** `text` with `$1` / `?` placeholders bound to `params`, as a Core raw statement. */
function bound(text: string, params: readonly unknown[]): RawSql {
  if (params.length === 0) return sql.raw(text);
  const parts = text.split(/\$\d+|\?/);
  const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
  return sql(strings, ...params);
}

function wrap(dialect: DialectName, engine: Engine, connection: Connection): MigrationConnection {
  return {
    dialect,
    executor: connection,
    query: async (text, params = []) =>
      (await connection.execute(bound(text, params))).rows as Row[],
    close: async () => {
      await connection.release();
      await engine.close();
    },
  };
}

export interface ConnectForMigrationsOptions {
  /**
   * Fail with {@link DatabaseNotFoundError} instead of creating a SQLite file that does
   * not exist (for read-only commands: status, history, pull).
   */
  readonly mustExist?: boolean;
}

/** Opens one connection to `url` (relative SQLite paths resolve against `cwd`). */
export async function connectForMigrations(
  url: string,
  cwd: string = process.cwd(),
  options: ConnectForMigrationsOptions = {},
): Promise<MigrationConnection> {
  const dialect = dialectForUrl(url);
  dialect.parseUrl(url); // a bad URL fails here, before anything opens
  const file = dialect.databaseFile?.(url, cwd) ?? null;
  if (options.mustExist && file !== null && !existsSync(file)) {
    throw new DatabaseNotFoundError(url, file);
  }
  const engineUrl = dialect.resolveUrl?.(url, cwd) ?? url;
  // One connection; a runner waiting for another's SQLite write lock waits, not fails.
  const engine = createEngine({
    url: engineUrl,
    dialect,
    poolSize: 1,
    busyTimeoutMs: 60_000,
    acquireTimeoutMs: 60_000,
  });
  try {
    return wrap(dialect.name, engine, await engine.connect());
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
}
