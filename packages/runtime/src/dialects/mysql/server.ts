/**
 * What a MySQL-family server accepts in DDL, decided from its `VERSION()` text by pure
 * functions (no connection here, so both flavours are unit-tested without a MySQL 8
 * server). The DDL renderer refuses, before any statement runs, what the server lacks:
 * MariaDB has no functional indexes, MySQL cannot key a TEXT column whole, and so on.
 */

/** MariaDB or MySQL proper. */
export type MysqlFlavour = 'mariadb' | 'mysql';

/** A server as `SELECT VERSION()` describes it. */
export interface MysqlServer {
  readonly flavour: MysqlFlavour;
  /** `[major, minor, patch]`. */
  readonly version: readonly [number, number, number];
}

/**
 * The DDL features that differ between the servers the dialect serves (MySQL 8,
 * MariaDB 10.11+). What neither has (partial indexes, INCLUDE, GIN, ...) is not here:
 * the renderer always refuses it.
 */
export interface MysqlFeatures {
  /** Names the server (or servers) in refusals: `MariaDB 10.11.19`. */
  readonly server: string;
  /** Index key parts that are expressions, `((lower(email)))`: MySQL 8.0.13+. */
  readonly expressionIndexes: boolean;
  /**
   * UNIQUE over a whole TEXT/BLOB column: MariaDB 10.4+ keeps a hidden hash of the value;
   * MySQL needs a prefix length, which would make uniqueness hold for the prefix only.
   */
  readonly wholeValueUniqueKeys: boolean;
  /** An index over a JSON column (by a 255-character prefix): MariaDB, where JSON is text. */
  readonly jsonIndexes: boolean;
  /** CHECK constraints enforced: MySQL 8.0.16+ (earlier ones parse and ignore them). */
  readonly checkConstraints: boolean;
  /** `DROP CONSTRAINT` for a check: MariaDB, MySQL 8.0.19+ (8.0.16+ has `DROP CHECK`). */
  readonly dropCheck: 'CONSTRAINT' | 'CHECK';
  /**
   * The tables' binary collation, one that does not pad (`'a' <> 'a '`, as on PostgreSQL
   * and SQLite): MariaDB's `utf8mb4_nopad_bin`, MySQL 8.0.17+'s `utf8mb4_0900_bin`. Older
   * MySQL has none: `utf8mb4_bin`, which pads. Null without a server: each server's name
   * in its own executable comment (see ddl.ts).
   */
  readonly collation: string | null;
}

/** MariaDB's binary collation without PAD SPACE (10.2.2+). */
export const MARIADB_NOPAD_BIN = 'utf8mb4_nopad_bin';
/** MySQL's (8.0.17+). */
export const MYSQL_NOPAD_BIN = 'utf8mb4_0900_bin';

/**
 * Reads `VERSION()`: `10.11.19-MariaDB-0+deb12u1`, `8.0.36`, or the `5.5.5-10.6.4-MariaDB`
 * a MariaDB behind an old proxy reports (the real version follows the 5.5.5 prefix).
 * Text without a version reads as 0.0.0, which no version-dependent feature accepts.
 */
export function mysqlServerOf(versionText: string): MysqlServer {
  const flavour: MysqlFlavour = /mariadb/i.test(versionText) ? 'mariadb' : 'mysql';
  const text = flavour === 'mariadb' ? versionText.replace(/^5\.5\.5-/, '') : versionText;
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  const version: [number, number, number] = match
    ? [Number(match[1]), Number(match[2]), Number(match[3])]
    : [0, 0, 0];
  return { flavour, version };
}

function atLeast(server: MysqlServer, major: number, minor: number, patch: number): boolean {
  const [a, b, c] = server.version;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/** What `server` accepts. */
export function mysqlFeatures(server: MysqlServer): MysqlFeatures {
  const name = `${server.flavour === 'mariadb' ? 'MariaDB' : 'MySQL'} ${server.version.join('.')}`;
  if (server.flavour === 'mariadb') {
    return {
      server: name,
      expressionIndexes: false,
      wholeValueUniqueKeys: atLeast(server, 10, 4, 0),
      jsonIndexes: true,
      checkConstraints: atLeast(server, 10, 2, 1),
      dropCheck: 'CONSTRAINT',
      collation: atLeast(server, 10, 2, 2) ? MARIADB_NOPAD_BIN : 'utf8mb4_bin',
    };
  }
  return {
    server: name,
    expressionIndexes: atLeast(server, 8, 0, 13),
    wholeValueUniqueKeys: false,
    jsonIndexes: false,
    checkConstraints: atLeast(server, 8, 0, 16),
    dropCheck: atLeast(server, 8, 0, 19) ? 'CONSTRAINT' : 'CHECK',
    collation: atLeast(server, 8, 0, 17) ? MYSQL_NOPAD_BIN : 'utf8mb4_bin',
  };
}

/**
 * Without a server to ask (`dbgen sql --dialect mysql`, `migrate up --sql`): what both
 * MariaDB 10.11 and MySQL 8.0.19+ accept, so the SQL printed runs on either.
 */
export const PORTABLE_MYSQL_FEATURES: MysqlFeatures = Object.freeze({
  server: 'mysql (MariaDB or MySQL 8)',
  expressionIndexes: false,
  wholeValueUniqueKeys: false,
  jsonIndexes: false,
  checkConstraints: true,
  dropCheck: 'CONSTRAINT',
  collation: null,
});
