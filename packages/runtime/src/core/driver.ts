/**
 * The small interface a dialect's driver adapter implements for the engine: pooled
 * connections that run SQL with positional parameters, and error mapping.
 */
import type { SqlDialect } from './dialect.js';
import type { DbgenError } from './errors.js';

export type DriverRow = Record<string, unknown>;

export interface DriverResult {
  readonly rows: DriverRow[];
  readonly rowCount: number;
}

/** What kind of result a statement gives, when the compiler knows (raw SQL: unknown). */
export type ResultShape = 'rows' | 'count' | 'unknown';

export interface DriverConnection {
  query(sql: string, parameters: readonly unknown[], shape: ResultShape): Promise<DriverResult>;
  /** Rows in batches of about `batchSize`, without holding the whole result in memory. */
  stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<DriverRow[]>;
  /** Gives the connection back; `broken` connections are destroyed, not reused. */
  release(broken: boolean): void;
}

export interface Driver {
  readonly dialect: SqlDialect;
  acquire(): Promise<DriverConnection>;
  /** Maps a driver error to the dbgen hierarchy. */
  mapError(error: unknown, sql: string, parameters: readonly unknown[]): DbgenError;
  /** True when the error means the connection is unusable. */
  isConnectionLost(error: unknown): boolean;
  close(): Promise<void>;
}
