/**
 * The statement runner of a session that has filters: each statement gets the session's
 * criteria (less those a query switched `off`) before it is run (session-criteria.ts).
 */
import type { OrmExecutor, RunResult } from '../session/executor.js';
import type { SessionConnection } from '../session/session-types.js';
import type { FiltersOff, SessionCriteria } from './session-criteria.js';

export function filteredExecutor(
  conn: SessionConnection,
  criteria: SessionCriteria,
  off: FiltersOff | null,
  returning: boolean,
  updateFromValues = false,
  eagerDefaults = true,
): OrmExecutor {
  const values = conn.queryValues;
  return {
    returning,
    updateFromValues,
    eagerDefaults,
    run: (statement, params) =>
      conn.execute(criteria.apply(statement, off, params), params) as Promise<RunResult>,
    select:
      values !== undefined
        ? (statement) => values.call(conn, criteria.apply(statement, off, undefined))
        : async (statement) => ({
            rows: (await conn.execute(criteria.apply(statement, off, undefined))).rows,
            arrays: false,
          }),
  };
}
