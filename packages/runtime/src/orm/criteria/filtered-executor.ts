/**
 * The statement runner of a session: each statement is run on the session's connection,
 * with the session's criteria (less those a query switched `off`) added first when it has
 * any (session-criteria.ts). Without criteria the statements go to the connection as they
 * are, with no check per statement.
 */
import type { OrmExecutor, RunResult, ValueConverter } from '../session/executor.js';
import type { SessionConnection } from '../session/session-types.js';
import type { FiltersOff, SessionCriteria } from './session-criteria.js';

/** What the unit of work is told of the dialect and the session (see {@link OrmExecutor}). */
export interface ExecutorSettings {
  readonly returning: boolean;
  readonly updateFromValues: boolean;
  readonly arrayParameters: boolean;
  readonly nullsSortHigh: boolean;
  readonly eagerDefaults: boolean;
  readonly rowidKeys: ValueConverter | null;
  readonly pipelines: boolean;
}

export function filteredExecutor(
  conn: SessionConnection,
  criteria: SessionCriteria | null,
  off: FiltersOff | null,
  settings: ExecutorSettings,
): OrmExecutor {
  const values = conn.queryValues;
  if (criteria === null)
    return {
      ...settings,
      run: (statement, params) => conn.execute(statement, params) as Promise<RunResult>,
      select:
        values !== undefined
          ? (statement) => values.call(conn, statement)
          : async (statement) => ({ rows: (await conn.execute(statement)).rows, arrays: false }),
    };
  return {
    ...settings,
    run: (statement, params) =>
      conn.execute(criteria.apply(statement, off, params), params) as Promise<RunResult>,
    runUnfiltered: (statement, params) => conn.execute(statement, params) as Promise<RunResult>,
    select:
      values !== undefined
        ? (statement) => values.call(conn, criteria.apply(statement, off, undefined))
        : async (statement) => ({
            rows: (await conn.execute(criteria.apply(statement, off, undefined))).rows,
            arrays: false,
          }),
  };
}
