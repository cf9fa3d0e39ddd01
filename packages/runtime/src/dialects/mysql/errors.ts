/**
 * Maps mysql2 errors (MySQL/MariaDB error numbers) to the dbgen error hierarchy. Deadlock
 * (1213) and lock wait timeout (1205) become SerializationError, which the transaction
 * retry helper (`transaction(work, { retries })`) reruns.
 */
import { DbgenError, type DbgenErrorDetails } from '../../core/errors.js';
import { driverError, type DriverErrorKind } from '../../core/driver-errors.js';
import { noteHiddenMessage, valuesHidden } from '../../core/observe/hidden-values.js';
import { mysqlCauseWithoutValues, mysqlMessageWithoutValues } from './error-values.js';
import { UnreadableMysqlValue } from './unreadable.js';

interface MysqlError {
  code?: string;
  errno?: number;
  message?: string;
  sqlMessage?: string;
  fatal?: boolean;
}

const CONNECTION_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
]);

/**
 * Server error numbers that end the session (1927: connection killed, 2006/2013: gone;
 * 1154–1161: the server's network read or write failed or timed out, after which it
 * closes the connection; 1184: it aborted the connection).
 */
const CONNECTION_ERRNOS = new Set([
  1053, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161, 1184, 1927, 2006, 2013,
]);

/**
 * ER_NET_PACKET_TOO_LARGE: a statement longer than the server's max_allowed_packet. The
 * server answers and then closes the connection (mysql2 does not mark the error fatal),
 * so it must not go back to the pool, where the next statement failed with ECONNRESET;
 * the statement's error is still a QueryError (its text, not the network, is at fault).
 */
const PACKET_TOO_LARGE = 1153;

/** Whether `error` leaves its connection unusable (it is destroyed, never pooled). */
export function isMysqlConnectionLost(error: unknown): boolean {
  const e = error as MysqlError | null;
  if (!e || typeof e !== 'object') return false;
  if (e.fatal === true) return true;
  if (e.code !== undefined && CONNECTION_CODES.has(e.code)) return true;
  return e.errno !== undefined && (CONNECTION_ERRNOS.has(e.errno) || e.errno === PACKET_TOO_LARGE);
}

/**
 * The server's answer to a stopped statement: 1317 (interrupted, by KILL QUERY), 3024
 * (MySQL's max_execution_time), 1969 (MariaDB's max_statement_time).
 */
const CANCELLED_ERRNOS = new Set([1317, 1969, 3024]);

export function isMysqlCancelled(error: unknown): boolean {
  const errno = (error as MysqlError | null)?.errno;
  return errno !== undefined && CANCELLED_ERRNOS.has(errno);
}

/**
 * Whether a statement's error ended the session's whole transaction. InnoDB rolls back
 * the entire transaction of a deadlock's victim (1213); of a lock wait timeout (1205)
 * only the statement, unless the server runs with `innodb_rollback_on_timeout` (asked
 * through `rollbackOnTimeout`). Either way the session is then outside any transaction,
 * where later statements would autocommit and ROLLBACK TO SAVEPOINT fails (1305).
 */
export function mysqlEndsTransaction(
  error: unknown,
  rollbackOnTimeout: () => Promise<boolean>,
): boolean | Promise<boolean> {
  const errno = (error as MysqlError | null)?.errno;
  if (errno === 1213) return true;
  if (errno === 1205) return rollbackOnTimeout();
  return false;
}

/** Server error numbers of the errors with a class of their own. */
const KINDS = new Map<number, DriverErrorKind>([
  [1062, 'unique'], // ER_DUP_ENTRY
  [1586, 'unique'], // ER_DUP_ENTRY_WITH_KEY_NAME
  [1216, 'foreignKey'],
  [1217, 'foreignKey'],
  [1451, 'foreignKey'], // a row is still referenced
  [1452, 'foreignKey'], // the referenced row does not exist
  [1048, 'notNull'], // ER_BAD_NULL_ERROR
  [1364, 'notNull'], // ER_NO_DEFAULT_FOR_FIELD
  [3819, 'check'], // MySQL: ER_CHECK_CONSTRAINT_VIOLATED
  [4025, 'check'], // MariaDB: ER_CONSTRAINT_FAILED
  [1213, 'serialization'], // ER_LOCK_DEADLOCK
  [1205, 'serialization'], // ER_LOCK_WAIT_TIMEOUT
]);

