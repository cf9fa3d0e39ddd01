/** Reading a database URL into a driver choice. */
import { ConfigError } from './errors.js';

export type ParsedUrl =
  | { readonly dialect: 'postgres'; readonly url: string }
  | { readonly dialect: 'sqlite'; readonly filename: string };

const ACCEPTED =
  'postgres://user:password@host:port/database, postgresql://..., sqlite:<path> (e.g. sqlite:./app.db), sqlite:///absolute/path or sqlite::memory:';

/**
 * Hides the password of a URL for messages and logs: `scheme://user:***@host/...` (up to
 * the last `@`, so a password with an unescaped `@` is hidden whole) and `password=***`
 * query parameters. Safe on any string (a SQLite path without credentials is unchanged).
 */
export function redactUrl(url: string): string {
  let shown = url;
  const start = shown.indexOf('://');
  const at = shown.lastIndexOf('@');
  if (start !== -1 && at > start) {
    const userinfo = shown.slice(start + 3, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1)
      shown = `${shown.slice(0, start + 3)}${userinfo.slice(0, colon)}:***${shown.slice(at)}`;
  }
  return shown.replace(/([?&](?:password|pass|pwd|sslpassword)=)[^&#]*/gi, '$1***');
}

/** `sqlite://user:password@...`: credentials (or a host) that a SQLite file cannot take. */
export function hasSqliteCredentials(afterScheme: string): boolean {
  return /^\/\/[^/@:]*:[^/]*@/.test(afterScheme);
}

export function parseDatabaseUrl(url: string): ParsedUrl {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    try {
      new URL(trimmed);
    } catch {
      throw new ConfigError(
        `invalid PostgreSQL URL "${redactUrl(trimmed)}"; accepted forms: ${ACCEPTED}`,
      );
    }
    return { dialect: 'postgres', url: trimmed };
  }
  const sqlite = /^sqlite3?:(.*)$/i.exec(trimmed);
  if (sqlite) {
    let rest = sqlite[1] as string;
    if (hasSqliteCredentials(rest))
      throw new ConfigError(
        `SQLite URL "${redactUrl(trimmed)}" has a user name and password, which a SQLite file cannot use; accepted forms: ${ACCEPTED}`,
      );
    if (rest.startsWith('//')) rest = rest.slice(2); // sqlite://./x or sqlite:///abs
    if (rest === '' || rest === '/') {
      throw new ConfigError(
        `SQLite URL "${redactUrl(trimmed)}" names no file; accepted forms: ${ACCEPTED}`,
      );
    }
    return {
      dialect: 'sqlite',
      filename: rest === ':memory:' ? ':memory:' : decodeURIComponent(rest),
    };
  }
  throw new ConfigError(
    `unsupported database URL "${redactUrl(trimmed)}"; accepted forms: ${ACCEPTED}`,
  );
}
