/**
 * `pooler: 'transaction'`: the engine's driver, wrapped so that statements which would
 * leave state on a server connection (see session-state.ts) fail with a PoolerError
 * before they are sent. The runtime itself needs nothing else behind PgBouncer in
 * transaction mode: its PostgreSQL driver sends no named prepared statements and no
 * session SETs (statement timeouts are cancel requests, which PgBouncer forwards), and
 * the migration lock is a transaction-level advisory lock.
 */
import type { Driver, DriverConnection, RunCallback } from '../driver.js';
import { DbgenError } from '../errors.js';
import { sessionStateProblem, transactionEdge } from './session-state.js';

/** A statement would leave session state behind a transaction pooler. */
export class PoolerError extends DbgenError {
  override readonly code = 'POOLER';
}

function refuse(sql: string, problem: string): PoolerError {
  const shown = sql.length > 80 ? `${sql.slice(0, 77)}...` : sql;
  return new PoolerError(
    `not sent through a transaction pooler (pooler: 'transaction'): ${problem}: ${shown}`,
    {
      sql,
    },
  );
}

function guardConnection(connection: DriverConnection): DriverConnection {
  let depth = 0;
  const check = (sql: string): void => {
    const problem = sessionStateProblem(sql, depth > 0);
    if (problem !== null) throw refuse(sql, problem);
  };
  const track = (sql: string): void => {
    const edge = transactionEdge(sql);
    if (edge !== 0) depth = edge > 0 ? 1 : 0;
  };
  const guarded: DriverConnection = {
    query(sql, parameters, shape) {
      check(sql);
      track(sql);
      return connection.query(sql, parameters, shape);
    },
    stream(sql, parameters, batchSize) {
      check(sql);
      return connection.stream(sql, parameters, batchSize);
    },
    release: (broken, lost) => connection.release(broken, lost),
  };
  const queryArrays = connection.queryArrays;
  if (queryArrays !== undefined)
    guarded.queryArrays = (sql, parameters) => {
      check(sql);
      track(sql);
      return queryArrays.call(connection, sql, parameters);
    };
  const cancel = connection.cancel;
  if (cancel !== undefined) guarded.cancel = () => cancel.call(connection);
  const endsTransaction = connection.endsTransaction;
  if (endsTransaction !== undefined)
    guarded.endsTransaction = (error) => endsTransaction.call(connection, error);
  return guarded;
}

/** `driver` with every statement checked for session state first. */
export function transactionPooled(driver: Driver): Driver {
  const run = driver.run;
  const settle = driver.settle;
  const isCancelled = driver.isCancelled;
  const guarded: Driver = {
    get dialect() {
      return driver.dialect;
    },
    acquire: async () => guardConnection(await driver.acquire()),
    mapError: (error, sql, parameters) => driver.mapError(error, sql, parameters),
    isConnectionLost: (error) => driver.isConnectionLost(error),
    close: () => driver.close(),
  };
  if (run !== undefined)
    guarded.run = (sql: string, parameters, shape, done: RunCallback) => {
      // One statement outside a transaction.
      const problem = sessionStateProblem(sql, false);
      if (problem !== null) done(refuse(sql, problem), undefined, false);
      else run.call(driver, sql, parameters, shape, done);
    };
  if (settle !== undefined) guarded.settle = () => settle.call(driver);
  if (isCancelled !== undefined) guarded.isCancelled = (error) => isCancelled.call(driver, error);
  return guarded;
}
