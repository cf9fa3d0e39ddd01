/** Database URLs in messages. Reading a URL is its dialect's `parseUrl` (see dialect-lookup.ts). */
import { ConfigError } from './errors.js';

/**
 * Hides the password of a URL for messages and logs: `scheme://user:***@host/...` (up to
 * the last `@`, so a password with an unescaped `@` is hidden whole) and `password=***`
 * query parameters. Safe on any string (a SQLite path without credentials is unchanged).
 */
export function redactUrl(url: string): string {
  let shown = url;
  // After `scheme://`, or `scheme:` alone (`postgresql:user:pw@host/db`, a slip that
  // drivers read as something else, but whose password is still the user's).
  const scheme = /^[a-z][a-z0-9+.-]*:(?:\/\/)?/i.exec(shown);
  const start = scheme === null ? -1 : scheme[0].length;
  const at = shown.lastIndexOf('@');
  if (start !== -1 && at > start) {
    const userinfo = shown.slice(start, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1)
      shown = `${shown.slice(0, start)}${userinfo.slice(0, colon)}:***${shown.slice(at)}`;
  }
  return shown.replace(/([?&](?:password|pass|pwd|sslpassword)=)[^&#]*/gi, '$1***');
}

/**
 * Refuses a URL whose `parts` hold a bad percent-escape (`%zz`): the drivers decode them
 * with decodeURIComponent and fail at connect with a bare `URIError: URI malformed`.
 * Names the part, never its text.
 */
export function checkUrlEscapes(
  url: string,
  label: string,
  parts: readonly ('user name' | 'password' | 'database name')[],
): void {
  const parsed = new URL(url);
  const text = {
    'user name': parsed.username,
    password: parsed.password,
    'database name': parsed.pathname.replace(/^\//, ''),
  };
  for (const part of parts) {
    try {
      decodeURIComponent(text[part]);
    } catch {
      throw new DatabaseUrlError(
        url,
        `invalid ${label} URL: its ${part} has a bad percent-escape (write a % in it as %25)`,
      );
    }
  }
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
