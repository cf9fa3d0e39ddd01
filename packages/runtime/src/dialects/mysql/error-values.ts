/**
 * MySQL/MariaDB error messages and mysql2's error without the statement's values, for
 * when values are hidden (core/observe/hidden-values.ts). The server quotes values in
 * single quotes (`Duplicate entry '...' for key 'email'`, `Incorrect integer value: '...'
 * for column ...`), and mysql2 puts the statement with its values written in (it
 * interpolates them) on its error's `sql`.
 */
import { HIDDEN_VALUE } from '../../core/observe/hidden-values.js';

const HIDDEN = `'${HIDDEN_VALUE}'`;

/**
 * The places a message quotes a value; each runs to the last quote before the text that
 * follows it (a value may hold quotes of its own). Key, column and constraint names,
 * quoted too, are schema and stay.
 */
const VALUE_PLACES: readonly RegExp[] = [
  /(entry )'.*'( for key ')/s, // 1062, 1586: Duplicate entry '...' for key 'k'
  /(value: )'.*'( for (?:column|function) |$)/s, // 1366, 1292, 1411, 1525: Incorrect ... value: '...'
  /(Illegal .* )'.*'( value found)/s, // 1367
  /(character string: )'.*'($)/s, // 1300
  /(illegal value )'.*'( when converting)/s, // 1918
  /(out of range in )'.*'($)/s, // 1690: the expression, with its values written in
];

/**
 * `message` without the values it quotes. `withValues`: whether the statement had
 * parameters, whose values mysql2 wrote into the SQL the server saw, so that a syntax
 * error's `near '...'` may quote them (without parameters it quotes the statement's own
 * text, which the error's `sql` shows anyway).
 */
export function mysqlMessageWithoutValues(message: string, withValues: boolean): string {
  let hidden = message;
  for (const place of VALUE_PLACES) hidden = hidden.replace(place, `$1${HIDDEN}$2`);
  if (withValues) hidden = hidden.replace(/(near )'.*'( at line \d+)$/s, `$1${HIDDEN}$2`);
  return hidden;
}

interface Mysql2Error extends Error {
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  fatal?: boolean;
  sql?: string;
}

/**
 * A copy of mysql2's `error` that carries no values: its message rewritten, `sql` the
 * statement with placeholders. What tells errors apart (code, errno, sqlState, fatal)
 * is kept, as the connection's handling reads them from the cause.
 */
export function mysqlCauseWithoutValues(error: unknown, sql: string, message: string): unknown {
  if (!(error instanceof Error)) return error;
  const original = error as Mysql2Error;
  const shown = original.sqlMessage ?? original.message;
  const copy = new Error(message) as Mysql2Error;
  copy.name = original.name;
  for (const key of ['code', 'errno', 'sqlState', 'fatal'] as const)
    if (original[key] !== undefined) Object.assign(copy, { [key]: original[key] });
  if (original.sqlMessage !== undefined) copy.sqlMessage = message;
  if (original.sql !== undefined) copy.sql = sql;
  // The stack's first line is the message; a stack worded otherwise is cut to it.
  const stack = original.stack?.replace(shown, message);
  copy.stack =
    stack === undefined || (shown !== message && stack.includes(shown))
      ? `${copy.name}: ${message}`
      : stack;
  return copy;
}
