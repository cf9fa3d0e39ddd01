/**
 * The registry of lifecycle event handlers (SQLAlchemy's session and mapper events,
 * MikroORM's subscribers). One may be shared by many sessions (`new Session(engine,
 * { events })`); each session that has handlers of its own keeps them in a registry whose
 * parent is the shared one. Handlers run in order: the shared registry's first, then the
 * session's, each in the order they were added. They are awaited one after the other.
 *
 * Cost when nothing listens: a session without handlers has no registry at all (`null`),
 * so every hook in the session, the flush and hydration is one null check.
 */
import { InvalidRequestError } from '../errors.js';
import { mapperOf, type Mapper, type ModelConstructor } from '../mapping/mapper.js';
import type { Model } from '../mapping/model.js';
import type { ModelClass } from '../mapping/types.js';
import type {
  EventName,
  Handler,
  ObjectEvent,
  ObjectEventName,
  SessionEventMap,
  SessionEventName,
} from './event-types.js';

const OBJECT_EVENTS: ReadonlySet<string> = new Set<ObjectEventName>([
  'beforeInsert',
  'afterInsert',
  'beforeUpdate',
  'afterUpdate',
  'beforeDelete',
  'afterDelete',
  'load',
]);
const SESSION_EVENTS: ReadonlySet<string> = new Set<SessionEventName>([
  'beforeFlush',
  'afterFlush',
  'afterCommit',
  'afterRollback',
]);

interface Entry {
  /** Only objects of this mapper (null: every model). */
  readonly mapper: Mapper | null;
  readonly handler: Handler<never>;
}

type Obj = Record<string, unknown>;

/**
 * A registry of lifecycle handlers: `new SessionEvents<Session>()` shared by sessions
 * through the session option `events`, or a session's own (behind `session.on(...)`).
 * See the file's comment.
 */
export class SessionEvents<S = unknown> {
  private readonly lists = new Map<EventName, Entry[]>();
  /** Objects hydrated while `load` handlers exist, waiting for their handlers. */
  private loaded: object[] = [];

  constructor(readonly parent: SessionEvents<S> | null = null) {}

  /** Adds a session handler: `events.on('afterFlush', ({ inserted }) => ...)`. Returns its remover. */
  on<E extends SessionEventName>(event: E, handler: Handler<SessionEventMap<S>[E]>): () => void;
  /** Adds an object handler for one model: `events.on('beforeUpdate', Post, ({ object }) => ...)`. */
  on<M extends Model>(
    event: ObjectEventName,
    model: ModelClass<M>,
    handler: Handler<ObjectEvent<M, S>>,
  ): () => void;
  /** Adds an object handler for every model. */
  on(event: ObjectEventName, handler: Handler<ObjectEvent<Model, S>>): () => void;
  on(
    event: EventName,
    modelOrHandler: ModelConstructor | Handler<never>,
    maybeHandler?: Handler<never>,
  ): () => void {
    const isObjectEvent = OBJECT_EVENTS.has(event);
    if (!isObjectEvent && !SESSION_EVENTS.has(event))
      throw new InvalidRequestError(
        `unknown event '${String(event)}'; expected one of: ${[...SESSION_EVENTS, ...OBJECT_EVENTS].join(', ')}`,
      );
    let mapper: Mapper | null = null;
    let handler: Handler<never>;
    if (maybeHandler !== undefined) {
      if (!isObjectEvent)
        throw new InvalidRequestError(`'${event}' is a session event: it takes no model`);
      mapper = mapperOf(modelOrHandler as ModelConstructor);
      handler = maybeHandler;
    } else handler = modelOrHandler as Handler<never>;
    if (typeof handler !== 'function')
      throw new InvalidRequestError(`on('${event}'): the handler must be a function`);
    const entry: Entry = { mapper, handler };
    let list = this.lists.get(event);
    if (list === undefined) this.lists.set(event, (list = []));
    list.push(entry);
    return () => {
      const at = this.lists.get(event)?.indexOf(entry) ?? -1;
      if (at >= 0) this.lists.get(event)?.splice(at, 1);
    };
  }

  /** True when some handler (here or in the parent) listens to `event`. */
  has(event: EventName): boolean {
    const list = this.lists.get(event);
    if (list !== undefined && list.length > 0) return true;
    return this.parent !== null && this.parent.has(event);
  }

  /** Runs the handlers of a session event. */
  async emit<E extends SessionEventName>(event: E, payload: SessionEventMap<S>[E]): Promise<void> {
    if (this.parent !== null) await this.parent.emit(event, payload);
    const list = this.lists.get(event);
    if (list === undefined) return;
    for (const entry of [...list]) await (entry.handler as Handler<SessionEventMap<S>[E]>)(payload);
  }

  /** Runs the handlers of an object event for each object (all of `mapper`). */
  async emitObjects(
    event: ObjectEventName,
    mapper: Mapper,
    session: S,
    objects: readonly object[],
    changesOf: ((i: number) => Obj) | null,
  ): Promise<void> {
    const entries = this.entriesFor(event, mapper);
    if (entries.length === 0) return;
    for (let i = 0; i < objects.length; i++) {
      const payload = {
        session,
        object: objects[i] as Model,
        changes: changesOf === null ? {} : changesOf(i),
      };
      for (const entry of entries) await (entry.handler as Handler<typeof payload>)(payload);
    }
  }

  /** True when hydration should queue new objects for `load` handlers. */
  get wantsLoad(): boolean {
    return this.has('load');
  }

  /** Hydration met a new object (run by {@link drainLoads} once the load is done). */
  queueLoad(obj: object): void {
    this.loaded.push(obj);
  }

  /**
   * Runs the handlers of a session event, every one even when some fail (parent's first);
   * what the failing ones threw, in order. For the events after the transaction ended
   * (`afterCommit`, `afterRollback`): one handler's failure must not keep the others (a
   * cache to clear, a message to send) from hearing that it ended.
   */
  async emitAll<E extends SessionEventName>(
    event: E,
    payload: SessionEventMap<S>[E],
  ): Promise<unknown[]> {
    const failures = this.parent === null ? [] : await this.parent.emitAll(event, payload);
    for (const entry of [...(this.lists.get(event) ?? [])]) {
      try {
        await (entry.handler as Handler<SessionEventMap<S>[E]>)(payload);
      } catch (error) {
        failures.push(error);
      }
    }
    return failures;
  }

  /**
   * Runs the `load` handlers of the objects hydrated since the last drain. Each object's
   * handlers run even when an earlier object's failed (the first error is thrown after):
   * an object left out would never be announced, since the next query meets it in the
   * identity map.
   */
  async drainLoads(session: S): Promise<void> {
    let failed: { error: unknown } | null = null;
    while (this.loaded.length > 0) {
      const batch = this.loaded;
      this.loaded = [];
      for (const obj of batch) {
        const mapper = mapperOf(obj.constructor as ModelConstructor);
        try {
          await this.emitObjects('load', mapper, session, [obj], null);
        } catch (error) {
          failed ??= { error };
        }
      }
    }
    if (failed !== null) throw failed.error;
  }

  private entriesFor(event: ObjectEventName, mapper: Mapper): Entry[] {
    const own = this.lists.get(event);
    const inherited = this.parent === null ? [] : this.parent.entriesFor(event, mapper);
    if (own === undefined || own.length === 0) return inherited;
    const mine = own.filter((e) => e.mapper === null || e.mapper === mapper);
    return inherited.length === 0 ? mine : [...inherited, ...mine];
  }
}
