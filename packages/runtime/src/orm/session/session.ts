/**
 * The Session (SQLAlchemy's, async): holds objects in an identity map, tracks what is new,
 * changed and deleted, and writes it in one transaction with the unit of work. It begins a
 * transaction on first use (on a connection borrowed from the engine) and ends it at
 * `commit()` / `rollback()` / `close()`. There is no hidden I/O: every database round trip
 * is an awaited Session or Query call.
 */
import { InvalidRequestError } from '../errors.js';
import type { RunResult } from './executor.js';
import { hydrate, populate } from '../query/hydrate.js';
import { identityKey, type IdentityKey } from '../state/identity-map.js';
import { describe } from '../state/instance-state.js';
import { isExpired, madeState, stateOf } from '../state/lazy-state.js';
import { selectinLoad, type LoaderSession } from '../relations/loaders.js';
import { mapperOf, type Mapper } from '../mapping/mapper.js';
import { keySelect } from './key-select.js';
import { mergeInto } from './merge.js';
import type { Model } from '../mapping/model.js';
import { pkValues } from '../mapping/primary-key.js';
import { Query } from '../query/query.js';
import { SessionTransaction } from './session-transaction.js';
import { anchorShape } from '../../core/shape-anchors.js';
import type { SessionConnection, SessionEngine, SessionOptions } from './session-types.js';
import type { ModelClass, RelationNames } from '../mapping/types.js';
import { toStatementNode, type Compilable } from '../../core/compiler/compile.js';
import {
  criteriaFromOptions,
  SessionCriteria,
  type FiltersOff,
  type SessionFilters,
} from '../criteria/session-criteria.js';
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

export type {
  NestedTransaction,
  SessionConnection,
  SessionEngine,
  SessionOptions,
} from './session-types.js';

/**
 * Objects a session holds before `get` sends its SELECT ahead of the autoflush walk: the
 * walk costs about 20 ns an object (docs/orm.md, W1), a round trip tens of µs.
 */
const SEND_AHEAD_MIN = 256;

// In layers: session-objects.ts (what it holds), session-transaction.ts (the connection,
// flush, commit, rollback and savepoints), and here the reads, events and filters.
export class Session extends SessionTransaction implements LoaderSession {
  /** The last autoflush walk of `get` found a change: the next one does not send ahead. */
  private lastWalkFoundChanges = false;
  /** @internal Lookups whose SELECT went out before the autoflush walk (for tests). */
  sentAhead = 0;

  constructor(engine: SessionEngine, options: SessionOptions = {}) {
    super(engine, options);
    if (options.events !== undefined) this.events = new SessionEvents(options.events);
    this.criteria = criteriaFromOptions(
      options.tenant,
      options.filters,
      // `?.`: the shape-anchor session at the end of this file has no engine.
      engine.dialect?.capabilities.upsert,
    );
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
      // A filter that cannot test the object in memory (null) leaves it to the SELECT below.
      const passes = this.criteria === null ? true : this.criteria.matches(mapper, mapped);
      if (passes === false) return null;
      if (passes === true)
        return madeState(mapped)?.markedForDeletion === true ? null : (mapped as M);
    }
    const stmt =
      this.criteria === null ? keySelect(mapper) : this.criteria.keySelect(mapper, keySelect);
    // The key by position (`keySelect`'s placeholders are read by index).
    const params = values as unknown as Readonly<Record<string, unknown>>;
    let sent: ReturnType<SessionConnection['execute']> | null = null;
    // Awaited only when there is something to do: each await of an async call is a few
    // more promise jobs per lookup (measured on W1, see docs/orm.md).
    if (this.autoflush && !this.flushing) {
      const ahead = this.hasNewOrDeleted() ? null : this.sendsAheadOn();
      if (ahead !== null) {
        // The SELECT goes out first and the walk over every object runs while it is in
        // flight (docs/orm.md, "Where the time goes", W1). When the walk finds a change,
        // the rows read are from before the flush: wait for them (an error is the
        // lookup's), drop them, flush, read again, and stop sending ahead until a walk
        // finds nothing (a loop that changes each object it gets pays one extra SELECT).
        sent = ahead.execute(stmt, params);
        this.sentAhead++;
        if (this.hasChangedObjects()) {
          this.lastWalkFoundChanges = true;
          await sent;
          sent = null;
          await this.flush();
        }
      } else if (this.hasNewOrDeleted() || (this.lastWalkFoundChanges = this.hasChangedObjects()))
        await this.flush();
    }
    const result = await (sent ?? (this.connection ?? (await this.conn())).execute(stmt, params));
    const row = result.rows[0];
    if (row === undefined) {
      if (mapped !== undefined) this.rowGone(mapper, key);
      return null;
    }
    const obj = hydrate(this, mapper, row, null, false) as M;
    if (this.events !== null) await this.events.drainLoads(this);
    return obj;
  }

  /**
   * `get` read no row for a key that maps an expired object: its row is gone (deleted by
   * another transaction, or inserted by one that rolled back), so the object is detached,
   * as an object whose DELETE was committed is: kept, `get` would keep finding it, and a
   * change to it would fail its flush. Looked up again, since the autoflush may have
   * filed another object there, or moved this one. Kept when the session has filters: the
   * row may only be filtered out.
   */
  private rowGone(mapper: Mapper, key: IdentityKey): void {
    const obj = this.identityMap.get(mapper, key);
    if (obj !== undefined && this.criteria === null && isExpired(obj)) this.expunge(obj);
  }

  /**
   * The connection `get` sends its SELECT on before the autoflush walk over every object, to
   * run the walk while the SELECT is in flight (SQLite's too: its statements run on the
   * driver's worker thread): on the session's open transaction, when nobody sees its
   * statements (a SELECT it may drop would show), the last walk found nothing, and the
   * walk is long enough to be worth hiding (below {@link SEND_AHEAD_MIN} objects it costs
   * a few µs); null when it does not.
   */
  private sendsAheadOn(): SessionConnection | null {
    const conn = this.connection;
    return conn !== null &&
      conn.observed === false &&
      !this.lastWalkFoundChanges &&
      this.identityMap.size >= SEND_AHEAD_MIN
      ? conn
      : null;
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

  /** @internal Runs the `load` handlers of the objects a read just hydrated. */
  async afterLoad(): Promise<void> {
    if (this.events !== null) await this.events.drainLoads(this);
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
}

// A session that never runs anything, kept alive for the hidden classes of a session and
// of its parts (identity map, pending set, journal, epoch, link and load tags, a relation's
// tag among them): every session of a request or a benchmark run dies with it, and a full
// collection then dropped those classes and the code compiled against them
// (core/shape-anchors.ts).
const anchorSession = new Session({} as SessionEngine);
anchorSession.epoch.refTag(0);
anchorShape(anchorSession);
