/**
 * A primary connection lent by a routing session (`session.connect()`, which an ORM
 * Session holds), wrapped so that what it writes counts as the session's write for
 * read-your-writes: a commit, an outermost transaction(), and a statement that is not
 * read-only run outside a transaction (autocommit: it is committed when it returns).
 * Statements inside a transaction are counted by that transaction's commit.
 */
import type { Compilable } from '../compiler/compile.js';
import type {
  Connection,
  EngineTransactionOptions,
  Executor,
  Params,
  StreamOptions,
} from '../connection.js';
import type { StatementOptions } from '../statement-limits.js';
import { isReadOnly } from './read-statement.js';

/** Records a write; `on` is a connection outside a transaction the position may be asked on. */
export type WroteCallback = (on: Executor) => Promise<void>;

export function trackWrites(connection: Connection, wrote: WroteCallback): Connection {
  /** True when `statement` commits a write as it runs (outside a transaction, not a read). */
  const autocommitWrite = (statement: Compilable, params: Params | undefined): boolean =>
    !connection.inTransaction && !isReadOnly(statement, connection.dialect, params);

  const execute = async (
    statement: Compilable,
    params?: Params,
    options?: StatementOptions,
  ): Promise<unknown> => {
    const write = autocommitWrite(statement, params);
    const result = await connection.execute(statement, params, options);
    if (write) await wrote(connection);
    return result;
  };

  const stream = (statement: Compilable, options?: StreamOptions): AsyncIterable<unknown> => {
    if (!autocommitWrite(statement, options?.params)) return connection.stream(statement, options);
    return (async function* () {
      try {
        yield* connection.stream(statement, options);
      } finally {
        // However the iteration ended (a caller that stopped early, a failure after the
        // statement ran): the server may have written, and counting a write that did not
        // happen only keeps reads on the primary a little longer.
        await wrote(connection);
      }
    })();
  };

  const commit = async (): Promise<void> => {
    await connection.commit();
    await wrote(connection);
  };

  const transaction = async <T>(
    work: (tx: Executor) => Promise<T>,
    options?: EngineTransactionOptions,
  ): Promise<T> => {
    const outermost = !connection.inTransaction;
    const result = await connection.transaction(work, options);
    if (outermost) await wrote(connection);
    return result;
  };

  const replaced: Partial<Record<PropertyKey, unknown>> = { execute, stream, commit, transaction };
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (Object.hasOwn(replaced, property)) return replaced[property];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}
