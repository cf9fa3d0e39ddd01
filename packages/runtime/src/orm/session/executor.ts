/**
 * What the ORM needs from a Core connection: run one statement node (compiled by the
 * Core's compiler) and get its rows and row count. The session adapts the engine's
 * connection to this, so the unit of work and loaders stay independent of pooling.
 */
import type { ValueRows } from '../../core/connection.js';
import type { StatementNode } from '../../core/nodes.js';
import type { ColumnTypeIR } from '../../schema/ir.js';

export interface RunResult {
  readonly rows: readonly Record<string, unknown>[];
  /** Rows inserted, updated or deleted (for SELECT: rows returned). */
  readonly rowCount: number;
  /** An INSERT's first generated auto-increment value, where the driver reports it (MySQL). */
  readonly insertId?: number | bigint;
  /** SQLite: the rowid of the last row an INSERT inserted (the Core's driver result). */
  readonly lastInsertRowid?: number;
}

/** Converts a driver value of a column as the Core converts result values. */
export interface ValueConverter {
  resultNeedsConversion(type: ColumnTypeIR): boolean;
  fromDriverValue(value: unknown, type: ColumnTypeIR): unknown;
}

/** The rows of a SELECT run by {@link OrmExecutor.select} (the Core's `queryValues`). */
export type SelectResult = ValueRows;

export interface OrmExecutor {
  /** The dialect supports INSERT/UPDATE/DELETE ... RETURNING. */
  readonly returning: boolean;
  /**
   * The dialect has `UPDATE ... FROM` and VALUES tables: batched UPDATEs join a VALUES
   * table (update-values.ts) instead of a `CASE` per column. Absent: `CASE`.
   */
  readonly updateFromValues?: boolean;
  /** INSERTs fetch server defaults through RETURNING (the session's `eagerDefaults`). Absent: true. */
  readonly eagerDefaults?: boolean;
  /**
   * A list of keys is matched with one array parameter, `c = any($1)`
   * (`capabilities.arrayParameters`: PostgreSQL; sql.ts `matchAny`). Absent: an IN list.
   */
  readonly arrayParameters?: boolean;
  /**
   * NULL sorts after every value ascending when an ORDER BY does not say where
   * (`capabilities.nullsSortHigh`: PostgreSQL): `Query.iterate()`'s keyset pages. Absent: before.
   */
  readonly nullsSortHigh?: boolean;
  /**
   * The dialect, where a large batch of new rows takes its keys from the rowid
   * (`capabilities.rowidKeys`: SQLite; insert-rowids.ts); absent or null elsewhere.
   */
  readonly rowidKeys?: ValueConverter | null;
  /**
   * Statements may be sent before the previous one's result is back: they run in the
   * order sent, and after a failure in the transaction every later one fails
   * (`capabilities.pipelinedWrites`: PostgreSQL, on a connection with no statement
   * timeout that nothing observes). The flush then sends a table's INSERT batches back to
   * back. Absent: false.
   */
  readonly pipelines?: boolean;
  /**
   * Runs a statement; `params` gives the values of its `param()` placeholders (an array
   * serves for placeholders named by position, as prepared INSERTs use).
   */
  run(statement: StatementNode, params?: Readonly<Record<string, unknown>>): Promise<RunResult>;
  /**
   * Optional: {@link run} without the session's filters, for the flush's reads of the rows
   * it has just written (server defaults, generated columns): a filter says what queries
   * find, and a new row it hides (archived by default, say) still needs its values.
   * Absent: `run` has no filters.
   */
  runUnfiltered?(
    statement: StatementNode,
    params?: Readonly<Record<string, unknown>>,
  ): Promise<RunResult>;
  /**
   * Runs a SELECT for loading objects: its rows come as value arrays where the driver
   * makes those more cheaply than objects (PostgreSQL), else as objects; the loaders read
   * either (`RowAt` in hydrate.ts).
   */
  select(statement: StatementNode): Promise<SelectResult>;
}
