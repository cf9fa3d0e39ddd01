/** Reading a database URL into a driver choice. */
import { ConfigError } from './errors.js';

export type ParsedUrl =
  | { readonly dialect: 'postgres'; readonly url: string }
  | { readonly dialect: 'mysql'; readonly url: string }
  | { readonly dialect: 'sqlite'; readonly filename: string };

const ACCEPTED =
  'postgres://user:password@host:port/database, postgresql://..., mysql://user:password@host:port/database, mariadb://..., sqlite:<path> (e.g. sqlite:./app.db), sqlite:///absolute/path or sqlite::memory:';

/** Hides the password of a URL for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
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
  if (/^(mysql|mariadb):\/\//i.test(trimmed)) {
    if (!URL.canParse(trimmed)) {
      throw new ConfigError(
        `invalid MySQL/MariaDB URL "${redactUrl(trimmed)}"; accepted forms: ${ACCEPTED}`,
      );
    }
    return { dialect: 'mysql', url: trimmed };
  }
  const sqlite = /^sqlite3?:(.*)$/i.exec(trimmed);
  if (sqlite) {
    let rest = sqlite[1] as string;
    if (rest.startsWith('//')) rest = rest.slice(2); // sqlite://./x or sqlite:///abs
    if (rest === '' || rest === '/') {
      throw new ConfigError(`SQLite URL "${trimmed}" names no file; accepted forms: ${ACCEPTED}`);
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
