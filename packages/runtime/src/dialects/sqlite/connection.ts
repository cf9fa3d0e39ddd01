/**
 * The connection the SQLite driver lends (`engine.connect()`, a Session, a transaction):
 * it reads on a reader connection and writes on the single writer, taking each only when
 * a statement needs it. A transaction that starts with reads runs them on a reader (no
 * lock): a plain BEGIN there gives them one snapshot; READ COMMITTED
 * ({@link READ_COMMITTED_BEGIN}) begins nothing there, so each read sees the latest
 * commits, as in PostgreSQL's default READ COMMITTED, and costs no BEGIN and ROLLBACK on
 * the reader. The transaction moves to the writer at its first write: the reader's
 * transaction ends and the writer begins one (BEGIN IMMEDIATE), so later statements see
 * the latest committed data. A BEGIN IMMEDIATE or EXCLUSIVE takes the writer at once
 * (serializable: SQLite's one-writer behaviour).
 * Once taken, the writer is kept until release, so connection settings (PRAGMA) and
 * temporary tables stay with the connection that made them.
 */
import type sqlite3 from 'sqlite3';
import type { DriverConnection, DriverResult, DriverRow, ResultShape } from '../../core/driver.js';
import { ConnectionError } from '../../core/errors.js';
import { queryOn, streamOn } from './database.js';
import type { Gate } from './gate.js';
import type { ReaderPool } from './readers.js';
import { isReadOnlyRefusal, READ_COMMITTED_BEGIN, routeOf, takesWriterAtBegin } from './routing.js';
import { transactionEnded } from './transaction-probe.js';

/** What a lent connection needs from its driver. */
export interface SqliteHome {
  readonly writer: sqlite3.Database;
  readonly writerGate: Gate;
  /** Null when readers cannot work beside the writer (`:memory:`, no WAL). */
  readonly readers: ReaderPool | null;
  /** Set by the driver's close(): a held connection then runs nothing (its databases are closed). */
  closed: boolean;
}

/** A held connection's statement after engine.close(). */
function closedUnderHolder(): ConnectionError {
  return new ConnectionError(
    'this connection was closed by engine.close() while it was held: it runs no more statements',
  );
}

const NOTHING: DriverResult = Object.freeze({ rows: [], rowCount: 0 }) as DriverResult;

export class SqliteConnection implements DriverConnection {
  private holdsWriter = false;
  private reader: sqlite3.Database | null = null;
  /** A transaction was begun on the reader. */
  private readerTransaction = false;
  /** BEGIN was asked for but not sent: it goes where the first statement goes. */
  private pendingBegin = false;
  /** The pending transaction reads each statement on its own (READ COMMITTED): no BEGIN
   * goes to the reader, only to the writer at the first write. */
  private readsOnTheirOwn = false;
  /** Statements and streams running on the reader: it goes back only once none does. */
  private readerUsers = 0;
  /** The reader is to go back once nothing runs on it (the connection moved on). */
  private dropWhenIdle = false;
  /** The reader being acquired, or the snapshot BEGIN being sent on it: statements run
   * side by side on this connection wait for the one that does it, not do it again. */
  private readerReady: Promise<void> | null = null;
  /** SQLite rolled this connection's transaction back by itself ({@link endsTransaction}):
   * the ROLLBACK the caller sends next has nothing left to end. */
  private endedBySqlite = false;

  constructor(private readonly home: SqliteHome) {}

