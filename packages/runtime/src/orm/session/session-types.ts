/**
 * What a Session needs from the Core (an engine and its connections), its options, and
 * the handle of a nested transaction. Kept apart so the Session's files share them.
 */
import type { ValueRows } from '../../core/connection.js';
import type { IsolationLevel } from '../../core/dialect.js';
import type { StatementNode } from '../../core/nodes.js';
import type { ColumnTypeIR } from '../../schema/ir.js';
import type { Filter } from '../criteria/filter.js';
import type { SessionEvents } from '../events/session-events.js';

/**
 * The statement runner a session needs from a Core connection (the Core's `Connection`).
 * The `rows` array of each result is handed over: a query writes its objects into it in
 * place of the rows (orm/query/query-plan.ts), so a wrapper that caches or shares result
 * arrays must return a copy.
 */
export interface SessionConnection {
  execute(
    statement: StatementNode,
    params?: Readonly<Record<string, unknown>>,
  ): Promise<{ readonly rows: unknown[]; readonly rowCount: number }>;
  /**
   * Optional (the Core's connections have it): a SELECT's rows as value arrays where the
   * driver gives those (`arrays`), else objects. Without it the session uses `execute`.
   * Its `rows` array is handed over too.
   */
  queryValues?(statement: StatementNode): Promise<ValueRows>;
  stream(statement: StatementNode, options?: { batchSize?: number }): AsyncIterable<unknown>;
  /**
   * Optional (the Core's connections have it): true when something sees the statements
   * (echo, listeners, tracing). Where it is not false, every statement the session sends
   * is one it needs: `get` does not send its SELECT ahead of the autoflush check.
   */
  readonly observed?: boolean;
  /**
   * Optional (the Core's connections have it): true when statements may be sent before
   * the previous one's result is back (see OrmExecutor.pipelines). Absent: false.
   */
  readonly pipelines?: boolean;
  /**
   * Optional (the Core's connections have it): throws ConnectionBusyError when a stream
   * of the connection still reads on a database that runs one statement at a time, so the
   * session refuses `what` before it changes anything.
   */
  checkIdle?(what: string): void;
  begin(options?: { readonly isolationLevel?: IsolationLevel }): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  savepoint(): Promise<{ release(): Promise<void>; rollback(): Promise<void> }>;
  release(): Promise<void>;
}

/** What a session needs from an engine (the Core's `Engine`). */
export interface SessionEngine {
  readonly dialect: {
    readonly capabilities: {
      readonly returning: boolean;
      readonly isolationLevels?: boolean;
      readonly updateFrom?: boolean;
      readonly valuesTable?: boolean;
      readonly rowidKeys?: boolean;
      readonly arrayParameters?: boolean;
      /** NULL sorts after every value ascending (PostgreSQL): keyset pages need it. */
      readonly nullsSortHigh?: boolean;
      /** How an upsert is spelled (the tenant filter refuses MySQL's, which has no WHERE). */
      readonly upsert?: 'onConflict' | 'onDuplicateKey';
    };
    /** Result value conversion (the Core's dialects have it; rowid keys need it). */
    resultNeedsConversion?(type: ColumnTypeIR): boolean;
    fromDriverValue?(value: unknown, type: ColumnTypeIR): unknown;
  };
  connect(options?: { readonly statementTimeoutMs?: number }): Promise<SessionConnection>;
}

export interface SessionOptions {
  /** Flush pending changes before each query (default true). */
  readonly autoflush?: boolean;
  /**
   * Fetch the values the database gives a new row (server defaults, generated columns)
   * through `INSERT ... RETURNING` as it is flushed (default true). False fetches only the
   * primary key: those properties stay `undefined` until `session.refresh(obj)` (or a
   * query) loads them, and a large insert skips receiving and converting them
   * (SQLAlchemy's `eager_defaults=False`; docs/orm.md).
   */
  readonly eagerDefaults?: boolean;
  /**
   * After commit, mark every object expired: the next query or `get` that meets it
   * reloads its values (default false: with no lazy loading, stale-but-readable values
   * are more useful than errors; SQLAlchemy's asyncio docs recommend the same).
   */
  readonly expireOnCommit?: boolean;
  /**
   * Cancel any statement of this session that runs longer than this (ms) with a
   * TimeoutError; overrides the engine's `statementTimeoutMs` (0: none). After a timeout,
   * roll the session back (its transaction is aborted) and go on.
   */
  readonly statementTimeoutMs?: number;
  /**
   * Event handlers shared by many sessions (`new SessionEvents<Session>()`); the session
   * runs them before its own (`session.on(...)`). See docs/events.md.
   */
  readonly events?: SessionEvents<unknown>;
  /** Default criteria this session adds to its statements (docs/events.md). */
  readonly filters?: readonly Filter[];
  /**
   * Scopes the session to a tenant: the filter `tenantFilter(id, { column })` (column
   * default `tenant_id`) is added to its filters.
   */
  readonly tenant?:
    string | number | bigint | { readonly id: string | number | bigint; readonly column?: string };
}

/** A SAVEPOINT opened by {@link Session.beginNested}. */
export interface NestedTransaction {
  /** Flushes, then releases the savepoint (its changes join the enclosing transaction). */
  commit(): Promise<void>;
  /** Rolls back to the savepoint: the database and the session's objects. */
  rollback(): Promise<void>;
  readonly active: boolean;
}
