/**
 * The lines an offline (`--sql`) script starts with: the dialect's `sessionSetup`, the
 * statement its driver runs first on every session. dbgen's own MySQL/MariaDB sessions run
 * with ANSI_QUOTES and PIPES_AS_CONCAT (dialects/mysql/session-setup.ts), and the SQL
 * migrations hold relies on them: the history table's statements and an `op.sql` text
 * quote names with `"`, and an expression (default, check, generated column) with
 * `a || b` means concatenation there but OR in the mysql client's default mode, a
 * silently different value. So the script sets the same mode (and the UTC time zone)
 * first, and runs in the client as it would through dbgen.
 */
import type { Dialect } from '../core/dialect-contract.js';

/** The lines an offline script for `dialect` starts with (none where the defaults serve). */
export function offlineSessionLines(dialect: Pick<Dialect, 'sessionSetup'>): string[] {
  const setup = dialect.sessionSetup;
  return setup === undefined
    ? []
    : [
        "-- dbgen's session settings (names in double quotes, || concatenates, UTC)",
        `${setup};`,
        '',
      ];
}
