/**
 * `Model`, the base class of generated model classes, and `registerModel`, which maps a
 * class to its Core table and installs its relation accessors (docs/contracts.md).
 */
import { MappingError, RelationNotLoadedError } from '../errors.js';
import { STATE } from '../state/instance-state.js';
import { peekState, stateOf } from '../state/lazy-state.js';
import {
  addMapper,
  Mapper,
  mapperForTable,
  mapperOf as mapperOfClass,
  type MappedTable,
  type ModelConstructor,
  type RelationMapping,
} from './mapper.js';

/**
 * Base class of mapped models. Generated subclasses `declare` their fields (no own
 * initialisers), so the only own properties an instance gets are those its init assigns
 * and those the ORM sets when it loads a row, beside its hidden (symbol-keyed) state slot.
 */
export abstract class Model {
  /** Type-only brand: tells models apart from plain objects (no runtime property). */
  declare readonly [modelBrand]: true;

  /** `console.log(user)` shows the columns and loaded relations, not ORM internals. */
  [Symbol.for('nodejs.util.inspect.custom')](
    depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ): string {
    const shown: Record<string, unknown> = {};
    for (const key of Object.keys(this)) shown[key] = (this as Record<string, unknown>)[key];
    const st = peekState(this);
    if (st !== undefined && st.hasRelations) for (const [k, v] of st.relations) shown[k] = v;
    return `${this.constructor.name} ${inspect(shown, { ...options, depth: depth < 0 ? 0 : depth - 1 })}`;
  }

  constructor(init?: object) {
    // The hidden state slot first, as on a loaded object: the instance's hidden class then
    // does not depend on when its state was made, and state-anchors.ts can build a
    // twin of it by property order (symbol keys are listed after all string keys).
    (this as { [STATE]?: unknown })[STATE] = undefined;
    // Object.assign uses [[Set]], so relation keys in the init go through the relation
    // setters that registerModel installed on the prototype.
    if (init !== undefined && init !== null) Object.assign(this, init);
  }
}

declare const modelBrand: unique symbol;

/** A relation name → a thunk returning the target model class. */
export type RelationTargets = Readonly<Record<string, () => ModelConstructor>>;

/**
 * Maps `cls` to `table` and installs an accessor per relation of `table.$ir.orm.relations`.
 * `targets` resolves each relation's target class lazily (model files import each other).
 */
export function registerModel(
  cls: ModelConstructor,
  table: MappedTable,
  targets: RelationTargets = {},
): void {
  if (typeof cls !== 'function')
    throw new MappingError('registerModel: expected a model class as first argument');
  if (!table || typeof table !== 'object' || !('$ir' in table) || !table.$ir)
    throw new MappingError(
      `registerModel(${cls.name}): the second argument must be a table from defineTable()`,
    );
  const mapper = new Mapper(cls, table);
  if (mapper.pkProps.length === 0)
    throw new MappingError(
      `registerModel(${cls.name}): table "${mapper.key}" has no primary key; the ORM needs one`,
    );
  for (const rel of table.$ir.orm.relations) {
    const thunk = targets[rel.name];
    let resolved: Mapper | undefined;
    const mapping: RelationMapping = {
      name: rel.name,
      kind: rel.kind,
      ir: rel,
      owner: mapper,
      collection: rel.kind === 'one-to-many' || rel.kind === 'many-to-many',
      target(): Mapper {
        if (resolved) return resolved;
        if (thunk !== undefined) {
          const targetCls = thunk();
          if (typeof targetCls !== 'function')
            throw new MappingError(
              `${mapper.name}.${rel.name}: the relation target thunk returned ${String(targetCls)}`,
            );
          resolved = mapperOfRegistered(targetCls, `${mapper.name}.${rel.name}`);
        } else {
          resolved = mapperForTable(rel.target);
          if (!resolved)
            throw new MappingError(
              `${mapper.name}.${rel.name}: no target class given to registerModel and no model registered for table "${rel.target}"`,
            );
        }
        return resolved;
      },
    };
    mapper.addRelation(mapping);
    installRelationAccessor(cls, mapping);
  }
  for (const name of Object.keys(targets)) {
    if (!mapper.relations.has(name))
      throw new MappingError(
        `registerModel(${cls.name}): table "${mapper.key}" has no relation "${name}" (its relations: ${
          [...mapper.relations.keys()].join(', ') || 'none'
        })`,
      );
  }
  addMapper(mapper);
  reserveColumnSlots(cls, mapper.props);
}

/**
 * Constructions of a class after which V8 fixes its instances' size ("in-object slack
 * tracking": `Map::kSlackTrackingCounterStart` is 7). One more, to be sure.
 */
const SLACK_TRACKING_CONSTRUCTIONS = 8;

/** A plain own data property, as an assignment makes one. */
const STAND_IN: PropertyDescriptor = {
  value: null,
  writable: true,
  enumerable: true,
  configurable: true,
};

