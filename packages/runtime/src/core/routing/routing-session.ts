/**
 * A routing session (`engine.routingSession()`): one user's or request's view of a
 * routed engine, with read-your-writes. After the session writes (a statement, streamed
 * or not, a transaction, or on one of its connections a commit or a write outside a
 * transaction), its reads stay on the primary until a replica
 * has applied the primary's write position taken right after the commit, or until
 * `readYourWritesTimeoutMs` passes; then they go to replicas again. Reads of other
 * sessions are not held back. `onPrimary()`/`onReplica()` give views of the same session
 * that send everything to the primary, or to a replica.
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
import { isReadOnly } from './read-statement.js';
import type { RoutedExecutor, RoutedRows as Rows } from './routed-executor.js';
import { trackWrites } from './tracked-connection.js';

/** Options of `engine.routingSession(options)`. */
export interface RoutingSessionOptions {
  /**
   * After this session commits a write, keep its reads on the primary until a replica has
   * applied it (or `readYourWritesTimeoutMs` passed). Default true.
   */
  readonly readYourWrites?: boolean;
}

/** What the views of one session share: its last write. */
interface WriteMark {
  /** The primary's write position after the session's last write (null: unknown). */
  position: bigint | null;
  /** Until when reads wait for that position (ms since epoch); 0: no write pending. */
  until: number;
}

type Route = 'auto' | 'primary' | 'replica';

/**
 * One request's view of a routed engine (`engine.routingSession()`): reads on replicas,
 * writes and transactions on the primary, and its own writes read back (see the file's
 * comment). Made per request; an ORM Session may be made on it.
 */
export class RoutingSession implements RoutedExecutor {
  constructor(
    private readonly router: ReadRouter,
    private readonly readYourWrites: boolean,
    private readonly route: Route = 'auto',
    private readonly mark: WriteMark = { position: null, until: 0 },
  ) {}

  get dialect(): SqlDialect {
    return this.router.primary.dialect;
  }

  /**
   * True while this session's last write may not have reached every replica: its routed
   * reads check a replica's position before using it (and use the primary when none has it).
   */
  get waitingForReplicas(): boolean {
    return this.pendingPosition() !== undefined;
  }

  /** This session, with every statement on the primary. */
  onPrimary(): RoutingSession {
    return new RoutingSession(this.router, this.readYourWrites, 'primary', this.mark);
  }

  /** This session, with every statement on a replica (no fallback to the primary). */
  onReplica(): RoutingSession {
    return new RoutingSession(this.router, this.readYourWrites, 'replica', this.mark);
  }

  async execute<Row = never, S extends Compilable = Compilable>(
    statement: S,
    params?: Params,
    options?: StatementOptions,
  ): Promise<ExecuteResult<Rows<Row, S>>> {
    type Result = ExecuteResult<Rows<Row, S>>;
    if (this.route === 'replica')
      return (await this.router.read(statement, params, options, 'error')) as Result;
    const read = isReadOnly(statement, this.dialect, params);
    if (read && this.route === 'auto') {
      const pending = this.pendingPosition();
      if (pending === null) return this.router.primary.execute<Row, S>(statement, params, options);
      return (await this.router.read(statement, params, options, 'primary', pending)) as Result;
    }
    const result = await this.router.primary.execute<Row, S>(statement, params, options);
    if (!read) await this.wrote();
    return result;
  }

  async *stream<Row = never, S extends Compilable = Compilable>(
    statement: S,
    options?: StreamOptions,
  ): AsyncIterable<Rows<Row, S>> {
    type Out = AsyncIterable<Rows<Row, S>>;
    if (this.route === 'replica') {
      yield* this.router.stream(statement, options, 'error') as Out;
      return;
    }
    if (!isReadOnly(statement, this.dialect, options?.params)) {
      // A write or a locking read (`INSERT ... RETURNING`, `SELECT ... FOR UPDATE`): on the
      // primary, as Engine.stream sends it. Counted however the iteration ends: a caller
      // that stops early has still run the statement.
      try {
        yield* this.router.primary.stream<Row, S>(statement, options);
      } finally {
        await this.wrote();
      }
      return;
    }
    const pending = this.route === 'auto' ? this.pendingPosition() : null;
    if (pending === null) yield* this.router.primary.stream<Row, S>(statement, options);
    else yield* this.router.stream(statement, options, 'primary', pending) as Out;
  }

  /** A transaction on the primary (on a replica for an `onReplica()` view); its commit counts as a write. */
  async transaction<T>(
    work: (tx: Executor) => Promise<T>,
    options?: EngineTransactionOptions,
  ): Promise<T> {
    if (this.route === 'replica') {
      const connection = await this.router.connectReplica();
      try {
        return await connection.transaction(work, options);
      } finally {
        await connection.release();
      }
    }
    const result = await this.router.primary.transaction(work, options);
    await this.wrote();
    return result;
  }

  /**
   * A primary connection (a replica's for an `onReplica()` view). Its commits, and its
   * writes outside a transaction, count as this session's writes, so an ORM Session made on a routing session keeps the session's
   * later routed reads consistent with what it committed.
   */
  async connect(options?: ConnectOptions): Promise<Connection> {
    if (this.route === 'replica') return this.router.connectReplica(options);
    const connection = await this.router.primary.connect(options);
    return trackWrites(connection, (on) => this.wrote(on));
  }

  /**
   * undefined: no write pending, read anywhere. null: a write is pending but its position
   * is unknown, read on the primary. A position: read where it has been applied.
   */
  private pendingPosition(): bigint | null | undefined {
    if (!this.readYourWrites || this.mark.until === 0) return undefined;
    if (Date.now() >= this.mark.until) {
      this.mark.until = 0;
      this.mark.position = null;
      return undefined;
    }
    return this.mark.position;
  }

  /**
   * Records a write the session made. The primary's position is asked `on` the connection
   * that wrote when it has one outside a transaction (no second pool connection needed).
   * When the position cannot be read, reads stay on the primary for the whole timeout
   * rather than failing a write that has already been committed.
   */
  private async wrote(on?: Executor): Promise<void> {
    if (!this.readYourWrites) return;
    // Taken after the commit: at or after its position, so waiting for it is enough.
    const position = await this.router.writePosition(on).then(
      (known): bigint | null | undefined => known,
      () => undefined,
    );
    const mark = this.mark;
    if (position === undefined) mark.position = null;
    else if (
      position !== null &&
      (mark.position === null || position > mark.position || mark.until === 0)
    )
      mark.position = position;
    mark.until = Date.now() + this.router.readYourWritesTimeoutMs;
  }
}
