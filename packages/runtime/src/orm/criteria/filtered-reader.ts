/**
 * A query that switches filters off (`withDeleted()`, `withoutFilters('tenant')`) reads
 * through a view of its session whose statement runners leave those filters out: the
 * relation loads its options start see the same switches. The view inherits everything
 * else from the session (identity map, epoch, events), and every method that changes the
 * session's own fields (autoflush, connecting) runs on the session itself.
 */
import type { StatementNode } from '../../core/nodes.js';
import type { OrmExecutor } from '../session/executor.js';
import type { FiltersOff } from './session-criteria.js';

/** What the view needs of the session. */
interface FilterableSession {
  executor(off: FiltersOff | null): Promise<OrmExecutor>;
  stream(
    statement: StatementNode,
    batchSize: number,
    off: FiltersOff | null,
  ): Promise<AsyncIterable<unknown>>;
  autoflushNow(): Promise<void>;
  afterLoad(): Promise<void>;
}

export function readerWithFiltersOff<S extends FilterableSession>(session: S, off: FiltersOff): S {
  return Object.create(session, {
    // Read by the reference loader, which tests objects in memory against the same filters.
    filtersOff: { value: off },
    executor: { value: () => session.executor(off) },
    stream: {
      value: (statement: StatementNode, batchSize: number) =>
        session.stream(statement, batchSize, off),
    },
    autoflushNow: { value: () => session.autoflushNow() },
    afterLoad: { value: () => session.afterLoad() },
  }) as S;
}
