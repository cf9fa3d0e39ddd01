/**
 * The Session (SQLAlchemy's, async): holds objects in an identity map, tracks what is new,
 * changed and deleted, and writes it in one transaction with the unit of work. It begins a
 * transaction on first use (on a connection borrowed from the engine) and ends it at
 * `commit()` / `rollback()` / `close()`. There is no hidden I/O: every database round trip
 * is an awaited Session or Query call.
 */
import type { StatementNode } from '../../core/nodes.js';
import { InvalidRequestError } from '../errors.js';
import type { OrmExecutor, RunResult } from './executor.js';
import { hydrate, populate } from '../query/hydrate.js';
import { identityKey } from '../state/identity-map.js';
import { describe } from '../state/instance-state.js';
import { isExpired, madeState, stateOf } from '../state/lazy-state.js';
import { mapperSelections, selectinLoad, type LoaderSession } from '../relations/loaders.js';
import { mapperOf, type Mapper } from '../mapping/mapper.js';
import { keySelect } from './key-select.js';
import { mergeInto } from './merge.js';
import type { Model } from '../mapping/model.js';
import { pkValues } from '../mapping/primary-key.js';
import { Query } from '../query/query.js';
import { SessionObjects } from './session-objects.js';
import { anchorShape } from '../state/shape-anchors.js';
import { Savepoints } from './savepoints.js';
import type {
  NestedTransaction,
  SessionConnection,
  SessionEngine,
  SessionOptions,
} from './session-types.js';
import type { ModelClass, RelationNames } from '../mapping/types.js';
import { flush, type FlushSession } from '../flush/unit-of-work.js';
import { toStatementNode, type Compilable } from '../../core/compiler/compile.js';
import {
  criteriaFromOptions,
  SessionCriteria,
  type FiltersOff,
  type SessionFilters,
} from '../criteria/session-criteria.js';
import { filteredExecutor } from '../criteria/filtered-executor.js';
import { readerWithFiltersOff } from '../criteria/filtered-reader.js';
import type {
  EventName,
  Handler,
  ObjectEvent,
  ObjectEventName,
  SessionEventMap,
  SessionEventName,
} from '../events/event-types.js';
import { SessionEvents } from '../events/session-events.js';
import { flushWithEvents } from '../events/flush-loop.js';

export type {
  NestedTransaction,
  SessionConnection,
  SessionEngine,
  SessionOptions,
} from './session-types.js';

export class Session extends SessionObjects implements FlushSession, LoaderSession {
  autoflush: boolean;
  /** INSERTs fetch server defaults through RETURNING ({@link SessionOptions.eagerDefaults}). */
  private readonly eagerDefaults: boolean;
  expireOnCommit: boolean;
  private connection: SessionConnection | null = null;
  private connecting: Promise<SessionConnection> | null = null;
  private readonly savepoints = new Savepoints();
  private flushing = false;
  private readonly connectOptions: { readonly statementTimeoutMs?: number };

  constructor(
    readonly engine: SessionEngine,
    options: SessionOptions = {},
  ) {
    super();
    this.autoflush = options.autoflush ?? true;
    this.eagerDefaults = options.eagerDefaults ?? true;
    this.expireOnCommit = options.expireOnCommit ?? false;
    this.connectOptions =
      options.statementTimeoutMs === undefined
        ? {}
        : { statementTimeoutMs: options.statementTimeoutMs };
    if (options.events !== undefined) this.events = new SessionEvents(options.events);
    this.criteria = criteriaFromOptions(options.tenant, options.filters);
  }

  // ---- events and filters (docs/events.md) ----------------------------------------------

  /** Adds a session event handler: `session.on('afterFlush', ({ inserted }) => ...)`. Returns its remover. */
  on<E extends SessionEventName>(
    event: E,
    handler: Handler<SessionEventMap<Session>[E]>,
  ): () => void;
  /** Adds an object event handler for one model: `session.on('beforeUpdate', Post, ({ object }) => ...)`. */
  on<M extends Model>(
    event: ObjectEventName,
    model: ModelClass<M>,
    handler: Handler<ObjectEvent<M, Session>>,
  ): () => void;
  /** Adds an object event handler for every model. */
  on(event: ObjectEventName, handler: Handler<ObjectEvent<Model, Session>>): () => void;
  on(event: EventName, modelOrHandler: unknown, handler?: unknown): () => void {
    const ev = (this.events ??= new SessionEvents());
    return (ev.on as (e: EventName, a: unknown, b?: unknown) => () => void).call(
      ev,
      event,
      modelOrHandler,
      handler,
    );
  }

