/**
 * SQLite driver adapter over `sqlite3`: one database connection (WAL, busy timeout,
 * foreign keys on) handed out to one holder at a time. That serialises writes and makes a
 * transaction own the connection until it ends, which is what SQLite's single-writer
 * model needs; waiting longer than the acquire timeout fails with PoolTimeoutError.
 */
import sqlite3 from 'sqlite3';
import type {
  Driver,
  DriverConnection,
  DriverResult,
  DriverRow,
  ResultShape,
  RunCallback,
} from '../../core/driver.js';
import { ConnectionError, PoolTimeoutError, type DbgenError } from '../../core/errors.js';
import { sqliteDialect } from './dialect.js';
import { mapSqliteError } from './errors.js';

export interface SqliteDriverOptions {
  /** A file path or `:memory:`. */
  readonly filename: string;
  readonly busyTimeoutMs: number;
  readonly acquireTimeoutMs: number;
}

/** Whether a statement yields rows, guessed from its text when the compiler did not say. */
const ROWS_FIRST_WORD = /^\s*(?:select|with|values|pragma|explain)\b/i;
const RETURNING = /\breturning\b/i;

/** Runs one statement: `all` when it yields rows, else `run` (for the change count). */
function runOn(
  db: sqlite3.Database,
  sql: string,
  parameters: readonly unknown[],
  shape: ResultShape,
  done: (error: Error | null, result?: DriverResult) => void,
): void {
  const wantsRows =
    shape === 'rows' || (shape === 'unknown' && (ROWS_FIRST_WORD.test(sql) || RETURNING.test(sql)));
  if (wantsRows) {
    db.all(sql, parameters as unknown[], (err: Error | null, rows: DriverRow[]) => {
      if (err) done(err);
      else done(null, { rows, rowCount: rows.length });
    });
  } else {
    db.run(sql, parameters as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
      if (err) done(err);
      else done(null, { rows: [], rowCount: this.changes });
    });
  }
}

class SqliteConnection implements DriverConnection {
  constructor(
    private readonly db: sqlite3.Database,
    private readonly onRelease: () => void,
  ) {}

  query(sql: string, parameters: readonly unknown[], shape: ResultShape): Promise<DriverResult> {
    return new Promise((resolve, reject) => {
      runOn(this.db, sql, parameters, shape, (error, result) => {
        if (error) reject(error);
        else resolve(result!);
      });
    });
  }

  async *stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<DriverRow[]> {
    const statement = await new Promise<sqlite3.Statement>((resolve, reject) => {
      const s = this.db.prepare(sql, parameters as unknown[], (err: Error | null) =>
        err ? reject(err) : resolve(s),
      );
    });
    try {
      for (;;) {
        const batch: DriverRow[] = [];
        while (batch.length < batchSize) {
          const row = await new Promise<DriverRow | undefined>((resolve, reject) =>
            statement.get((err: Error | null, r: DriverRow | undefined) =>
              err ? reject(err) : resolve(r),
            ),
          );
          if (row === undefined) break;
          batch.push(row);
        }
        if (batch.length > 0) yield batch;
        if (batch.length < batchSize) return;
      }
    } finally {
      await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    }
  }

  cancel(): Promise<void> {
    // Interrupts what runs on this database now; SQLite clears the flag when the next
    // statement starts with none running, so it does not reach a later statement.
    this.db.interrupt();
    return Promise.resolve();
  }

  release(): void {
    this.onRelease();
  }
}

export class SqliteDriver implements Driver {
  readonly dialect = sqliteDialect;
  private db: Promise<sqlite3.Database> | null = null;
  private opened: sqlite3.Database | null = null;
  private busy = false;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly options: SqliteDriverOptions) {}

  private open(): Promise<sqlite3.Database> {
    this.db ??= new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(this.options.filename, (err) => {
        if (err) {
          reject(
            new ConnectionError(
              `could not open SQLite database "${this.options.filename}": ${err.message}`,
              { cause: err },
            ),
          );
          return;
        }
        db.configure('busyTimeout', this.options.busyTimeoutMs);
        const pragmas = ['pragma foreign_keys = on'];
        if (this.options.filename !== ':memory:') pragmas.push('pragma journal_mode = wal');
        db.exec(pragmas.join(';'), (e) =>
          e ? reject(mapSqliteError(e, pragmas.join(';'), [])) : resolve(db),
        );
      });
    });
    this.db.catch(() => {
      this.db = null;
    });
    return this.db;
  }

  acquire(): Promise<DriverConnection> {
    // Fast path: the database is open and free — no waiting, one promise.
    if (this.opened && !this.busy) {
      this.busy = true;
      return Promise.resolve(this.lend(this.opened));
    }
    return this.acquireSlowly();
  }

  private async acquireSlowly(): Promise<DriverConnection> {
    return this.lend(await this.openAndLock());
  }

  private async openAndLock(): Promise<sqlite3.Database> {
    const db = await this.open();
    this.opened = db;
    await this.lock();
    return db;
  }

  run(sql: string, parameters: readonly unknown[], shape: ResultShape, done: RunCallback): void {
    const db = this.opened;
    if (db && !this.busy) {
      // Fast path: open and free — held for this one statement, with no promise at all.
      this.busy = true;
      this.runLocked(db, sql, parameters, shape, done);
      return;
    }
    this.openAndLock().then(
      (locked) => this.runLocked(locked, sql, parameters, shape, done),
      (error: unknown) => done(error, undefined, false),
    );
  }

  /** Runs a statement while holding the lock, which is given up when it ends. */
  private runLocked(
    db: sqlite3.Database,
    sql: string,
    parameters: readonly unknown[],
    shape: ResultShape,
    done: RunCallback,
  ): void {
    try {
      runOn(db, sql, parameters, shape, (error, result) => {
        this.unlock();
        done(error, result, true);
      });
    } catch (error) {
      this.unlock();
      done(error, undefined, true);
    }
  }

  private lend(db: sqlite3.Database): DriverConnection {
    let released = false;
    return new SqliteConnection(db, () => {
      if (released) return;
      released = true;
      this.unlock();
    });
  }

  private lock(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(
            new PoolTimeoutError(
              `the SQLite connection did not become free within ${this.options.acquireTimeoutMs} ms ` +
                '(it is held by a transaction or an unreleased connection; SQLite allows one writer)',
            ),
          );
        }, this.options.acquireTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  private unlock(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.busy = false;
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
    const pending = this.db;
    this.db = null;
    this.opened = null;
    if (!pending) return;
    const db = await pending.catch(() => null);
    if (db)
      await new Promise<void>((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())));
  }
}
