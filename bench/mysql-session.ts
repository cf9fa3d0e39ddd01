// The session settings dbgen's MySQL driver gives every connection
// (packages/runtime/src/dialects/mysql/driver.ts): the raw mysql2 side of the benches runs
// with the same ones, so both send the same SQL text (ANSI quotes) to the same session.
export const MYSQL_SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO," +
  "NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION,ANSI_QUOTES,PIPES_AS_CONCAT'";
