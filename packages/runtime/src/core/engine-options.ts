/** What an engine is made with: the options of createEngine, and those the Engine reads. */
import type { Dialect } from './dialect-contract.js';
import type { DatabaseTarget } from './observe/database-target.js';
import type { TracingOption } from './observe/options.js';
import type { ReplicaOptions } from './routing/options.js';
import type { EchoOption } from './run.js';

export interface EngineOptions extends ReplicaOptions {
  /** Database URL; defaults to the `DATABASE_URL` environment variable. */
  readonly url?: string;
  /**
   * The dialect to speak, for one that is not built in (see docs/dialects.md); it reads
   * the URL whatever its scheme, and becomes known by its name (e.g. to migrations).
   * Default: the built-in dialect of the URL's scheme.
   */
  readonly dialect?: Dialect;
  /**
   * Log each statement with its timing, values redacted; `{ values: true }` (or `'debug'`)
   * shows the values, in the log and in errors (docs/observability.md).
   */
  readonly echo?: EchoOption;
  /** Where echo lines go (default `console.log`). */
  readonly logger?: (line: string) => void;
  /**
   * Most pooled connections. PostgreSQL, MySQL: default 10. SQLite: the read-only connections
   * beside the one writer (WAL mode; default 4).
   */
  readonly poolSize?: number;
  /** PostgreSQL, MySQL: close idle pooled connections after this long (ms, default 30 000). */
  readonly idleTimeoutMs?: number;
  /** Waiting for a free connection fails with PoolTimeoutError after this long (ms, default 10 000). */
  readonly acquireTimeoutMs?: number;
  /**
   * PostgreSQL: most requests waiting for a free connection at once; one more fails at once
   * with PoolTimeoutError instead of queueing (default: no cap). Waiters are served first
   * come, first served.
   */
  readonly maxWaiting?: number;
  /**
   * PostgreSQL: a pooled connection idle longer than this (ms) is checked with `SELECT 1`
   * before it is lent, and replaced when dead, so a statement does not fail on a
   * connection whose server went away unnoticed (default: off).
   */
  readonly idleCheckMs?: number;
  /** SQLite: how long a locked database is waited for (ms, default 5 000). */
  readonly busyTimeoutMs?: number;
  /**
   * Cancel any statement that runs longer than this (ms; default none) with a
   * TimeoutError. A session's `statementTimeoutMs`, `engine.connect({ statementTimeoutMs })`
   * and a statement's own `timeoutMs` override it.
   */
  readonly statementTimeoutMs?: number;
  /**
   * Report statements slower than this (ms) to `logger`, and mark their `statement` events
   * `slow` (default: none).
   */
  readonly slowStatementMs?: number;
  /**
   * OpenTelemetry spans per statement and per ORM flush: `true` (the global tracer
   * provider) or `{ tracer, values }`. Needs `@opentelemetry/api` (docs/observability.md).
   */
  readonly tracing?: TracingOption;
  /**
   * `'transaction'`: the URL is a transaction-pooling proxy (PgBouncer `pool_mode =
   * transaction`); statements that would leave session state on a server connection
   * (session SET, PREPARE, LISTEN, session advisory locks) fail with a PoolerError. See
   * docs/scaling.md.
   */
  readonly pooler?: 'transaction' | 'none';
}

/** The options the Engine itself reads (createEngine reads the rest). */
export type EngineSettings = Pick<
  EngineOptions,
  'echo' | 'logger' | 'statementTimeoutMs' | 'slowStatementMs' | 'tracing'
> & {
  /** @internal Where the database is, for spans (read from the URL by createEngine). */
  readonly database?: DatabaseTarget;
};
