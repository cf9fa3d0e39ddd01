/**
 * A connection's open streams, and the statements they forbid meanwhile. PostgreSQL and
 * MySQL/MariaDB run one statement at a time on a connection: a statement (or a BEGIN,
 * COMMIT, ROLLBACK, savepoint) asked while a stream still reads is queued behind it, and
 * the stream waits for its reader, who waits for that statement: it would never return.
 * So it is refused at once with a ConnectionBusyError, before anything is sent. Dialects
 * that run statements beside a stream (`statementsBesideStreams`, SQLite) allow them.
 */
import type { SqlDialect } from './dialect.js';
import { ConnectionBusyError } from './errors.js';

export class StreamGuard {
  /** Streams that have started and not finished. */
  private open = 0;

  constructor(private readonly dialect: SqlDialect) {}

  opened(): void {
    this.open++;
  }

  closed(): void {
    this.open--;
  }

  /** A stream still reads, and nothing else may run on the connection meanwhile. */
  get busy(): boolean {
    return this.open > 0 && this.dialect.capabilities.statementsBesideStreams !== true;
  }

  /** Refuses `what` while {@link busy}. */
  check(what: string): void {
    if (this.busy)
      throw new ConnectionBusyError(
        `${what} on a connection whose stream is still reading: ${this.dialect.name} runs ` +
          'one statement at a time on a connection, so it would wait for the stream forever; ' +
          'finish or leave the for await loop first, or use another connection (another Session)',
      );
  }
}
