/**
 * The pool of read-only connections beside SQLite's one writer (WAL mode lets readers
 * work while a writer writes): opened on demand up to a limit, handed out one holder at a
 * time, with a timed wait when all are busy.
 */
import type sqlite3 from 'sqlite3';
import { PoolTimeoutError } from '../../core/errors.js';
import { closeDatabase, openDatabase } from './database.js';

export class ReaderPool {
  private readonly idle: sqlite3.Database[] = [];
  private readonly all = new Set<sqlite3.Database>();
  private opening = 0;
  private readonly waiting: { grant: (db: sqlite3.Database) => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    private readonly filename: string,
    private readonly size: number,
    private readonly busyTimeoutMs: number,
    private readonly acquireTimeoutMs: number,
  ) {}

  /** An idle reader, without waiting (null when none is idle). */
  takeIdle(): sqlite3.Database | null {
    return this.idle.pop() ?? null;
  }

  async acquire(): Promise<sqlite3.Database> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.all.size + this.opening < this.size) {
      this.opening++;
      try {
        const { db } = await openDatabase(this.filename, 'reader', this.busyTimeoutMs);
        this.all.add(db);
        return db;
      } finally {
        this.opening--;
      }
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: (db: sqlite3.Database) => {
          clearTimeout(entry.timer);
          resolve(db);
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(
            new PoolTimeoutError(
              `no SQLite reader connection became free within ${this.acquireTimeoutMs} ms ` +
                `(${this.size} readers, all held by transactions or streams); raise poolSize ` +
                'or acquireTimeoutMs, or end transactions sooner',
            ),
          );
        }, this.acquireTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  release(db: sqlite3.Database): void {
    const next = this.waiting.shift();
    if (next) next.grant(db);
    else this.idle.push(db);
  }

  async close(): Promise<void> {
    const dbs = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(dbs.map((db) => closeDatabase(db).catch(() => undefined)));
  }
}
