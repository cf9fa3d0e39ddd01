/**
 * What a Query needs of its Session (which implements it): an interface, so that the
 * query files do not import session.ts, which imports them to make queries.
 */
import type { StatementNode } from '../../core/nodes.js';
import type { LoaderSession } from '../relations/loaders.js';

export interface QuerySession extends LoaderSession {
  /** Flushes pending changes first when the session autoflushes. */
  autoflushNow(): Promise<void>;
  stream(statement: StatementNode, batchSize: number): Promise<AsyncIterable<unknown>>;
  /** Runs the `load` event handlers of the objects just hydrated (docs/events.md). */
  afterLoad(): Promise<void>;
  /** The session as seen by a query that switched these filters off. */
  withFiltersOff(off: ReadonlySet<string>): QuerySession;
  /** The session's filters (to check the names a query switches off). */
  readonly filters: { check(name: string): void };
}
