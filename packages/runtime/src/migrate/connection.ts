/**
 * The one database connection migrations run on. Migrations need a single session (for
 * PostgreSQL's session advisory lock, and for SQLite's per-connection PRAGMAs), not a
 * pool, so this is a thin wrapper over one `pg.Client` or one `sqlite3.Database`.
 */
import { isAbsolute, resolve } from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { DialectName } from './render.js';

export type Row = Record<string, unknown>;

export interface MigrationConnection {
  readonly dialect: DialectName;
  /** Runs one statement with bound `params` and returns its rows (none for DDL). */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** A database URL this module does not understand. */
export class DatabaseUrlError extends Error {
  constructor(url: string) {
    super(
      `unsupported database URL "${url}": use postgres://user@host:port/db, sqlite:./file.db or sqlite::memory:`,
    );
    this.name = 'DatabaseUrlError';
  }
}

/** The dialect a URL speaks. */
export function dialectOfUrl(url: string): DialectName {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('sqlite:') || url.startsWith('file:')) return 'sqlite';
  throw new DatabaseUrlError(url);
}

/** The SQLite file a `sqlite:` URL names, resolved against `cwd`. */
export function sqlitePath(url: string, cwd: string): string {
  let path = url.replace(/^(sqlite|file):/, '');
  if (path.startsWith('//')) path = path.slice(2);
  if (path === ':memory:' || path === '') return ':memory:';
  return isAbsolute(path) ? path : resolve(cwd, path);
}

async function connectPostgres(url: string): Promise<MigrationConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Errors after connecting (the server going away) surface on the next query.
  client.on('error', () => {});
  return {
    dialect: 'postgres',
    query: async (sql, params = []) => (await client.query(sql, [...params])).rows as Row[],
    close: () => client.end(),
  };
}

async function connectSqlite(path: string): Promise<MigrationConnection> {
  const db = await new Promise<sqlite3.Database>((ok, fail) => {
    const opened: sqlite3.Database = new sqlite3.Database(path, (error) =>
      error ? fail(error) : ok(opened),
    );
  });
  // Another runner holding the write lock makes us wait, not fail.
  db.configure('busyTimeout', 60_000);
  const all = (sql: string, params: readonly unknown[]): Promise<Row[]> =>
    new Promise((ok, fail) =>
      db.all(sql, [...params], (error, rows) => (error ? fail(error) : ok(rows as Row[]))),
    );
  await all('PRAGMA foreign_keys = ON', []);
  return {
    dialect: 'sqlite',
    query: (sql, params = []) => all(sql, params),
    close: () => new Promise((ok, fail) => db.close((error) => (error ? fail(error) : ok()))),
  };
}

/** Opens one connection to `url` (relative SQLite paths resolve against `cwd`). */
export async function connectForMigrations(
  url: string,
  cwd: string = process.cwd(),
): Promise<MigrationConnection> {
  return dialectOfUrl(url) === 'postgres'
    ? connectPostgres(url)
    : connectSqlite(sqlitePath(url, cwd));
}
