/**
 * The object bookkeeping half of the Session: which objects it holds (identity map,
 * pending, marked and flushed deletes), the state transitions the unit of work and the
 * journal drive (pending → persistent → deleted → detached), and the dirty check that
 * decides whether an autoflush has anything to do. Everything here is synchronous; the
 * database side is above it: session-transaction.ts (connection, flush, commit, rollback)
 * and session.ts (reads).
 */
import { InvalidRequestError } from '../errors.js';
import { IdentityMap } from '../state/identity-map.js';
import { type InstanceState } from '../state/instance-state.js';
import { Journal } from '../state/journal.js';
import { relationsChanged } from '../state/relation-changes.js';
import { PendingSet } from '../state/pending-set.js';
import {
  lazyModified,
  madeState,
  SessionEpoch,
  SessionLink,
  stateOf,
} from '../state/lazy-state.js';
import { changeScan } from '../state/lazy-diff.js';
import type { Mapper } from '../mapping/mapper.js';
import type { IdentityKey } from '../mapping/identity-key.js';
import type { SessionCriteria } from '../criteria/session-criteria.js';
import { softDelete } from '../criteria/soft-delete.js';
import type { SessionEvents } from '../events/session-events.js';

let nextSessionId = 1;

export abstract class SessionObjects {
  readonly id = nextSessionId++;
  readonly identityMap = new IdentityMap();
  readonly pending = new PendingSet();
  readonly deleted = new Set<InstanceState>();
  readonly journal = new Journal();
  /** Flushed deletes, detached at commit. */
  protected readonly flushedDeletes = new Set<InstanceState>();
  /**
   * What objects that join the session point to (see {@link SessionEpoch}); ending its
   * link detaches them all at once. `expireOnCommit` starts a new epoch at each commit.
   */
  epoch: SessionEpoch = new SessionEpoch(new SessionLink(this));
  /** Lifecycle event handlers (docs/events.md); null when none: every hook is one null check. */
  events: SessionEvents | null = null;
  /** Default criteria (filters); null when the session has none. */
  criteria: SessionCriteria | null = null;

  protected checkOpen(): void {
    // A closed session is reusable (as in SQLAlchemy): nothing to check yet.
  }

  /** Adds a transient object (pending: inserted at the next flush) or re-attaches a detached one. */
  add(obj: object): void {
    this.checkOpen();
    const st = stateOf(obj);
    if (st.deletedFlushed) throw deletedError(st);
    if (st.session === this) {
      if (st.markedForDeletion) {
        st.markedForDeletion = false;
        this.deleted.delete(st);
      }
      return;
    }
    if (st.session !== null)
      throw new InvalidRequestError(
        `${st.mapper.name} is already in another session; expunge it there first or use session.merge()`,
      );
    this.cascadeAdd(st, 'add');
  }

  addAll(objs: Iterable<object>): void {
    for (const o of objs) this.add(o);
  }

  /**
   * Marks a persistent object for deletion at the next flush (a pending one is just
   * expunged). An object of a soft-deleting model (`@dbgen softDelete`) gets its column set
   * instead, unless `{ hard: true }`.
   */
  delete(obj: object, options?: { readonly hard?: boolean }): void {
    this.checkOpen();
    const st = stateOf(obj);
    if (st.session !== this) {
      throw new InvalidRequestError(
        st.session === null
          ? `${st.mapper.name} is not in this session (it is ${st.status}); add it or load it first`
          : `${st.mapper.name} belongs to another session`,
      );
    }
    if (options?.hard !== true) {
      const soft = softDelete(st);
      // A rollback of the transaction (or savepoint) puts the column back, as it unmarks
      // a hard deletion: the user's delete() is undone with the database's.
      if (soft !== null) return this.journal.noteSoftDelete(st.obj, soft);
    }
    this.cascadeDelete(st);
  }

  /** Removes an object from the session: detached if it has a row, transient if not. */
  expunge(obj: object): void {
    const st = stateOf(obj);
    if (st.session !== this)
      throw new InvalidRequestError(`${st.mapper.name} is not in this session`);
    this.pending.delete(st);
    this.deleted.delete(st);
    this.flushedDeletes.delete(st);
    this.identityMap.delete(st);
    st.session = null;
    st.markedForDeletion = false;
  }

  /**
   * Expunges every object. The mapped ones are detached by ending the session's link,
   * not one by one: closing a session that loaded 20,000 objects touches none of them.
   */
  expungeAll(): void {
    for (const st of this.deleted) st.markedForDeletion = false;
    for (const st of [...this.pending, ...this.flushedDeletes]) {
      st.session = null;
      st.markedForDeletion = false;
    }
    this.epoch.link.session = null;
    this.epoch = new SessionEpoch(new SessionLink(this));
    this.identityMap.clear();
    this.pending.clear();
    this.deleted.clear();
    this.flushedDeletes.clear();
  }

  /**
   * Expires every object (commit with `expireOnCommit`): their epoch is marked expired,
   * and objects that join from now on get a new one.
   */
  protected expireAll(): void {
    this.epoch.expired = true;
    this.epoch = new SessionEpoch(this.epoch.link);
  }

  /** Objects added and not yet flushed. */
  get new(): object[] {
    return [...this.pending].map((s) => s.obj);
  }
  /** Persistent objects whose columns differ from their snapshot. */
  get dirty(): object[] {
    const out: object[] = [];
    this.identityMap.forEach((o, mapper) => {
      const st = madeState(o);
      if (st === null ? lazyModified(o, mapper) : !st.markedForDeletion && st.isModified)
        out.push(o);
    });
    return out;
  }
  /** Objects marked for deletion and not yet flushed. */
  get deletedObjects(): object[] {
    return [...this.deleted].map((s) => s.obj);
  }

