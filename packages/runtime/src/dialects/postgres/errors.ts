/** Maps pg errors (SQLSTATE codes) to the dbgen error hierarchy. */
import { DbgenError, type DbgenErrorDetails } from '../../core/errors.js';
import { driverError, type DriverErrorKind } from '../../core/driver-errors.js';

interface PgError {
  code?: string;
  message?: string;
  table?: string;
  column?: string;
  constraint?: string;
  detail?: string;
}

const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'connection is closed',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
];

/** SQLSTATEs of the errors with a class of their own (57014 is told apart by its message). */
const KINDS = new Map<string, DriverErrorKind>([
  ['23505', 'unique'],
  ['23503', 'foreignKey'],
  ['23502', 'notNull'],
  ['23514', 'check'],
  ['40001', 'serialization'], // serialization_failure
  ['40P01', 'serialization'], // deadlock_detected
]);

/** 57014 query_canceled: a cancel request or the server's own statement_timeout. */
export function isPgCancelled(error: unknown): boolean {
  return (error as PgError | null)?.code === '57014';
}

export function isPgConnectionLost(error: unknown): boolean {
  const e = error as PgError | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')
    return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ENOTFOUND')
    return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

export function mapPgError(
  error: unknown,
  sql: string,
  parameters: readonly unknown[],
): DbgenError {
  if (error instanceof DbgenError) return error;
  const e = (error ?? {}) as PgError;
  const base = e.message ?? String(error);
  const details: DbgenErrorDetails = { sql, parameters, cause: error };
  if (e.code) details.driverCode = e.code;
  if (e.table) details.table = e.table;
  if (e.column) details.column = e.column;
  if (e.constraint) details.constraint = e.constraint;
  const where = [
    e.table ? `table "${e.table}"` : null,
    e.column ? `column "${e.column}"` : null,
    e.constraint ? `constraint "${e.constraint}"` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const message = `${base}${where ? ` (${where})` : ''}${e.detail ? `: ${e.detail}` : ''}`;
  if (isPgConnectionLost(error))
    return driverError('connection', `connection lost: ${message}`, details);
  if (e.code === '57014') {
    // The server's own statement_timeout (set in the database or role), or a cancel
    // from elsewhere (one of dbgen's is mapped before it gets here).
    return driverError(/statement timeout/.test(base) ? 'timeout' : 'cancelled', message, details);
  }
  return driverError((e.code && KINDS.get(e.code)) || 'query', message, details);
}
