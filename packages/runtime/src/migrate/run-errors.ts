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
