/**
 * Errors of the ORM. Each carries a stable `code` so callers can branch on it without
 * matching messages (SQLAlchemy's error hierarchy with codes).
 */
export class OrmError extends Error {
  constructor(
    message: string,
    readonly code: string = 'orm',
  ) {
    super(message);
    this.name = 'OrmError';
  }
}

/** A relation was read before it was loaded (there is no hidden I/O on property access). */
export class RelationNotLoadedError extends OrmError {
  constructor(message: string) {
    super(message, 'relation_not_loaded');
    this.name = 'RelationNotLoadedError';
  }
}

/**
 * An UPDATE or DELETE guarded by the version column (or by the primary key) matched fewer
 * rows than expected: someone else changed or deleted the row since it was loaded.
 */
export class StaleDataError extends OrmError {
  constructor(message: string) {
    super(message, 'stale_data');
    this.name = 'StaleDataError';
  }
}

/** `one()` found no row. */
export class NoResultFoundError extends OrmError {
  constructor(message: string) {
    super(message, 'no_result_found');
    this.name = 'NoResultFoundError';
  }
}

/** `one()` / `oneOrNone()` found more than one row. */
export class MultipleResultsFoundError extends OrmError {
  constructor(message: string) {
    super(message, 'multiple_results_found');
    this.name = 'MultipleResultsFoundError';
  }
}

/** A model class was used without `registerModel`, or registered twice, or badly. */
export class MappingError extends OrmError {
  constructor(message: string) {
    super(message, 'mapping');
    this.name = 'MappingError';
  }
}

/** An operation that the object's state does not allow (e.g. deleting a transient object). */
export class InvalidRequestError extends OrmError {
  constructor(message: string) {
    super(message, 'invalid_request');
    this.name = 'InvalidRequestError';
  }
}

/**
 * A session scoped to a tenant tried to write a row of another tenant (or one it cannot
 * prove is its own): nothing was written, the flush was rolled back (docs/events.md).
 */
export class TenantViolationError extends OrmError {
  constructor(message: string) {
    super(message, 'tenant_violation');
    this.name = 'TenantViolationError';
  }
}

/**
 * `commit()` stored the transaction, then an `afterCommit` handler failed. The data is
 * committed: do not retry the work (a retry in a new session would write it twice). Every
 * `afterCommit` handler ran; `errors` holds what each failing one threw, `cause` the first.
 */
export class AfterCommitError extends OrmError {
  constructor(readonly errors: readonly unknown[]) {
    const first = errors[0];
    super(
      `the transaction was committed; then ${errors.length} afterCommit handler(s) failed: ` +
        (first instanceof Error ? first.message : String(first)),
      'after_commit',
    );
    this.name = 'AfterCommitError';
    this.cause = first;
  }
}
