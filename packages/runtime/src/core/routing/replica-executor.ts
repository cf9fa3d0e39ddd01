/**
 * `engine.onReplica()`: every statement on a replica, none on the primary. Reads that no
 * replica can take fail with ReplicaUnavailableError instead of falling back; a write
 * fails as the replica refuses it (read-only transaction). Made for read-only pages and
 * reports, and for an ORM Session that only reads (`new Session(engine.onReplica())`).
 */
import type { Compilable } from '../compiler/compile.js';
import type {
  Connection,
  ConnectOptions,
  EngineTransactionOptions,
  Executor,
  Params,
  StreamOptions,
} from '../connection.js';
import type { SqlDialect } from '../dialect.js';
import type { ExecuteResult } from '../run.js';
import type { StatementOptions } from '../statement-limits.js';
import type { ReadRouter } from './read-router.js';
import type { RoutedExecutor, RoutedRows as Rows } from './routed-executor.js';

export class ReplicaExecutor implements RoutedExecutor {
  constructor(private readonly router: ReadRouter) {}

  get dialect(): SqlDialect {
    return this.router.primary.dialect;
  }

  execute<Row = never, S extends Compilable = Compilable>(
    statement: S,
    params?: Params,
    options?: StatementOptions,
  ): Promise<ExecuteResult<Rows<Row, S>>> {
    return this.router.read(statement, params, options, 'error') as Promise<
      ExecuteResult<Rows<Row, S>>
    >;
  }

  stream<Row = never, S extends Compilable = Compilable>(
    statement: S,
    options?: StreamOptions,
  ): AsyncIterable<Rows<Row, S>> {
    return this.router.stream(statement, options, 'error') as AsyncIterable<Rows<Row, S>>;
  }

  /** A transaction on one replica (read-only work: a consistent snapshot across reads). */
  async transaction<T>(
    work: (tx: Executor) => Promise<T>,
    options: EngineTransactionOptions = {},
  ): Promise<T> {
    const connection = await this.connect();
    try {
      return await connection.transaction(work, options);
    } finally {
      await connection.release();
    }
  }

  connect(options?: ConnectOptions): Promise<Connection> {
    return this.router.connectReplica(options);
  }
}