  /** The session's filters, to switch them: `session.filters.disable('softDelete')`. */
  get filters(): SessionFilters {
    return this.criteria ?? new SessionCriteria([]);
  }

  /** @internal The session as a query that switched filters off reads through it. */
  withFiltersOff(off: FiltersOff): this {
    return readerWithFiltersOff(this, off);
  }

  /**
   * Runs a Core statement (a builder or a node; raw `sql` too) in the session's
   * transaction, after an autoflush, with the session's filters added to the tables it
   * reads and writes (raw SQL is run as written).
   */
  async execute(
    statement: Compilable,
    params?: Readonly<Record<string, unknown>>,
  ): Promise<{ readonly rows: readonly Record<string, unknown>[]; readonly rowCount: number }> {
    this.checkOpen();
    await this.autoflushNow();
    const conn = this.connection ?? (await this.conn());
    let node = toStatementNode(statement);
    if (this.criteria !== null) node = this.criteria.apply(node, null, params);
    return (await conn.execute(node, params)) as RunResult;
  }

  // ---- reading ------------------------------------------------------------------------

  /**
   * The object with this primary key: from the identity map without SQL when it is there,
   * else one SELECT (after an autoflush). Null when no row has the key. A composite key is
   * given as an array in key order, or as an object keyed by property.
   */
  async get<M extends Model>(cls: ModelClass<M>, pk: unknown): Promise<M | null> {
    this.checkOpen();
    const mapper = mapperOf(cls);
    const values = pkValues(mapper, pk);
    const key = identityKey(values);
    const mapped = this.identityMap.get(mapper, key);
    if (mapped !== undefined && !isExpired(mapped)) {
      if (this.criteria !== null && !this.criteria.matches(mapper, mapped)) return null;
      return madeState(mapped)?.markedForDeletion === true ? null : (mapped as M);
    }
    // Awaited only when there is something to do: each await of an async call is a few
    // more promise jobs per lookup (measured on W1, see docs/orm.md).
    if (this.autoflush && !this.flushing && this.hasChanges()) await this.flush();
    const conn = this.connection ?? (await this.conn());
    // The key by position (`keySelect`'s placeholders are read by index).
    const result = await conn.execute(
      this.criteria === null ? keySelect(mapper) : this.criteria.keySelect(mapper, keySelect),
      values as unknown as Readonly<Record<string, unknown>>,
    );
    const row = result.rows[0];
    if (row === undefined) return null;
    const obj = hydrate(this, mapper, row, null, false) as M;
    if (this.events !== null) await this.events.drainLoads(this);
    return obj;
  }

  /** Starts a query for a model: `session.query(User).filter(User.c.email.eq(x)).all()`. */
  query<M extends Model>(cls: ModelClass<M>): Query<M> {
    this.checkOpen();
    return new Query<M>(this, mapperOf(cls));
  }

  /** Reloads an object's columns from the database, discarding its unflushed changes. */
  async refresh(obj: object, relations: readonly string[] = []): Promise<void> {
    const st = stateOf(obj);
    if (st.session !== this || st.committed === null)
      throw new InvalidRequestError(
        `cannot refresh ${describe(obj)}: it is not persistent in this session`,
      );
    const rows = await this.selectByKey(
      st.mapper,
      st.mapper.pkProps.map((p) => (st.committed as Record<string, unknown>)[p]),
    );
    const row = rows[0];
    if (row === undefined)
      throw new InvalidRequestError(
        `cannot refresh ${st.mapper.name} ${JSON.stringify(st.identity)}: its row is gone`,
      );
    populate(st, row, null);
    st.relations.clear();
    st.relationSnapshot.clear();
    for (const r of relations) await this.load(obj, r as never);
  }