/**
 * Sizes the class's instances for every column, before the application makes one. V8
 * gives a class's instances room for the properties its first few instances were given:
 * `new User({ email, name })` gets room for those two, and the key and the defaults the
 * flush writes later go to a separate property array (one more object per row, and a
 * second hidden class per row shape). Constructing a few instances here that get every
 * column (then dropped) leaves room for all of them in every later instance, up to the
 * room V8 gives a class at first (the state slot and about ten columns; a wider table's
 * other columns stay in the property array, as before). Measured on the peer
 * benchmark's W3 (10,000 new users; docs/orm.md, "Where the time goes").
 * Only dbgen's base constructor runs, as for a twin (state-anchors.ts), and the columns
 * are defined, not assigned: a setter the class declares for a column never sees the
 * stand-ins (it might count or log them). So the stand-ins have no class fields either:
 * a hand-written model that declares fields with initialisers gets room for its columns,
 * and its fields go to the property array (generated models only `declare` theirs).
 * Only for speed: a failure leaves the class as it is.
 */
function reserveColumnSlots(cls: ModelConstructor, props: readonly string[]): void {
  try {
    for (let i = 0; i < SLACK_TRACKING_CONSTRUCTIONS; i++) {
      const instance = Reflect.construct(Model, [], cls) as Record<string, unknown>;
      for (const p of props) Object.defineProperty(instance, p, STAND_IN);
    }
  } catch {
    // (only for speed, see above)
  }
}

function mapperOfRegistered(cls: ModelConstructor, where: string): Mapper {
  try {
    return mapperOfClass(cls);
  } catch {
    throw new MappingError(
      `${where}: target class ${cls.name} is not registered; call registerModel(${cls.name}, ...)`,
    );
  }
}

/** First letter lower-cased: `User` → `user`, for messages that show code. */
function variableName(className: string): string {
  return className.charAt(0).toLowerCase() + className.slice(1);
}

function notLoaded(rel: RelationMapping): RelationNotLoadedError {
  const cls = rel.owner.name;
  return new RelationNotLoadedError(
    `${cls}.${rel.name} is not loaded; load it with session.load(${variableName(cls)}, '${rel.name}') ` +
      `or query(${cls}).options(selectinload('${rel.name}'))`,
  );
}

/**
 * An object of another model where a relation's target is expected
 * (`user.posts.push(aUser)`): the flush would insert it into the wrong table, or write
 * its key into a foreign key it has nothing to do with.
 */
export function wrongModel(rel: RelationMapping, target: Mapper, obj: unknown): MappingError {
  const proto = typeof obj === 'object' && obj !== null ? Object.getPrototypeOf(obj) : null;
  const ctor = (proto as { constructor?: { name?: string } } | null)?.constructor;
  const got =
    typeof obj !== 'object' || obj === null
      ? String(obj)
      : ctor?.name
        ? `a ${ctor.name}`
        : 'a plain object';
  return new MappingError(
    `${rel.owner.name}.${rel.name} takes ${target.name} objects; it was given ${got}`,
  );
}

/** Checks a value assigned to a relation: one object of its target model, or null. */
function checkAssigned(rel: RelationMapping, value: unknown): void {
  const target = rel.target();
  const cls = target.cls as unknown as abstract new (...args: never[]) => object;
  if (rel.collection) {
    for (const o of value as unknown[]) if (!(o instanceof cls)) throw wrongModel(rel, target, o);
  } else if (value !== null && !(value instanceof cls)) {
    throw wrongModel(rel, target, value);
  }
}

function installRelationAccessor(cls: ModelConstructor, rel: RelationMapping): void {
  const proto = cls.prototype as object;
  Object.defineProperty(proto, rel.name, {
    configurable: true,
    enumerable: false,
    get(this: object): unknown {
      const st = peekState(this);
      if (st !== undefined && st.relations.has(rel.name)) return st.relations.get(rel.name);
      // An object without a row yet has no related rows in the database: its collections
      // start empty, and a reference whose FK is unset is null. So has one whose row the
      // running flush just inserted (an `afterInsert` handler adding to a collection):
      // rows this flush relates to it later join in memory at its end (backrefs).
      if (st === undefined || st.committed === null || st.inserting) {
        if (rel.collection) {
          const empty: object[] = [];
          stateOf(this).relations.set(rel.name, empty);
          return empty;
        }
        if (!rel.ir.owning) return null;
        const o = this as Record<string, unknown>;
        const fkUnset = rel.ir.localColumns.every((c) => {
          const v = o[rel.owner.prop(c)];
          return v === undefined || v === null;
        });
        if (fkUnset) return null;
      }
      throw notLoaded(rel);
    },
    set(this: object, value: unknown): void {
      if (rel.collection && !Array.isArray(value))
        throw new MappingError(`${rel.owner.name}.${rel.name} is a collection; assign an array`);
      if (!rel.collection && value !== null && (typeof value !== 'object' || value === undefined))
        throw new MappingError(
          `${rel.owner.name}.${rel.name} takes an object or null, got ${String(value)}`,
        );
      // Members added later (`push`) are checked by the flush (relation-sync.ts).
      checkAssigned(rel, value);
      // Assigned while not loaded on an object with a row: the flush loads what the
      // relation held before, to delete or detach what the new value leaves out
      // (relation-sync.ts `unknownBefore`, relations/replaced-relations.ts).
      stateOf(this).relations.set(rel.name, value);
    },
  });
}
