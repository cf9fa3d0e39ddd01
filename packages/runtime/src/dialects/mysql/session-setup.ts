/**
 * The session settings of every connection (driver.ts), and what an offline `--sql`
 * script starts with (the dialect's `sessionSetup`). STRICT_ALL_TABLES: an out-of-range or
 * truncated value is an error, never silently changed data. NO_AUTO_VALUE_ON_ZERO: a key
 * of 0 given for an AUTO_INCREMENT column is stored as 0, as on the other databases
 * (MySQL took 0 as "generate one": `dbgen seed` of a record with id 0 stored the next id);
 * NULL, or leaving the column out, still generates one. NO_BACKSLASH_ESCAPES must stay
 * off: mysql2 escapes bound values with backslashes.
 *
 * TIME_ROUND_FRACTIONAL (MariaDB 10.4.1+): fractional seconds past a column's precision
 * are rounded, as PostgreSQL and MySQL 8 do (MariaDB truncated: 23:59:59.999 into a
 * TIMESTAMP(0) stored 23:59:59, PostgreSQL the next day's 00:00:00). MySQL 8 has no such
 * mode and would refuse it: it is in a MariaDB-only executable comment, a string literal
 * that MariaDB appends to the one before it (adjacent literals concatenate), so one
 * statement serves both servers before VERSION() has told them apart.
 */
export const SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO," +
  'NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION,ANSI_QUOTES,PIPES_AS_CONCAT,' +
  "NO_AUTO_VALUE_ON_ZERO'" +
  " /*M!100401 ',TIME_ROUND_FRACTIONAL' */";
