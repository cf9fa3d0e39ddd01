/** Maps sqlite3 errors (result codes and their messages) to the dbgen error hierarchy. */
import { DbgenError, type DbgenErrorDetails } from '../../core/errors.js';
import { driverError, type DriverErrorKind } from '../../core/driver-errors.js';
import { SQLITE_TYPE_CHECK_PREFIX } from './storage.js';

interface SqliteError {
  code?: string;
  message?: string;
}

export function mapSqliteError(
  error: unknown,
  sql: string,
  parameters: readonly unknown[],
): DbgenError {
  if (error instanceof DbgenError) return error;
  const e = (error ?? {}) as SqliteError;
  const message = (e.message ?? String(error)).replace(/^SQLITE_[A-Z_]+: /, '');
  const details: DbgenErrorDetails = { sql, parameters, cause: error };
  if (e.code) details.driverCode = e.code;
  // "UNIQUE constraint failed: users.email, users.org" / "NOT NULL constraint failed: t.c"
  const columnMatch = /constraint failed: ([^.\s,]+)\.([^\s,]+)/.exec(message);
  if (columnMatch) {
    details.table = columnMatch[1] as string;
    details.column = columnMatch[2] as string;
  }
  if (e.code === 'SQLITE_CONSTRAINT' && message.startsWith('CHECK')) {
    // "CHECK constraint failed: <name or expression>"
    const constraint = /CHECK constraint failed: (.+)$/.exec(message)?.[1];
    if (constraint) details.constraint = constraint;
    // dbgen's type checks are named `type:<column>` (see storage.ts).
    if (constraint?.startsWith(SQLITE_TYPE_CHECK_PREFIX)) {
      details.column = constraint.slice(SQLITE_TYPE_CHECK_PREFIX.length);
    }
  }
  return driverError(kindOf(e.code, message), message, details);
}

/** The kind of an error by its result code and, for constraints, the message's start. */
function kindOf(code: string | undefined, message: string): DriverErrorKind {
  switch (code) {
    case 'SQLITE_CONSTRAINT':
      if (message.startsWith('UNIQUE') || message.startsWith('PRIMARY KEY')) return 'unique';
      if (message.startsWith('NOT NULL')) return 'notNull';
      if (message.startsWith('FOREIGN KEY')) return 'foreignKey';
      if (message.startsWith('CHECK')) return 'check';
      return 'query';
    case 'SQLITE_INTERRUPT':
      return 'cancelled';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'serialization';
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_NOTADB':
    case 'SQLITE_MISUSE':
      return 'connection';
    default:
      return 'query';
  }
}
