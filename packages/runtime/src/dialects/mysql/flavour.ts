/**
 * The `flavour` URL parameter: `mysql://.../db?flavour=mysql` (or `mariadb`) fixes the SQL
 * flavour instead of reading it from the server's VERSION(). For servers that report their
 * version wrongly (proxies, forks), and to run the MySQL 8 paths (no RETURNING: keys from
 * the insert id) on a MariaDB server, as dbgen's own tests do.
 */
import type { SqlDialect } from '../../core/dialect.js';
import { DatabaseUrlError } from '../../core/url.js';
import { mariadbDialect, mysqlDialect } from './dialect.js';

const FLAVOURS: ReadonlyMap<string, SqlDialect> = new Map([
  ['mysql', mysqlDialect],
  ['mariadb', mariadbDialect],
]);

/** The flavour `url` asks for, null when it names none; a bad value is a DatabaseUrlError. */
export function urlFlavour(url: string): SqlDialect | null {
  const asked = new URL(url).searchParams.get('flavour');
  if (asked === null) return null;
  const flavour = FLAVOURS.get(asked);
  if (flavour === undefined)
    throw new DatabaseUrlError(url, `flavour must be "mysql" or "mariadb", not "${asked}", in`);
  return flavour;
}
