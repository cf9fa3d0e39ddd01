/**
 * The session settings an offline (`--sql`) script starts with, per dialect. dbgen's own
 * MySQL/MariaDB sessions run with ANSI_QUOTES and PIPES_AS_CONCAT (dialects/mysql/driver.ts
 * SESSION_SETUP), and the SQL migrations hold relies on them: the history table's
 * statements and an `op.sql` text quote names with `"`, and an expression (default,
 * check, generated column) with `a || b` means concatenation there but OR in the mysql
 * client's default mode, a silently different value. So the script sets the same mode
 * (and the UTC time zone) first, and runs in the client as it would through dbgen.
 *
 * A copy of driver.ts's statement, not an import: driver.ts is loaded lazily, on the first
 * connection (tests/migrate/offline-sql-client.test.ts keeps the two equal).
 */
export const MYSQL_SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO," +
  "NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION,ANSI_QUOTES,PIPES_AS_CONCAT'" +
  " /*M!100401 ',TIME_ROUND_FRACTIONAL' */";

/** The lines an offline script of `dialect` starts with (none where the defaults serve). */
export function offlineSessionLines(dialect: string): string[] {
  return dialect === 'mysql'
    ? [
        "-- dbgen's session settings: names in double quotes, || concatenates, UTC",
        `${MYSQL_SESSION_SETUP};`,
        '',
      ]
    : [];
}