  async query(
    sql: string,
    parameters: readonly unknown[],
    shape: ResultShape,
  ): Promise<DriverResult> {
    const home = this.home;
    // Its databases are closed: a reader would be opened again behind the closed engine.
    if (home.closed) throw closedUnderHolder();
    switch (routeOf(sql)) {
      case 'begin':
        this.endedBySqlite = false;
        if (home.readers === null || this.holdsWriter || takesWriterAtBegin(sql)) {
          await this.takeWriter();
          return queryOn(home.writer, sql, parameters, shape);
        }
        this.pendingBegin = true;
        this.readsOnTheirOwn = sql === READ_COMMITTED_BEGIN;
        return NOTHING;
      case 'end':
        if (this.endedBySqlite) {
          // SQLite ended it already: a ROLLBACK (or COMMIT) there would fail with "no
          // transaction is active". A reader it ran on goes back as it is.
          this.endedBySqlite = false;
          this.readerTransaction = false;
          this.dropReader();
          return NOTHING;
        }
        if (this.pendingBegin) {
          // Nothing began anywhere (at most reads, each on its own): nothing to end.
          this.pendingBegin = false;
          this.dropReader();
          return NOTHING;
        }
        if (this.readerTransaction && !this.holdsWriter) {
          try {
            const result = await queryOn(this.reader!, sql, parameters, shape);
            this.readerTransaction = false;
            return result;
          } finally {
            this.dropReader(); // (rolling back a transaction the end failed to end)
          }
        }
        await this.takeWriter();
        return queryOn(home.writer, sql, parameters, shape);
      case 'read': {
        if (this.holdsWriter || home.readers === null) return this.onWriter(sql, parameters, shape);
        // Taken without an await when it is at hand, so the statement is with the driver
        // before this call returns: the ORM's `get` runs its autoflush walk while it is in
        // flight (session.ts), which an await here would put after the walk.
        const reader = this.readerAtHand() ?? (await this.useReader());
        this.readerUsers++;
        try {
          return await queryOn(reader, sql, parameters, shape);
        } catch (error) {
          if (!isReadOnlyRefusal(error)) throw error;
        } finally {
          this.readerUsers--;
          if (this.dropWhenIdle || !this.readerTransaction) this.dropReader();
        }
        // It writes after all (WITH ... INSERT): run it on the writer.
        return this.onWriter(sql, parameters, shape);
      }
      case 'write':
        return this.onWriter(sql, parameters, shape);
    }
  }

  async *stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<DriverRow[]> {
    if (this.home.closed) throw closedUnderHolder();
    if (routeOf(sql) !== 'read' || this.holdsWriter || this.home.readers === null) {
      await this.upgrade();
      yield* streamOn(this.home.writer, sql, parameters, batchSize);
      return;
    }
    const reader = await this.useReader();
    this.readerUsers++;
    try {
      yield* streamOn(reader, sql, parameters, batchSize);
    } finally {
      this.readerUsers--;
      if (this.dropWhenIdle || !this.readerTransaction) this.dropReader();
    }
  }

  cancel(): Promise<void> {
    // Interrupts what runs on the databases this connection holds (nobody else uses
    // them meanwhile). SQLite clears the flag when the next statement starts with none
    // running, so it does not reach a later statement.
    if (this.holdsWriter) this.home.writer.interrupt();
    this.reader?.interrupt();
    return Promise.resolve();
  }

  /**
   * Whether the failed statement's error made SQLite roll back the whole transaction (see
   * transaction-probe.ts for when it does, and how this asks). The Connection then refuses
   * every statement until rollback(), as PostgreSQL does, instead of letting later ones
   * commit one by one in autocommit mode. Asked where the transaction lives: on the writer
   * once this connection holds it (begun there, or moved there at its first write); on the
   * reader for a snapshot transaction that has only read. While its BEGIN is still pending
   * (a READ COMMITTED transaction that has only read, each read on its own; a BEGIN
   * IMMEDIATE that failed on the way to the writer) no transaction is open anywhere, and
   * nothing can have ended.
   */
  async endsTransaction(): Promise<boolean> {
    if (this.pendingBegin) return false;
    const db = this.holdsWriter ? this.home.writer : this.readerTransaction ? this.reader : null;
    if (db === null) return false;
    const ended = await transactionEnded(db);
    if (ended) this.endedBySqlite = true;
    return ended;
  }

