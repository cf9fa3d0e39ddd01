/**
 * One checked-out mysql2 connection as the engine's DriverConnection: queries (a
 * transaction start may be two statements), rows as arrays, a row stream that settles
 * when its connection is killed, `KILL QUERY` cancelling, and whether an error ended the
 * session's transaction.
 */
import type * as Mysql from 'mysql2';
import type {
  DriverArrayResult,
  DriverConnection,
  DriverResult,
  DriverRow,
} from '../../core/driver.js';
import { ConnectionError } from '../../core/errors.js';
import { isMysqlCancelled, isMysqlConnectionLost, mysqlEndsTransaction } from './errors.js';
import { implicitCommitOf, mayHaveCommitted, SERVER_STATUS_IN_TRANS } from './implicit-commit.js';
import { anchorMysql2Query } from './mysql2-anchors.js';
import { INSPECT, opaque } from '../../core/opaque.js';

/** A mysql2 answer (rows, or a write's header) as the engine's DriverResult. */
export function toResult(result: unknown): DriverResult {
  if (Array.isArray(result)) return { rows: result as DriverRow[], rowCount: result.length };
  const header = result as Mysql.ResultSetHeader;
  const rowCount = header.affectedRows ?? 0;
  // mysql2 gives an insert id past 2^53 as text; 0 means the statement generated none.
  const id = header.insertId as number | string | undefined;
  if (!id) return { rows: [], rowCount };
  return { rows: [], rowCount, insertId: typeof id === 'string' ? BigInt(id) : id };
}

/** The text a transaction start may be: `set transaction ...; start transaction`. */
export function statementsOf(sql: string): string[] {
  return sql.startsWith('set transaction ') ? sql.split('; ') : [sql];
}

/**
 * `@@innodb_rollback_on_timeout` as each pooled connection read it, asked the first time
 * a lock wait timeout needs it (a startup option: it cannot change under a session).
 */
const rollbackOnTimeout = new WeakMap<Mysql.PoolConnection, Promise<boolean>>();

/** Sends `KILL QUERY <threadId>` on a connection of its own; resolves once it ran. */
export type Killer = (threadId: number) => Promise<void>;

/** A stream's connection died under it (KILL, server gone, socket closed). */
function lostWhileStreaming(error: unknown): ConnectionError {
  const reason = error instanceof Error ? error.message : 'the server closed the connection';
  return new ConnectionError(`connection lost while streaming rows: ${reason}`, {
    cause: error,
  });
}

const SHOWN_MYSQLCONNECTION = opaque('MysqlConnection');

export class MysqlConnection implements DriverConnection {
  /** Its name only: its fields hold the URL's password and the driver's config (core/opaque.ts). */
  [INSPECT](): string {
    return SHOWN_MYSQLCONNECTION.text;
  }

  toJSON(): { readonly kind: string } {
    return SHOWN_MYSQLCONNECTION.json;
  }

  /** Set when a stream was left before its end: the rest of the result is still coming. */
  private abandoned = false;
  /** Set when the connection died under a stream: nothing runs on it any more. */
  private lost = false;

  constructor(
    readonly raw: Mysql.PoolConnection,
    private readonly kill: Killer,
  ) {}

  /**
   * Stops the statement running on this connection: `KILL QUERY` from another connection
   * (the server's answer to this one's statement is then error 1317). The KILL has run on
   * the server when this resolves; a KILL reaching a session between statements is lost,
   * which the engine covers by cancelling again while the statement is still pending.
   */
  cancel(): Promise<void> {
    // Nothing runs on a dead connection: no KILL connection to open (the engine's
    // re-cancel loop would open one every 100 ms until the statement settles).
    if (this.lost) return Promise.resolve();
    return this.kill(this.raw.threadId);
  }

  /** Whether `error` ended this session's transaction (see `mysqlEndsTransaction`). */
  endsTransaction(error: unknown): boolean | Promise<boolean> {
    return mysqlEndsTransaction(error, () => this.rollsBackOnTimeout());
  }

  /**
   * Whether the session is inside a transaction as of its last statement: mysql2 keeps
   * the status flags of the last OK or EOF packet (`serverStatus`). False after a
   * statement that committed implicitly (DDL, TRUNCATE, LOCK TABLES, ...).
   */
  inTransaction(): boolean {
    return (this.status() & SERVER_STATUS_IN_TRANS) !== 0;
  }

  /** The statement's name when the server would commit an open transaction at it. */
  implicitCommit(sql: string): string | null {
    return implicitCommitOf(sql);
  }