  /**
   * Loads a relation of one object (or reloads it with `{ refresh: true }`), then returns
   * its value: `const posts = await session.load(user, 'posts')`.
   */
  async load<M extends object, R extends RelationNames<M>>(
    obj: M,
    relation: R,
    options: { refresh?: boolean } = {},
  ): Promise<M[R]> {
    this.checkOpen();
    const st = stateOf(obj);
    if (st.session !== this)
      throw new InvalidRequestError(
        `cannot load ${st.mapper.name}.${relation}: the object is not in this session`,
      );
    const rel = st.mapper.relation(relation);
    if (st.committed === null) return (obj as Record<string, unknown>)[relation] as M[R];
    await this.autoflushNow();
    await selectinLoad(this, [obj], rel, options.refresh ?? false, false);
    if (this.events !== null) await this.events.drainLoads(this);
    return st.relations.get(rel.name) as M[R];
  }

  /**
   * Copies the state of `obj` (from anywhere: another session, JSON) onto this session's
   * object with the same key, loading it if needed, or onto a new pending object. Loaded
   * relations are merged too. Returns the session's object; `obj` itself is not attached.
   */
  async merge<M extends object>(obj: M): Promise<M> {
    return (await mergeInto(this, obj, new Map())) as M;
  }

  // ---- writing ------------------------------------------------------------------------

  /**
   * Writes pending changes in dependency order within the session's transaction. If a
   * statement fails, the transaction (or the innermost savepoint) is rolled back, the
   * session's objects are restored to match, and the error is rethrown.
   */
  async flush(): Promise<void> {
    this.checkOpen();
    if (this.flushing) throw new InvalidRequestError('flush() is already running on this session');
    if (this.events !== null) return this.flushObserved(this.events);
    if (!this.hasChanges()) return;
    this.flushing = true;
    try {
      const ex = await this.executor();
      await flush(this, ex);
    } catch (error) {
      await this.afterFailedFlush();
      throw error;
    } finally {
      this.flushing = false;
    }
  }

  /** The flush with lifecycle events: `beforeFlush`, the flush, `afterFlush`, repeated while handlers add changes. */
  private async flushObserved(events: SessionEvents): Promise<void> {
    this.flushing = true;
    try {
      await flushWithEvents(this, events, async () => flush(this, await this.executor()));
    } catch (error) {
      await this.afterFailedFlush();
      throw error;
    } finally {
      this.flushing = false;
    }
  }

  /** @internal Runs the `load` handlers of the objects a read just hydrated. */
  async afterLoad(): Promise<void> {
    if (this.events !== null) await this.events.drainLoads(this);
  }

  /** @internal For the event loop: whether a flush would write anything. */
  hasPendingChanges(): boolean {
    return this.hasChanges();
  }

  /** Flush, then COMMIT; flushed deletes become detached; with `expireOnCommit`, objects expire. */
  async commit(): Promise<void> {
    this.checkOpen();
    while (this.savepoints.open) await this.savepoints.releaseInnermost(this.journal);
    await this.flush();
    const conn = this.connection;
    if (conn !== null) {
      this.connection = null;
      try {
        await conn.commit();
      } catch (error) {
        await conn.release();
        this.journal.rollback(this);
        throw error;
      }
      await conn.release();
    }
    this.journal.clear();
    for (const st of this.flushedDeletes) {
      st.session = null;
      st.deletedFlushed = false;
    }
    this.flushedDeletes.clear();
    if (this.expireOnCommit) this.expireAll();
    if (conn !== null && this.events !== null && this.events.has('afterCommit'))
      await this.events.emit('afterCommit', { session: this });
  }

  /**
   * Rolls back the transaction and the session's objects with it: objects inserted or
   * added in it become transient, deleted ones persistent again, snapshots return to
   * their state at the transaction's start (so changes flushed in it show as unflushed).
   */
  async rollback(): Promise<void> {
    const conn = this.connection;
    this.connection = null;
    this.savepoints.dropAll();
    if (conn !== null) {
      try {
        await conn.rollback();
      } catch {
        // A dead connection has rolled back already; it goes back to the pool as broken.
      }
      await conn.release().catch(() => undefined);
    }
    while (this.journal.depth > 0) this.journal.rollback(this);
    for (const st of [...this.pending]) this.detach(st);
    if (conn !== null && this.events !== null && this.events.has('afterRollback'))
      await this.events.emit('afterRollback', { session: this });
  }

  /** Rolls back any open transaction and expunges every object. The session can be reused. */
  async close(): Promise<void> {
    await this.rollback();
    this.expungeAll();
  }

