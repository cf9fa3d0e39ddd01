/** Maps pg errors (SQLSTATE codes) to the dbgen error hierarchy. */
import { DbgenError, type DbgenErrorDetails } from '../../core/errors.js';
import { driverError, type DriverErrorKind } from '../../core/driver-errors.js';
import { HIDDEN_VALUE, noteHiddenMessage, valuesHidden } from '../../core/observe/hidden-values.js';
import { pgCauseWithoutValues } from './error-values.js';

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

/**
 * A data exception's message (SQLSTATE class 22) without the value it quotes: `invalid
 * input syntax for type integer: "..."` (22P02, also enums, uuids, arrays, dates: 22007),
 * `date/time field value out of range: "..."` (22008), `value "..." is out of range for
 * type integer` and `"..." is out of range for type double precision` (22003), `unit "..."
 * not recognized` (22023). The quoted text runs to the message's last quote (a value may
 * hold quotes of its own). Type and encoding names, quoted too, are schema and stay.
 */
function withoutValues(message: string, code: string | undefined): string {
  if (code === undefined || !code.startsWith('22')) return message;
  return message
    .replace(/: ".*"$/s, `: ${HIDDEN_VALUE}`)
    .replace(/^(value )?".*" is out of range/s, `$1${HIDDEN_VALUE} is out of range`)
    .replace(
      /(time zone|unit|invalid value) ".*" (not recognized|for ")/s,
      `$1 ${HIDDEN_VALUE} $2`,
    );
}

export function mapPgError(
  error: unknown,
  sql: string,
  parameters: readonly unknown[],
): DbgenError {
  if (error instanceof DbgenError) return error;
  const e = (error ?? {}) as PgError;
  const base = e.message ?? String(error);
  const hidden = valuesHidden(parameters);
  // The driver's error is printed with the mapped one (`console.error`): without values,
  // a copy that has none.
  const cause = hidden ? pgCauseWithoutValues(error, withoutValues(base, e.code)) : error;
  const details: DbgenErrorDetails = { sql, parameters, cause };
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
  // The detail quotes values (`Key (email)=(...) already exists.`, `Failing row contains
  // (...)`) and so does a data exception's message: shown only with the values (`echo: {
  // values: true }`), and only then does the driver's error (`cause`) keep them. Names of
  // constraints, tables and columns are schema and always shown.
  const kind = pgErrorKind(error, e.code, base);
  const lead = kind === 'connection' ? 'connection lost: ' : '';
  const hiddenMessage = `${lead}${withoutValues(base, e.code)}${where ? ` (${where})` : ''}`;
  const message = hidden
    ? hiddenMessage
    : `${lead}${base}${where ? ` (${where})` : ''}${e.detail ? `: ${e.detail}` : ''}`;
  const mapped = driverError(kind, message, details);
  noteHiddenMessage(mapped, hiddenMessage);
  return mapped;
}

function pgErrorKind(error: unknown, code: string | undefined, base: string): DriverErrorKind {
  if (isPgConnectionLost(error)) return 'connection';
  // 57014: the server's own statement_timeout (set in the database or role), or a cancel
  // from elsewhere (one of dbgen's is mapped before it gets here).
  if (code === '57014') return /statement timeout/.test(base) ? 'timeout' : 'cancelled';
  return (code && KINDS.get(code)) || 'query';
}