  private status(): number {
    return (this.raw as unknown as { serverStatus?: number }).serverStatus ?? 0;
  }

  /**
   * After `error` of `sql`: an error packet carries no status, and MySQL commits before a
   * DDL statement runs, so a failed one (CREATE TABLE of a table that exists) may have
   * committed the transaction. `DO 0` fetches the status then (one round trip, only for
   * such statements inside a transaction), so that `inTransaction()` tells the truth.
   */
  private refreshStatus(sql: string, error: unknown): Promise<void> {
    if (
      !this.inTransaction() ||
      !mayHaveCommitted(sql) ||
      isMysqlConnectionLost(error) ||
      isMysqlCancelled(error)
    )
      return Promise.resolve();
    return new Promise((resolve) => this.raw.query('DO 0', () => resolve()));
  }

  private rollsBackOnTimeout(): Promise<boolean> {
    let known = rollbackOnTimeout.get(this.raw);
    if (known === undefined) {
      known = new Promise((resolve) => {
        this.raw.query('SELECT @@innodb_rollback_on_timeout AS "on"', (error, rows) => {
          // Unknown (no InnoDB, the query failed): asked again next time, taken as off now.
          if (error) rollbackOnTimeout.delete(this.raw);
          resolve(!error && Number((rows as { on: unknown }[])[0]?.on) === 1);
        });
      });
      rollbackOnTimeout.set(this.raw, known);
    }
    return known;
  }

  async query(sql: string, parameters: readonly unknown[]): Promise<DriverResult> {
    const statements = statementsOf(sql);
    let result: DriverResult = { rows: [], rowCount: 0 };
    for (const statement of statements) result = await this.one(statement, parameters);
    return result;
  }

  private one(sql: string, parameters: readonly unknown[]): Promise<DriverResult> {
    return new Promise((resolve, reject) => {
      // The command, for its classes' anchors (mysql2-anchors.ts) once it has finished
      // (`let`: a failure can call back before `query()` returns).
      let command: unknown;
      command = this.raw.query(sql, parameters as unknown[], (error, result) => {
        if (error) return void this.refreshStatus(sql, error).then(() => reject(error));
        anchorMysql2Query(command, this.raw, result);
        resolve(toResult(result));
      });
    });
  }

  queryArrays(sql: string, parameters: readonly unknown[]): Promise<DriverArrayResult> {
    return new Promise((resolve, reject) => {
      let command: unknown;
      command = this.raw.query(
        { sql, values: parameters as unknown[], rowsAsArray: true },
        (error, result) => {
          if (error) return reject(error);
          anchorMysql2Query(command, this.raw);
          if (Array.isArray(result))
            resolve({ rows: result as unknown[][], rowCount: result.length });
          else resolve({ rows: [], rowCount: (result as Mysql.ResultSetHeader).affectedRows });
        },
      );
    });
  }

  /** Rows through mysql2's row stream (the server sends them as the client reads). */
  async *stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<DriverRow[]> {
    const command = this.raw.query(sql, parameters as unknown[]);
    const stream = command.stream({ highWaterMark: batchSize });
    // mysql2 hands a dying connection's error only to commands with a callback, which a
    // row stream has not: without these listeners, a stream whose connection is killed or
    // dropped mid-result never ends (nor does a timeout's cancelling, then).
    const raw = this.raw;
    const socket = (raw as unknown as { stream?: NodeJS.EventEmitter }).stream;
    const onLost = (error?: unknown): void => {
      this.lost = true;
      stream.destroy(lostWhileStreaming(error));
    };
    const onEnd = (): void => onLost();
    raw.on('error', onLost);
    raw.on('end', onEnd);
    socket?.on('close', onEnd);
    let finished = false;
    try {
      let batch: DriverRow[] = [];
      for await (const row of stream as AsyncIterable<DriverRow>) {
        batch.push(row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      finished = true;
      anchorMysql2Query(command, raw, batch);
      if (batch.length > 0) yield batch;
    } finally {
      raw.off('error', onLost);
      raw.off('end', onEnd);
      socket?.off('close', onEnd);
      // Left early: the rest of the result is still on the wire; the connection is not
      // reusable until it has read it, so it is destroyed instead of returned.
      if (!finished) {
        this.abandoned = true;
        stream.destroy();
      }
    }
  }

  /** The server's id of this session: what `KILL QUERY <id>` cancels (timeout hook). */
  get threadId(): number {
    return this.raw.threadId;
  }

  release(broken: boolean): void {
    if (broken || this.abandoned || this.lost) this.raw.destroy();
    else this.raw.release();
  }
}