  release(): void {
    this.pendingBegin = false;
    this.endedBySqlite = false;
    // A reader a stream (or a statement) still reads on goes back when it ends: back in the
    // pool now, its open statement would hold its snapshot for the next user, who would
    // read old data, and keep checkpoints waiting. (An iterator never finished nor
    // returned keeps it, as it keeps a PostgreSQL connection: docs/runtime-core.md.)
    this.dropReader();
    if (this.holdsWriter) {
      this.holdsWriter = false;
      this.home.writerGate.give();
    }
  }

  private async onWriter(
    sql: string,
    parameters: readonly unknown[],
    shape: ResultShape,
  ): Promise<DriverResult> {
    // Held already (the usual case in a transaction that wrote): no await before the
    // driver has the statement, as for the reader above.
    if (!this.holdsWriter || this.pendingBegin) await this.upgrade();
    return queryOn(this.home.writer, sql, parameters, shape);
  }

  /**
   * The reader, acquired if needed, with a pending snapshot BEGIN sent on it. Only a
   * snapshot keeps it between statements: a READ COMMITTED transaction's reads each take
   * one (an idle one without waiting), so a session that has only read holds none.
   */
  private async useReader(): Promise<sqlite3.Database> {
    for (;;) {
      const reader = this.readerAtHand();
      if (reader !== null) return reader;
      this.readerReady ??= this.readyReader().finally(() => {
        this.readerReady = null;
      });
      await this.readerReady;
    }
  }

  /**
   * The reader when it can be used at once (held with no snapshot BEGIN to send, or an
   * idle one in the pool); null when {@link useReader} has to wait for one.
   */
  private readerAtHand(): sqlite3.Database | null {
    if (this.reader === null) {
      if (this.readerReady !== null) return null;
      this.reader = this.home.readers!.takeIdle();
      if (this.reader === null) return null;
    }
    // A snapshot's BEGIN is still to be sent on it (useReader does that).
    return this.pendingBegin && !this.readsOnTheirOwn ? null : this.reader;
  }

  private async readyReader(): Promise<void> {
    this.reader ??= await this.home.readers!.acquire();
    if (this.pendingBegin && !this.readsOnTheirOwn) {
      await queryOn(this.reader, 'begin', [], 'count');
      this.pendingBegin = false;
      this.readerTransaction = true;
    }
  }

  /**
   * Moves to the writer: ends the reader's transaction, and begins one on the writer. A
   * transaction stays pending until its BEGIN has run there, so a failure on the way (the
   * writer busy past the acquire timeout) never lets later statements run outside it.
   */
  private async upgrade(): Promise<void> {
    if (!this.holdsWriter) {
      const inTransaction = this.pendingBegin || this.readerTransaction;
      this.dropReader();
      this.pendingBegin = inTransaction;
      await this.takeWriter();
    }
    if (this.pendingBegin) {
      await queryOn(this.home.writer, 'begin immediate', [], 'count');
      this.pendingBegin = false;
    }
  }

  private async takeWriter(): Promise<void> {
    if (this.holdsWriter) return;
    await this.home.writerGate.take();
    this.holdsWriter = true;
  }

  /**
   * Gives the reader back, ending a transaction left on it (a reader goes back to the
   * pool with no transaction open); while statements or streams still run on it, once
   * they end.
   */
  private dropReader(): void {
    const reader = this.reader;
    if (reader === null) return;
    if (this.readerUsers > 0) {
      this.dropWhenIdle = true;
      return;
    }
    const inTransaction = this.readerTransaction;
    this.reader = null;
    this.readerTransaction = false;
    this.dropWhenIdle = false;
    const pool = this.home.readers!;
    if (!inTransaction) {
      pool.release(reader);
      return;
    }
    void queryOn(reader, 'rollback', [], 'count')
      .catch(() => undefined)
      .then(() => pool.release(reader));
  }
}