/** `... for key 'users.email'` / `constraint `fk_x` fails` → the constraint name. */
function constraintOf(message: string): string | undefined {
  const key = /for key '(?:[^'.]*\.)?([^']+)'/.exec(message);
  if (key) return key[1];
  const constraint = /CONSTRAINT [`"]([^`"]+)[`"]/.exec(message);
  if (constraint) return constraint[1];
  const check = /[Cc]heck constraint '([^']+)'/.exec(message);
  return check?.[1];
}

/**
 * The table a failed statement wrote to: from the message (`\`db\`.\`table\``, as
 * foreign-key and check errors name it), else the statement's own target (duplicate-key
 * and not-null messages do not name the table).
 */
function tableOf(message: string, sql: string): string | undefined {
  const named = /`[^`]+`\.`([^`]+)`/.exec(message);
  if (named) return named[1];
  const target =
    /^\s*(?:insert\s+(?:ignore\s+)?into|replace\s+into|update(?:\s+ignore)?|delete\s+from)\s+(?:`((?:[^`]|``)+)`|"((?:[^"]|"")+)"|([\w$.]+))/i.exec(
      sql,
    );
  if (!target) return undefined;
  return target[1]?.replace(/``/g, '`') ?? target[2]?.replace(/""/g, '"') ?? target[3];
}

/** `Column 'x' cannot be null` / `Field 'x' doesn't have a default value` → x. */
function columnOf(message: string): string | undefined {
  return /(?:Column|Field) '([^']+)'/.exec(message)?.[1];
}

export function mapMysqlError(
  error: unknown,
  sql: string,
  parameters: readonly unknown[],
): DbgenError {
  if (error instanceof DbgenError) return error;
  if (error instanceof UnreadableMysqlValue) {
    // A zero date read back (unreadable.ts): named by its column, as PostgreSQL's
    // infinity is; the connection is fine.
    const details: DbgenErrorDetails = { sql, parameters, cause: error };
    if (error.column !== undefined) details.column = error.column;
    const where = error.column !== undefined ? ` (column "${error.column}")` : '';
    return driverError('query', `${error.message}${where}`, details);
  }
  const e = (error ?? {}) as MysqlError;
  const shown = e.sqlMessage ?? e.message ?? String(error);
  // The server quotes values in its messages and mysql2's error carries the statement with
  // its values written in (`sql`): without values shown (`echo: { values: true }`), both
  // are rewritten (the cause is a copy; names of keys, columns and tables stay).
  const hiddenServerMessage = mysqlMessageWithoutValues(shown, parameters.length > 0);
  const hidden = valuesHidden(parameters);
  const message = hidden ? hiddenServerMessage : shown;
  const cause = hidden ? mysqlCauseWithoutValues(error, sql, hiddenServerMessage) : error;
  const details: DbgenErrorDetails = { sql, parameters, cause };
  if (e.code) details.driverCode = e.errno !== undefined ? `${e.code} (${e.errno})` : e.code;
  const constraint = constraintOf(hiddenServerMessage);
  if (constraint) details.constraint = constraint;
  const table = tableOf(hiddenServerMessage, sql);
  if (table) details.table = table;
  const column = columnOf(hiddenServerMessage);
  if (column) details.column = column;
  const { kind, text } = mysqlErrorKind(error, e.errno);
  const mapped = driverError(kind, text(message), details);
  noteHiddenMessage(mapped, text(hiddenServerMessage));
  return mapped;
}

/** The kind of a mysql2 error, and its message as the dbgen error words it. */
function mysqlErrorKind(
  error: unknown,
  errno: number | undefined,
): { kind: DriverErrorKind; text: (message: string) => string } {
  if (errno === PACKET_TOO_LARGE) {
    return {
      kind: 'query',
      text: (message) =>
        `${message}: the statement with its values is larger than the server's ` +
        `max_allowed_packet; split it (fewer rows per insert, a large value written on ` +
        `its own) or raise max_allowed_packet on the server (SET GLOBAL max_allowed_packet, ` +
        `or the server's configuration)`,
    };
  }
  if (isMysqlConnectionLost(error))
    return { kind: 'connection', text: (message) => `connection lost: ${message}` };
  return {
    kind: (errno !== undefined && KINDS.get(errno)) || 'query',
    text: (message) => message,
  };
}
