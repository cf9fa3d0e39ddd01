/** Maps sqlite3 errors (result codes and their messages) to the dbgen error hierarchy. */
import {
  CancelledError,
  CheckViolationError,
  ConnectionError,
  DbgenError,
  ForeignKeyViolationError,
  NotNullViolationError,
  QueryError,
  SerializationError,
  UniqueViolationError,
  type DbgenErrorDetails,
} from '../../core/errors.js';
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
  if (e.code === 'SQLITE_CONSTRAINT') {
    if (message.startsWith('UNIQUE') || message.startsWith('PRIMARY KEY')) {
      return new UniqueViolationError(message, details);
    }
    if (message.startsWith('NOT NULL')) return new NotNullViolationError(message, details);
    if (message.startsWith('FOREIGN KEY')) return new ForeignKeyViolationError(message, details);
    if (message.startsWith('CHECK')) {
      // "CHECK constraint failed: <name or expression>"
      const constraint = /CHECK constraint failed: (.+)$/.exec(message)?.[1];
      if (constraint) details.constraint = constraint;
      // dbgen's type checks are named `type:<column>` (see storage.ts).
      if (constraint?.startsWith(SQLITE_TYPE_CHECK_PREFIX)) {
        details.column = constraint.slice(SQLITE_TYPE_CHECK_PREFIX.length);
      }
      return new CheckViolationError(message, details);
    }
  }
  if (e.code === 'SQLITE_INTERRUPT') return new CancelledError(message, details);
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED')
    return new SerializationError(message, details);
  if (e.code === 'SQLITE_CANTOPEN' || e.code === 'SQLITE_NOTADB' || e.code === 'SQLITE_MISUSE') {
    return new ConnectionError(message, details);
  }
  return new QueryError(message, details);
}
