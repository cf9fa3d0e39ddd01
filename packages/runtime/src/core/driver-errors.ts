/**
 * What the dialects' error mappers (dialects/<name>/errors.ts) share: each sorts a driver's
 * error into a {@link DriverErrorKind} by its own codes and messages, and this makes the
 * dbgen error of that kind. Not exported from the package: the kinds are the dialects'
 * vocabulary, the error classes are the public one.
 */
import {
  CancelledError,
  CheckViolationError,
  ConnectionError,
  ForeignKeyViolationError,
  NotNullViolationError,
  QueryError,
  SerializationError,
  TimeoutError,
  UniqueViolationError,
  type DbgenError,
  type DbgenErrorDetails,
} from './errors.js';

export type DriverErrorKind =
  | 'unique'
  | 'foreignKey'
  | 'notNull'
  | 'check'
  | 'serialization'
  | 'timeout'
  | 'cancelled'
  | 'connection'
  | 'query';

const CLASSES: Readonly<
  Record<DriverErrorKind, new (message: string, details: DbgenErrorDetails) => DbgenError>
> = {
  unique: UniqueViolationError,
  foreignKey: ForeignKeyViolationError,
  notNull: NotNullViolationError,
  check: CheckViolationError,
  serialization: SerializationError,
  timeout: TimeoutError,
  cancelled: CancelledError,
  connection: ConnectionError,
  query: QueryError,
};

/** The dbgen error of `kind` for a driver's error (`details.cause`). */
export function driverError(
  kind: DriverErrorKind,
  message: string,
  details: DbgenErrorDetails,
): DbgenError {
  return new CLASSES[kind](message, details);
}