  /**
   * Opens a SAVEPOINT (after a flush). Its `rollback()` undoes the database changes since
   * and restores the session's objects; `commit()` flushes and releases it.
   */
  async beginNested(): Promise<NestedTransaction> {
    this.checkOpen();
    await this.flush();
    const conn = await this.conn();
    const sp = await conn.savepoint();
    this.journal.begin();
    const handle = this.savepoints.push(sp);
    const finish = async (how: 'commit' | 'rollback'): Promise<void> => {
      if (!handle.active)
        throw new InvalidRequestError('this nested transaction is no longer active');
      // Savepoints opened inside this one and still open are released with it.
      while (this.savepoints.open && !this.savepoints.isInnermost(handle))
        await this.savepoints.releaseInnermost(this.journal);
      if (how === 'commit') {
        await this.flush();
        if (!handle.active) return;
        await this.savepoints.releaseInnermost(this.journal);
      } else {
        await this.savepoints.rollbackInnermost(this.journal, this);
      }
    };
    return {
      commit: () => finish('commit'),
      rollback: () => finish('rollback'),
      get active() {
        return handle.active;
      },
    };
  }

  // ---- plumbing -----------------------------------------------------------------------

  /** The session's connection, beginning the transaction on first use. */
  private async conn(): Promise<SessionConnection> {
    if (this.connection !== null) return this.connection;
    if (this.connecting !== null) return this.connecting;
    this.connecting = (async () => {
      const conn = await this.engine.connect(this.connectOptions);
      try {
        // Where the dialect has no isolation levels to choose (SQLite), READ COMMITTED
        // asks for a transaction that reads without locking (on a reader connection) and
        // takes the writer at its first write: a session that only reads blocks nobody.
        // Elsewhere the database's default level applies.
        await conn.begin(
          this.engine.dialect.capabilities.isolationLevels === false
            ? { isolationLevel: 'read committed' }
            : undefined,
        );
      } catch (error) {
        await conn.release();
        throw error;
      }
      this.journal.begin();
      this.connection = conn;
      return conn;
    })();
    try {
      return await this.connecting;
    } finally {
      this.connecting = null;
    }
  }

  /**
   * Statement runner on the session's transaction (for the unit of work, loaders,
   * queries); with filters, each statement gets them (less those `off` for a query).
   */
  async executor(off: FiltersOff | null = null): Promise<OrmExecutor> {
    const conn = await this.conn();
    const caps = this.engine.dialect.capabilities;
    return filteredExecutor(conn, this.criteria, off, {
      returning: caps.returning,
      updateFromValues: caps.updateFrom !== false && caps.valuesTable !== false,
      eagerDefaults: this.eagerDefaults,
    });
  }

  /** Streams a statement's rows on the session's transaction. */
  async stream(
    statement: StatementNode,
    batchSize: number,
    off: FiltersOff | null = null,
  ): Promise<AsyncIterable<unknown>> {
    const conn = await this.conn();
    const stmt =
      this.criteria === null ? statement : this.criteria.apply(statement, off, undefined);
    return conn.stream(stmt, { batchSize });
  }

  /** Flushes when autoflush is on and there is something to flush. */
  async autoflushNow(): Promise<void> {
    if (this.autoflush && !this.flushing && this.hasChanges()) await this.flush();
  }

  private async selectByKey(
    mapper: Mapper,
    values: readonly unknown[],
  ): Promise<Record<string, unknown>[]> {
    const ex = await this.executor();
    // The values by position (`keySelect`'s placeholders are read by index).
    const params = values as unknown as Readonly<Record<string, unknown>>;
    return (await ex.run(keySelect(mapper), params)).rows as Record<string, unknown>[];
  }

  private async afterFailedFlush(): Promise<void> {
    if (this.savepoints.open && this.connection !== null) {
      try {
        await this.savepoints.rollbackInnermost(this.journal, this);
        return;
      } catch {
        // The connection is gone: fall through to a full rollback.
      }
    }
    await this.rollback();
  }
}

// Sessions die after their work, and with them their class's map, which the load's
// compiled code (hydration) is specialised on: one kept alive keeps it, so a full
// collection between sessions does not discard that code (shape-anchors.ts). It never
// connects (its engine is a stand-in) and holds no objects.
anchorShape(new Session({} as SessionEngine));
