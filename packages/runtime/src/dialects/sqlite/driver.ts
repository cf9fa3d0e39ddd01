/**
 * SQLite driver adapter over `sqlite3`: one writer connection (WAL, busy timeout, foreign
 * keys on) held by one holder at a time, which serialises writes as SQLite's
 * single-writer model needs, and beside it a pool of read-only reader connections (WAL
 * lets them read while the writer writes), so a session or stream that only reads blocks
 * nobody. Without WAL (`:memory:`, a file system without shared memory) every statement
 * goes to the writer. Waiting longer than the acquire timeout fails with PoolTimeoutError.
 */
import type { Driver, DriverConnection, ResultShape, RunCallback } from '../../core/driver.js';
import type { DbgenError } from '../../core/errors.js';
import { anchorTwin } from '../../core/shape-anchors.js';
import { SqliteConnection, type SqliteHome } from './connection.js';
import { closeDatabase, openDatabase, runOn } from './database.js';
import { sqliteDialect } from './dialect.js';
import { mapSqliteError } from './errors.js';
import { Gate } from './gate.js';
import { ReaderPool } from './readers.js';
import { isReadOnlyRefusal, routeOf } from './routing.js';
import type sqlite3 from 'sqlite3';

export interface SqliteDriverOptions {
  /** A file path or `:memory:`. */
  readonly filename: string;
  readonly busyTimeoutMs: number;
  readonly acquireTimeoutMs: number;
  /** Most reader connections beside the writer (default 4; 0: every statement on the writer). */
  readonly readers?: number;
}

/** Readers by default: a few (each holds its own page cache). */
const DEFAULT_READERS = 4;

export class SqliteDriver implements Driver {
  readonly dialect = sqliteDialect;
  private opening: Promise<SqliteHome> | null = null;
  private home: SqliteHome | null = null;

  constructor(private readonly options: SqliteDriverOptions) {}

  private open(): Promise<SqliteHome> {
    const options = this.options;
    this.opening ??= openDatabase(options.filename, 'writer', options.busyTimeoutMs).then(
      ({ db, wal }) => {
        const home: SqliteHome = {
          writer: db,
          closed: false,
          writerGate: new Gate(
            options.acquireTimeoutMs,
            () =>
              `the SQLite writer connection did not become free within ${options.acquireTimeoutMs} ms ` +
              '(it is held by a transaction or an unreleased connection that wrote; SQLite allows one writer)',
          ),
          readers:
            wal && (options.readers ?? DEFAULT_READERS) > 0
              ? new ReaderPool(
                  options.filename,
                  options.readers ?? DEFAULT_READERS,
                  options.busyTimeoutMs,
                  options.acquireTimeoutMs,
                )
              : null,
        };
        this.home = home;
        return home;
      },
    );
    this.opening.catch(() => {
      this.opening = null;
    });
    return this.opening;
  }

  acquire(): Promise<DriverConnection> {
    // Nothing is taken yet: the connection takes a reader or the writer per statement.
    const home = this.home;
    if (home) return Promise.resolve(connectionOn(home));
    return this.open().then(connectionOn);
  }

  run(sql: string, parameters: readonly unknown[], shape: ResultShape, done: RunCallback): void {
    const home = this.home;
    if (home === null) {
      this.open().then(
        () => this.run(sql, parameters, shape, done),
        (error: unknown) => done(error, undefined, false),
      );
      return;
    }
    const readers = home.readers;
    if (readers !== null && routeOf(sql) === 'read') {
      // Fast path: an idle reader, no promise at all.
      const idle = readers.takeIdle();
      if (idle !== null) this.runOnReader(home, idle, sql, parameters, shape, done);
      else
        readers.acquire().then(
          (reader) => this.runOnReader(home, reader, sql, parameters, shape, done),
          (error: unknown) => done(error, undefined, false),
        );
      return;
    }
    this.runThroughGate(home, sql, parameters, shape, done);
  }

  /** Takes the writer (waiting, timed, when it is held), runs the statement, gives it up. */
  private runThroughGate(
    home: SqliteHome,
    sql: string,
    parameters: readonly unknown[],
    shape: ResultShape,
    done: RunCallback,
  ): void {
    if (home.writerGate.tryTake()) this.runOnWriter(home, sql, parameters, shape, done);
    else
      home.writerGate.take().then(
        () => this.runOnWriter(home, sql, parameters, shape, done),
        (error: unknown) => done(error, undefined, false),
      );
  }

  private runOnReader(
    home: SqliteHome,
    reader: sqlite3.Database,
    sql: string,
    parameters: readonly unknown[],
    shape: ResultShape,
    done: RunCallback,
  ): void {
    try {
      runOn(reader, sql, parameters, shape, (error, result) => {
        home.readers!.release(reader);
        // A statement that writes after all (WITH ... INSERT) goes to the writer.
        if (error && isReadOnlyRefusal(error))
          this.runThroughGate(home, sql, parameters, shape, done);
        else done(error, result, true);
      });
    } catch (error) {
      home.readers!.release(reader);
      done(error, undefined, true);
    }
  }

  /** Runs a statement while holding the writer, which is given up when it ends. */
  private runOnWriter(
    home: SqliteHome,
    sql: string,
    parameters: readonly unknown[],
    shape: ResultShape,
    done: RunCallback,
  ): void {
    try {
      runOn(home.writer, sql, parameters, shape, (error, result) => {
        home.writerGate.give();
        done(error, result, true);
      });
    } catch (error) {
      home.writerGate.give();
      done(error, undefined, true);
    }
  }

  mapError(error: unknown, sql: string, parameters: readonly unknown[]): DbgenError {
    return mapSqliteError(error, sql, parameters);
  }

  isConnectionLost(): boolean {
    return false;
  }

  isCancelled(error: unknown): boolean {
    return (error as { code?: string } | null)?.code === 'SQLITE_INTERRUPT';
  }

  async close(): Promise<void> {
    // At once: a held connection's next statement is refused, not run on a reader it reopens.
    if (this.home) this.home.closed = true;
    const opening = this.opening;
    this.opening = null;
    this.home = null;
    if (!opening) return;
    const home = await opening.catch(() => null);
    if (!home) return;
    home.closed = true; // (opened while closing)
    await home.readers?.close();
    await closeDatabase(home.writer);
  }
}

/**
 * A connection on `home`; the first of each shape leaves a twin alive for its hidden
 * class (core/shape-anchors.ts): a session's connection dies with it.
 */
function connectionOn(home: SqliteHome): SqliteConnection {
  const connection = new SqliteConnection(home);
  anchorTwin(SqliteConnection, connection, () => new SqliteConnection(home));
  return connection;
}
