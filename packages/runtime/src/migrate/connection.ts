/**
 * The one database connection migrations run on, borrowed from the Core's engine
 * (`createEngine(url).connect()`). Migrations need a single session (for PostgreSQL's
 * session advisory lock, and for SQLite's per-connection PRAGMAs), not a pool, and they
 * run their own transaction statements (`BEGIN IMMEDIATE` on SQLite is the cross-process
 * lock), so statements go through as raw SQL.
 */
import { isAbsolute, resolve } from 'node:path';
import { createEngine, type Engine } from '../core/engine.js';
import type { Connection } from '../core/connection.js';
import { sql, type RawSql } from '../core/raw.js';
import { redactUrl } from '../core/url.js';
import type { DialectName } from './render.js';

export type Row = Record<string, unknown>;

export interface MigrationConnection {
  readonly dialect: DialectName;
  /** Runs one statement with bound `params` and returns its rows (none for DDL). */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** A database URL this module does not understand (its password, if any, is not shown). */
export class DatabaseUrlError extends Error {
  constructor(url: string, problem = 'unsupported database URL') {
    super(
      `${problem} "${redactUrl(url)}": use postgres://user@host:port/db, mysql://user@host:port/db, sqlite:./file.db or sqlite::memory:`,
    );
    this.name = 'DatabaseUrlError';
  }
}

/** The dialect a URL speaks; a PostgreSQL URL must also parse as a URL. */
export function dialectOfUrl(url: string): DialectName {
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (!URL.canParse(url)) throw new DatabaseUrlError(url, 'invalid PostgreSQL URL');
    return 'postgres';
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    if (!URL.canParse(url)) throw new DatabaseUrlError(url, 'invalid MySQL URL');
    return 'mysql';
  }
  if (url.startsWith('sqlite:') || url.startsWith('file:')) return 'sqlite';
  throw new DatabaseUrlError(url);
}

/** The SQLite file a `sqlite:` URL names, resolved against `cwd`. */
export function sqlitePath(url: string, cwd: string): string {
  let path = url.replace(/^(sqlite|file):/, '');
  if (path.startsWith('//')) path = path.slice(2);
  if (path === ':memory:') return ':memory:';
  // `sqlite:` alone would be a throw-away in-memory database: migrating it is a mistake.
  if (path === '' || path === '/') throw new DatabaseUrlError(url, 'SQLite URL names no file');
  return isAbsolute(path) ? path : resolve(cwd, path);
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
    query: async (text, params = []) =>
      (await connection.execute(bound(text, params))).rows as Row[],
    close: async () => {
      await connection.release();
      await engine.close();
    },
  };
}

/** Opens one connection to `url` (relative SQLite paths resolve against `cwd`). */
export async function connectForMigrations(
  url: string,
  cwd: string = process.cwd(),
): Promise<MigrationConnection> {
  const dialect = dialectOfUrl(url);
  const engineUrl = dialect === 'sqlite' ? `sqlite:${sqlitePath(url, cwd)}` : url;
  // One connection; a runner waiting for another's SQLite write lock waits, not fails.
  const engine = createEngine({
    url: engineUrl,
    poolSize: 1,
    busyTimeoutMs: 60_000,
    acquireTimeoutMs: 60_000,
  });
  try {
    return wrap(dialect, engine, await engine.connect());
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
}

/** What the dialects' introspectors take. */
export interface IntrospectOptions {
  /** Tables left out (by name, any schema): dbgen's own history table, say. */
  readonly exclude?: readonly string[];
}
