/** Database URLs in messages. Reading a URL is its dialect's `parseUrl` (see dialect-lookup.ts). */
import { ConfigError } from './errors.js';

/** Hides the password of a URL for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

const URL_HELP = 'use postgres://user@host:port/db, sqlite:./file.db or sqlite::memory:';

/** A database URL no dialect can use (its password, if any, is not shown). */
export class DatabaseUrlError extends ConfigError {
  constructor(url: string, problem = 'unsupported database URL') {
    super(`${problem} "${redactUrl(url)}": ${URL_HELP}`);
  }
}
