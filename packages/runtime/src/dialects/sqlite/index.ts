/**
 * The SQLite dialect: one object implementing the dialect contract
 * (core/dialect-contract.ts) from this folder's parts. The native `sqlite3` package is
 * imported when an engine first connects, never by importing this module.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Dialect, SqlSession } from '../../core/dialect-contract.js';
import { lazyDriver } from '../../core/lazy-driver.js';
import { DatabaseUrlError, hasSqliteCredentials } from '../../core/url.js';
import { quoteIdent, splitKey } from '../../schema/render.js';
import { sqliteDdl, sqliteTableName, sqliteType } from './ddl.js';
import { sqliteDialect as sqliteSql } from './dialect.js';
import { introspectSqlite } from './introspect.js';
import { storedDefault } from './storage.js';

interface SqliteTarget {
  readonly filename: string;
}

/** The path part of a `sqlite:` / `sqlite3:` / `file:` URL (`//` before it is dropped). */
function pathOf(url: string): string {
  let rest = url.replace(/^(sqlite3?|file):/i, '');
  if (hasSqliteCredentials(rest)) {
    throw new DatabaseUrlError(url, 'SQLite URL with a user name and password (a file takes none)');
  }
  if (rest.startsWith('//')) rest = rest.slice(2); // sqlite://./x or sqlite:///abs
  // `sqlite:` alone would be a throw-away database: almost certainly a mistake.
  if (rest === '' || rest === '/') throw new DatabaseUrlError(url, 'SQLite URL names no file');
  return rest === ':memory:' ? ':memory:' : decodeURIComponent(rest);
}

/** SQLite checks foreign keys of a rebuilt table only when asked: ask before commit. */
async function brokenForeignKeys(session: SqlSession): Promise<string | null> {
  const problems = await session.query('PRAGMA foreign_key_check');
  if (problems.length === 0) return null;
  const first = problems[0] ?? {};
  return `leaves ${problems.length} row(s) breaking foreign keys (first: table ${String(first['table'])}, rowid ${String(first['rowid'])} → ${String(first['parent'])})`;
}

async function tableExists(session: SqlSession, name: string): Promise<boolean> {
  const rows = await session.query(
    `SELECT 1 AS "present" FROM sqlite_master WHERE type = 'table' AND name = ?`,
    [name],
  );
  return rows.length > 0;
}

export const sqliteDialect: Dialect<SqliteTarget> = Object.freeze<Dialect<SqliteTarget>>({
  ...sqliteSql,
  schemes: ['sqlite', 'sqlite3', 'file'],
  driverPackages: ['sqlite3'],
  parseUrl: (url: string) => ({ filename: pathOf(url) }),
  databaseFile(url: string, cwd: string) {
    const path = pathOf(url);
    return path === ':memory:' ? null : resolve(cwd, path);
  },
  resolveUrl(url: string, cwd: string) {
    const path = pathOf(url);
    return path === ':memory:' || isAbsolute(path)
      ? `sqlite:${path}`
      : `sqlite:${resolve(cwd, path)}`;
  },
  createDriver: ({ filename }, settings) =>
    lazyDriver(sqliteDialect, async () => {
      const { SqliteDriver } = await import('./driver.js');
      return new SqliteDriver({
        filename,
        busyTimeoutMs: settings.busyTimeoutMs,
        acquireTimeoutMs: settings.acquireTimeoutMs,
        // Readers beside the one writer (the driver's default when poolSize is not given).
        ...(settings.poolSize !== undefined ? { readers: settings.poolSize } : {}),
      });
    }),
  ddl: sqliteDdl,
  columnType: sqliteType,
  storedDefault,
  stores: Object.freeze({
    notes: false,
    namedEnums: false,
    primaryKeyNames: false,
    indexMethods: false,
    checkExpressions: true,
    rowidKeys: true,
    castsInIndexExpressions: false,
  }),
  introspect: introspectSqlite,
  migrations: Object.freeze({
    // BEGIN IMMEDIATE takes the database's write lock, which works across processes.
    lock: () => Promise.resolve(() => Promise.resolve()),
    // A table rebuild drops and recreates tables: enforcement waits for the commit check.
    beforeTransaction: ['PRAGMA foreign_keys = OFF'],
    begin: 'BEGIN IMMEDIATE',
    checkBeforeCommit: brokenForeignKeys,
    afterTransaction: ['PRAGMA foreign_keys = ON'],
    appliedAtColumn: "text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    tableExists,
    tableReference: (key: string) => quoteIdent(sqliteTableName(...splitKey(key))),
  }),
});
