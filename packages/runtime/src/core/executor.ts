/**
 * The executor contract: what engines, connections and transactions share (execute,
 * stream, transaction), with the options those take.
 */
import type { Compilable } from './compiler/compile.js';
import type { SqlDialect, TransactionOptions } from './dialect.js';
import type { ExecuteResult, StatementRow } from './run.js';
import type { StatementOptions } from './statement-limits.js';

export type Params = Readonly<Record<string, unknown>>;

/**
 * Options of a stream: its `timeoutMs` limits each round trip (one batch); its `signal`
 * stops the whole iteration.
 */
export interface StreamOptions extends StatementOptions {
  /** Rows fetched per round trip (default 500). */
  readonly batchSize?: number;
  /** Values for `param(name)` placeholders. */
  readonly params?: Params;
}

export interface EngineTransactionOptions extends TransactionOptions {
  /**
   * Extra attempts after a serialization failure or deadlock (SQLSTATE 40001/40P01):
   * the whole callback runs again. Default 0 (no retry).
   */
  readonly retries?: number;
}

/** What engines, connections and transactions share. */
export interface Executor {
  readonly dialect: SqlDialect;
  /** Runs a statement (raw `sql` or a builder) and returns its rows and row count. */
  execute<Row = never, S extends Compilable = Compilable>(
    statement: S,
    params?: Params,
    options?: StatementOptions,
  ): Promise<ExecuteResult<[Row] extends [never] ? StatementRow<S> : Row>>;
  /** Iterates the rows of a large result without holding them all in memory. */
  stream<Row = never, S extends Compilable = Compilable>(
    statement: S,
    options?: StreamOptions,
  ): AsyncIterable<[Row] extends [never] ? StatementRow<S> : Row>;
  /** Runs `work` in a transaction (a savepoint when already in one). */
  transaction<T>(
    work: (tx: Executor) => Promise<T>,
    options?: EngineTransactionOptions,
  ): Promise<T>;
}
