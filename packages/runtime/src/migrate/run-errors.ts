/** The errors a migration run raises for what the user can fix (see runner.ts). */

/** A migration failed; the database is left at the revision before it. */
export class MigrationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationFailedError';
  }
}

/** A migration would drop data and nobody agreed. */
export class DataLossError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataLossError';
  }
}

/**
 * A migration that stopped halfway on a dialect without transactional DDL (resumable.ts)
 * no longer plans, as its first statements, the ones that ran: resuming would skip
 * statements by position that are not the ones applied. Refused before anything runs.
 */
export class MigrationChangedMidwayError extends MigrationFailedError {
  constructor(
    message: string,
    readonly revision: string,
    readonly direction: 'up' | 'down',
    /** The statements the earlier run applied (they stay applied); empty when unknown. */
    readonly applied: readonly string[],
  ) {
    super(message);
    this.name = 'MigrationChangedMidwayError';
  }
}

/**
 * `abandon` found no stopped run to forget: none at all, none of the revision it was
 * given, or several when it was given none.
 */
export class StoppedRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoppedRunError';
  }
}
