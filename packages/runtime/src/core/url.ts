/** Database URLs in messages. Reading a URL is its dialect's `parseUrl` (see dialect-lookup.ts). */
import { ConfigError } from './errors.js';

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

const URL_HELP =
  'use postgres://user@host:port/db, mysql://user@host:port/db, sqlite:./file.db or sqlite::memory:';

/** A database URL no dialect can use (its password, if any, is not shown). */
export class DatabaseUrlError extends ConfigError {
  constructor(url: string, problem = 'unsupported database URL') {
    super(`${problem} "${redactUrl(url)}": ${URL_HELP}`);
  }
}
