/** How much one statement of the flush carries (insert-states.ts, persister.ts). */

/** Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
export const MAX_PARAMETERS = 30_000;
/** Rows per multi-row INSERT / batched UPDATE / DELETE statement. */
export const MAX_ROWS = 1_000;
