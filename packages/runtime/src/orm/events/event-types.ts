/**
 * The shapes of the ORM's lifecycle events (docs/events.md): what each handler receives.
 * Kept apart from the registry so the session, the flush and hydration can name them
 * without importing one another.
 */
import type { Model } from '../mapping/model.js';
import type { ColumnNames } from '../mapping/types.js';

/** Events about one object, fired per object (and filterable by model). */
export type ObjectEventName =
  | 'beforeInsert'
  | 'afterInsert'
  | 'beforeUpdate'
  | 'afterUpdate'
  | 'beforeDelete'
  | 'afterDelete'
  | 'load';

/** Events about the whole session. */
export type SessionEventName = 'beforeFlush' | 'afterFlush' | 'afterCommit' | 'afterRollback';

/** Every event a {@link SessionEvents} registry takes. */
export type EventName = ObjectEventName | SessionEventName;

/**
 * What a write changes, by column property: the value the row had (`old`: undefined for
 * an insert) and the value written (`new`).
 */
export type Changes<M> = {
  readonly [K in ColumnNames<M>]?: { readonly old: M[K] | null | undefined; readonly new: M[K] };
};

/** Any model's changes, keyed by property name. */
export type AnyChanges = Readonly<
  Record<string, { readonly old: unknown; readonly new: unknown } | undefined>
>;

/** What an object event handler receives. */
export interface ObjectEvent<M, S> {
  readonly session: S;
  readonly object: M;
  /**
   * Insert: every column given a value (old undefined). Update: the changed columns with
   * their old and new values. Delete and load: empty.
   */
  readonly changes: Changes<M>;
}

/** `beforeFlush`: what the flush is about to write; the handler may add, change or delete objects. */
export interface BeforeFlushEvent<S> {
  readonly session: S;
  /** Objects added since the last flush. */
  readonly new: readonly object[];
  /** Persistent objects with changed columns. */
  readonly dirty: readonly object[];
  /** Objects marked for deletion (a soft delete shows in `dirty`). */
  readonly deleted: readonly object[];
}

/** `afterFlush`: what the flush wrote (in the transaction, not committed yet). */
export interface AfterFlushEvent<S> {
  readonly session: S;
  readonly inserted: readonly { readonly object: Model; readonly changes: AnyChanges }[];
  readonly updated: readonly { readonly object: Model; readonly changes: AnyChanges }[];
  readonly deleted: readonly Model[];
}

/** `afterCommit`, `afterRollback`. */
export interface TransactionEvent<S> {
  readonly session: S;
}

/** The payload type of each session event. */
export interface SessionEventMap<S> {
  beforeFlush: BeforeFlushEvent<S>;
  afterFlush: AfterFlushEvent<S>;
  afterCommit: TransactionEvent<S>;
  afterRollback: TransactionEvent<S>;
}

/** A handler: may be async; a thrown error (or rejection) reaches the caller unchanged. */
export type Handler<E> = (event: E) => void | Promise<void>;
