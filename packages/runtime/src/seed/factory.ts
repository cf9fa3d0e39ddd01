/**
 * Test-data factories over the ORM's models: `factory(User, (n) => ({ email: `u${n}@x.org` }))`
 * makes objects with defaults, overrides, and graphs of related objects given as plain
 * values (`{ posts: [{ title: 'a' }] }`), then `create` adds them to a session and flushes,
 * so the database assigns keys and the foreign keys follow the relations.
 */
import type { Model } from '../orm/mapping/model.js';
import { mapperOf, type ModelConstructor } from '../orm/mapping/mapper.js';
import type { ColumnValues, RelationNames, RelationTarget } from '../orm/mapping/types.js';
import type { Session } from '../orm/session/session.js';

/**
 * What a factory call may give: any columns, and for each relation either objects or
 * plain overrides of the related model (built with its own factory's defaults, when it
 * has one). Collections take arrays.
 */
export type FactoryOverrides<M> = Partial<ColumnValues<M>> & {
  [R in RelationNames<M>]?: NonNullable<M[R]> extends readonly Model[]
    ? readonly (RelationTarget<M, R> | PlainOverrides<RelationTarget<M, R>>)[]
    : RelationTarget<M, R> | PlainOverrides<RelationTarget<M, R>> | null;
};

/**
 * Overrides given as a plain object. Without the brand check an object of another model
 * (a `Tag` where a `User` goes) would pass as "overrides" through the columns they share.
 */
type PlainOverrides<M> = FactoryOverrides<M> & { readonly [K in keyof Model]?: never };

/** A model class whose constructor takes `Init`. */
export type FactoryModel<M extends Model, Init> = new (init: Init) => M;

/** What {@link factory} returns: builds objects of one model, or builds and inserts them. */
export interface Factory<M extends Model> {
  /** A new transient object: the defaults for the next number, then `overrides`. */
  build(overrides?: FactoryOverrides<M>): M;
  /** Builds, adds to `session` and flushes (keys assigned, related objects inserted). */
  create(session: Session, overrides?: FactoryOverrides<M>): Promise<M>;
  /** `count` objects, each from the next defaults and `overrides`, in one flush. */
  createMany(session: Session, count: number, overrides?: FactoryOverrides<M>): Promise<M[]>;
}

type Defaults = (n: number) => object;

/** The defaults of each model with a factory: nested plain values are built with them. */
const defaultsByModel = new WeakMap<ModelConstructor, { next: () => object }>();

/**
 * A factory for `model`. `defaults(n)` gives the values of the `n`-th object (1, 2, ...):
 * everything the model's constructor requires, so that any override may be left out.
 */
export function factory<M extends Model, Init extends object>(
  model: FactoryModel<M, Init>,
  defaults: (n: number) => Init,
): Factory<M> {
  let n = 0;
  const entry = { next: () => (defaults as Defaults)(++n) };
  defaultsByModel.set(model, entry);
  const build = (overrides: object = {}): M => buildObject(model, overrides) as M;
  return {
    build,
    async create(session, overrides) {
      const object = build(overrides);
      session.add(object);
      await session.flush();
      return object;
    },
    async createMany(session, count, overrides) {
      const objects = Array.from({ length: count }, () => build(overrides));
      session.addAll(objects);
      await session.flush();
      return objects;
    },
  };
}

/** `new cls(init)` with the defaults, the columns and the built related objects. */
function buildObject(cls: ModelConstructor, overrides: object): object {
  const mapper = mapperOf(cls);
  const init: Record<string, unknown> = { ...(defaultsByModel.get(cls)?.next() ?? {}) };
  for (const [key, value] of Object.entries(overrides)) {
    const relation = mapper.relations.get(key);
    if (relation === undefined || value === null || value === undefined) {
      init[key] = value;
      continue;
    }
    const target = relation.target().cls;
    const related = (item: unknown): unknown =>
      item instanceof target ? item : buildObject(target, item as object);
    init[key] = Array.isArray(value) ? value.map(related) : related(value);
  }
  return new (cls as unknown as new (init: object) => object)(init);
}