  /** True when `obj` is pending or persistent in this session. */
  contains(obj: object): boolean {
    return stateOf(obj).session === this;
  }

  /** True when a flush would have something to write (the autoflush test). */
  protected hasChanges(): boolean {
    return this.hasNewOrDeleted() || this.hasChangedObjects();
  }

  /** True when objects wait to be inserted or deleted: one check, whatever the session holds. */
  protected hasNewOrDeleted(): boolean {
    return this.pending.size > 0 || this.deleted.size > 0;
  }

  /** True when a mapped object has unflushed changes: a walk over every object. */
  protected hasChangedObjects(): boolean {
    // An object without a state made has only unchanged relations: compare its columns.
    // Per mapper, one generated loop (lazy-diff.ts says why): it compares the columns of
    // objects without a state and hands the others to `made`.
    return this.identityMap.someMapper((mapper, objects) => {
      const made = (o: object): boolean => {
        const st = madeState(o);
        if (st === null) return lazyModified(o, mapper);
        return (st.hasRelationCells && relationsChanged(st)) || st.isModified;
      };
      return changeScan(mapper)(objects.list, made);
    });
  }

  // ---- FlushSession / JournalTarget ---------------------------------------------------

  /**
   * The mapped objects that have a state. Those without one (loaded, not yet touched
   * through the ORM) have no relation changes, no deletion mark and no cascades to run,
   * so the flush's relation and cascade passes skip them.
   */
  persistentStates(): InstanceState[] {
    const out: InstanceState[] = [];
    this.identityMap.forEach((o) => {
      const st = madeState(o);
      if (st !== null) out.push(st);
    });
    return out;
  }

  /**
   * One mapper's states, and those of its objects without one whose columns changed; or,
   * given `lazy`, those objects go there instead, their states not made (the flush may
   * update them without, flush/lazy-updates.ts).
   */
  persistentStatesOf(mapper: Mapper, lazy: object[] | null = null): InstanceState[] {
    const out: InstanceState[] = [];
    this.identityMap.statesFor(mapper).forEach((o) => {
      const st = madeState(o);
      if (st !== null) out.push(st);
      else if (!lazyModified(o, mapper)) return;
      else if (lazy !== null) lazy.push(o);
      else out.push(stateOf(o));
    });
    return out;
  }

  persistentMappers(): Mapper[] {
    return this.identityMap.mappers();
  }

  cascadeAdd(st: InstanceState, _via: string): void {
    if (st.session === this) return;
    if (st.key !== null && st.committed !== null) {
      if (st.deletedFlushed) throw deletedError(st);
      // Detached: back to persistent, unless another object has its identity here.
      const other = this.identityMap.get(st.mapper, st.key);
      if (other !== undefined && other !== st.obj)
        throw new InvalidRequestError(
          `another ${st.mapper.name} with key ${st.key} is already in this session; use session.merge()`,
        );
      st.session = this;
      this.identityMap.set(st);
      return;
    }
    st.session = this;
    st.committed = null;
    this.pending.add(st);
    this.journal.noteAdded(st);
  }

  cascadeDelete(st: InstanceState): void {
    if (st.committed === null) {
      if (st.session === this) this.detach(st);
      return;
    }
    if (st.session !== this || st.markedForDeletion || st.deletedFlushed) return;
    // Recorded unmarked: a rollback of the transaction or savepoint unmarks it again.
    this.journal.record(st);
    st.markedForDeletion = true;
    this.deleted.add(st);
  }

  becamePersistent(states: readonly InstanceState[]): void {
    // Every state here is pending, each once: as many as pending holds means all of them.
    if (states.length === this.pending.size) this.pending.clear();
    else for (let i = 0; i < states.length; i++) this.pending.delete(states[i] as InstanceState);
    if (states.length > 0)
      this.identityMap.statesFor((states[0] as InstanceState).mapper).reserve(states.length);
    for (let i = 0; i < states.length; i++) this.identityMap.set(states[i] as InstanceState);
  }

  becameDeleted(st: InstanceState): void {
    st.deletedFlushed = true;
    st.markedForDeletion = false;
    this.deleted.delete(st);
    this.identityMap.delete(st);
    this.flushedDeletes.add(st);
  }

  rekeyed(states: readonly InstanceState[], keys: readonly IdentityKey[]): void {
    // All out first: objects that swapped keys would otherwise unfile each other.
    for (let i = 0; i < states.length; i++) this.identityMap.delete(states[i] as InstanceState);
    for (let i = 0; i < states.length; i++) {
      const st = states[i] as InstanceState;
      st.key = keys[i] as IdentityKey;
      this.identityMap.set(st);
    }
  }

  reattach(st: InstanceState, asPending: boolean): void {
    st.session = this;
    if (asPending) this.pending.add(st);
    else {
      this.identityMap.set(st);
      if (st.markedForDeletion) this.deleted.add(st);
    }
  }

  detach(st: InstanceState): void {
    this.pending.delete(st);
    this.deleted.delete(st);
    this.flushedDeletes.delete(st);
    this.identityMap.delete(st);
    st.session = null;
    st.key = null;
    st.committed = null;
    st.markedForDeletion = false;
    st.deletedFlushed = false;
  }
}

/**
 * Adding an object whose DELETE was flushed (or committed): it has no row, so it can be
 * neither persistent (a flush would update nothing) nor silently ignored (SQLAlchemy
 * raises too).
 */
function deletedError(st: InstanceState): InvalidRequestError {
  return new InvalidRequestError(
    `${st.mapper.name} ${JSON.stringify(st.identity)} was deleted (its DELETE was flushed); ` +
      'add a new object, or merge() this one, to insert the row again',
  );
}
