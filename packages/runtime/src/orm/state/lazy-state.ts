/**
 * Loaded objects without an InstanceState, and the session epochs they point to.
 *
 * Loads handle tens of thousands of rows, and what stays alive per object is most of their
 * cost: the young-generation collector copies every survivor. So a loaded object starts
 * with no state at all. Hidden slots hold the driver's row (the snapshot, `STATE`), a
 * {@link LoadTag} (`LAZY_TAG`) naming its session's epoch and which relation is loaded,
 * and that relation's value (`LAZY_REF`): the back-reference a select-in load sets on a
 * child, or the collection it sets on a parent. The state is made from these the first
 * time anything asks (`stateOf`): a relation is read or set, a second one is loaded, the
 * object is deleted, expunged, refreshed, inspected, or changed and flushed. Until then
 * the object is exactly a persistent, unmodified object with at most that one relation
 * loaded (and equal to its snapshot, since nothing could reach it), and the scans of
 * every object (autoflush check, flush, dirty) compare its columns with the row directly.
 *
 * A {@link SessionEpoch} is what objects point to instead of the session: closing a
 * session (or `expungeAll`) ends its link, which detaches every object in one write;
 * `expireOnCommit` expires the epoch, which expires every object in it.
 */
import { InvalidRequestError } from '../errors.js';
import { keyOf, type IdentityKey } from '../mapping/identity-key.js';
import { InstanceState, STATE } from './instance-state.js';
import { LAZY_REF, LAZY_TAG, type LoadTag } from '../session/session-epoch.js';
import { mapperOf, type Mapper } from '../mapping/mapper.js';
import { describe } from '../mapping/values.js';
import { keyedRow, lazyDiffer } from './lazy-diff.js';
import { anchorShape } from '../../core/shape-anchors.js';

export {
  LAZY_REF,
  LAZY_TAG,
  LoadTag,
  SessionEpoch,
  SessionLink,
} from '../session/session-epoch.js';

type Obj = Record<string, unknown>;
type Lazy = Obj & { [STATE]?: unknown; [LAZY_TAG]?: LoadTag | null; [LAZY_REF]?: unknown };

/** The tag of `obj` while its state is not made, else null. */
export function lazyTag(obj: object): LoadTag | null {
  return (obj as Lazy)[LAZY_TAG] ?? null;
}

/**
 * Makes the state of a lazily loaded object from its slots. Null when `obj` only carries
 * the slots because it is a copy (`Object.assign` onto another instance copies symbol
 * properties): a live session maps another object under that key, so the copy is new
 * (transient), as a copy of an object with a state is.
 */
export function materialize(obj: object, tag: LoadTag): InstanceState | null {
  const o = obj as Lazy;
  const mapper = mapperOf(obj.constructor as abstract new () => object);
  const committed = keyedSnapshot(mapper, o[STATE] as Obj | unknown[]);
  // A snapshot row always holds its primary key.
  const key = keyOf(mapper, committed) as IdentityKey;
  const owner = tag.epoch.session;
  if (owner !== null && owner.identityMap.get(mapper, key) !== obj) {
    o[LAZY_TAG] = null;
    o[STATE] = undefined;
    o[LAZY_REF] = null;
    return null;
  }
  const ref = o[LAZY_REF];
  const st = attachState(obj, mapper);
  st.epoch = tag.epoch;
  st.key = key;
  st.committed = committed;
  o[LAZY_REF] = null;
  if (tag.refSlot >= 0) {
    const name = mapper.relationNames[tag.refSlot] as string;
    // A collection held lazily was unreachable until now (reading it makes the state
    // first), so it still equals what was loaded: its snapshot copy is taken only now.
    if (mapper.relations.get(name)?.collection === true) st.relations.setLoaded(name, ref);
    else st.loadReference(name, ref as object | null);
  }
  return st;
}

/**
 * A lazily loaded object's snapshot keyed by property, as an InstanceState keeps it: its
 * row is one already, or a value array of the mapper's columns in order (hydrate.ts).
 */
function keyedSnapshot(mapper: Mapper, row: Obj | unknown[]): Obj {
  return Array.isArray(row) ? keyedRow(mapper)(row) : row;
}

/** True when a lazily loaded object's columns differ from its row (its state not made). */
export function lazyModified(obj: object, mapper: Mapper): boolean {
  return lazyDiffer(mapper)(obj as Obj, (obj as Lazy)[STATE] as Obj | unknown[]);
}

/** The value of property `prop` in a loaded object's row (keyed, or a value array). */
export function rowValue(mapper: Mapper, row: Obj | readonly unknown[], prop: string): unknown {
  return Array.isArray(row) ? row[mapper.props.indexOf(prop)] : (row as Obj)[prop];
}

/**
 * Sets the row of a loaded object as it stands in the database (an UPDATE without a state
 * wrote it, or a rollback put it back): the snapshot slot while its state is not made,
 * else its state's snapshot, keyed. Returns the state when it is made, else null.
 */
export function setCommittedRow(
  obj: object,
  mapper: Mapper,
  row: Obj | unknown[],
): InstanceState | null {
  const o = obj as Lazy;
  const tag = o[LAZY_TAG];
  if (tag !== undefined && tag !== null) {
    o[STATE] = row;
    return null;
  }
  const st = o[STATE] as InstanceState | undefined;
  if (st === undefined || st.obj !== obj) return null;
  st.committed = keyedSnapshot(mapper, row);
  return st;
}

/** Expired (the next read reloads it): from the epoch when the state is not made. */
export function isExpired(obj: object): boolean {
  const tag = (obj as Lazy)[LAZY_TAG];
  if (tag !== undefined && tag !== null) return tag.epoch.expired;
  return ((obj as Lazy)[STATE] as InstanceState).expired;
}

/**
 * Sets the reference in relation `slot` (named `name`) of a loaded object as loaded with
 * `value`, unless it is loaded already (a select-in load of children sets each child's
 * back-reference). A lazily loaded object keeps it in its reference slot and stays lazy.
 */
export function loadReferenceOf(obj: object, name: string, slot: number, value: object): void {
  const o = obj as Lazy;
  const tag = o[LAZY_TAG];
  if (tag !== undefined && tag !== null) {
    if (tag.refSlot === slot) return;
    if (tag.refSlot < 0) {
      o[LAZY_REF] = value;
      o[LAZY_TAG] = tag.epoch.refTag(slot);
      return;
    }
  }
  const st = peekState(obj);
  if (st !== undefined) st.loadReference(name, value);
}

// ---- relation loading on objects that may have no state (loaders.ts) -----------------

/** True when the object has a row (a lazily loaded object always has one). */
export function hasRow(obj: object): boolean {
  return lazyTag(obj) !== null || stateOf(obj).committed !== null;
}

/** True when relation `name` (slot `slot`) of a mapped object is loaded. */
export function isRelationLoaded(obj: object, name: string, slot: number): boolean {
  const tag = lazyTag(obj);
  if (tag !== null) return tag.refSlot === slot;
  return stateOf(obj).relations.has(name);
}

/** The loaded value of relation `name` (slot `slot`), undefined when not loaded. */
export function loadedValue(obj: object, name: string, slot: number): unknown {
  const tag = lazyTag(obj);
  if (tag !== null) return tag.refSlot === slot ? (obj as Lazy)[LAZY_REF] : undefined;
  return stateOf(obj).relations.get(name);
}

/**
 * Sets relation `name` (slot `slot`) as loaded with `value` (and its snapshot). An object
 * without a state that has nothing else loaded keeps the value in its reference slot: a
 * select-in parent's collection then costs no state, cells array or snapshot copy until
 * it is read.
 */
export function setLoadedOn(obj: object, name: string, slot: number, value: unknown): void {
  const o = obj as Lazy;
  const tag = o[LAZY_TAG];
  if (tag !== undefined && tag !== null && (tag.refSlot < 0 || tag.refSlot === slot)) {
    o[LAZY_REF] = value;
    if (tag.refSlot < 0) o[LAZY_TAG] = tag.epoch.refTag(slot);
    return;
  }
  stateOf(obj).relations.setLoaded(name, value);
}

type Slots<T extends object> = { [STATE]?: InstanceState<T>; [LAZY_TAG]?: LoadTag | null };

/** The state of a mapped object, created on first use (a new object starts transient). */
export function stateOf<T extends object>(obj: T): InstanceState<T> {
  if (obj === null || typeof obj !== 'object')
    throw new InvalidRequestError(`expected a mapped model instance, got ${describe(obj)}`);
  const tag = (obj as Slots<T>)[LAZY_TAG];
  if (tag !== undefined && tag !== null) {
    const st = materialize(obj, tag);
    if (st !== null) return st as InstanceState<T>;
  } else {
    const existing = (obj as Slots<T>)[STATE];
    if (existing !== undefined && existing.obj === obj) return existing;
  }
  return attachState(obj, mapperOf(obj.constructor as abstract new () => object));
}

/**
 * The state when the object has one (or is a loaded object whose state is not made yet),
 * without making a transient state.
 */
export function peekState<T extends object>(obj: T): InstanceState<T> | undefined {
  const tag = (obj as Slots<T>)[LAZY_TAG];
  if (tag !== undefined && tag !== null)
    return (materialize(obj, tag) as InstanceState<T> | null) ?? undefined;
  const st = (obj as Slots<T>)[STATE];
  return st !== undefined && st.obj === obj ? st : undefined;
}

/**
 * The state of an object that has one made, else null: for a loaded object still without
 * one (see lazy-state.ts) this makes none. Scans of every mapped object use it.
 */
export function madeState(obj: object): InstanceState | null {
  const tag = (obj as Slots<object>)[LAZY_TAG];
  if (tag !== undefined && tag !== null) return null;
  return ((obj as Slots<object>)[STATE] as InstanceState | undefined) ?? null;
}

let stateAnchored = false;

/**
 * Keeps one state and its relation views alive for their maps (shape-anchors.ts): the
 * states a load makes die with its session. Made on the first state, with that state's
 * mapper (mappers live as long as their models); it holds an empty object, no row.
 */
function anchorState(mapper: Mapper): void {
  stateAnchored = true;
  const st = new InstanceState({}, mapper);
  const relations = st.relations;
  anchorShape(st);
  anchorShape(relations);
  anchorShape(relations.snapshot);
}

/** Attaches a fresh state (used when the ORM builds objects from rows). */
export function attachState<T extends object>(obj: T, mapper: Mapper): InstanceState<T> {
  if (!stateAnchored) anchorState(mapper);
  const st = new InstanceState(obj, mapper);
  (obj as Slots<T>)[STATE] = st;
  // A copy of a lazily loaded object that is not the session's object keeps no tag.
  if ((obj as Slots<T>)[LAZY_TAG] !== undefined) (obj as Slots<T>)[LAZY_TAG] = null;
  return st;
}

/**
 * Inspects a mapped object: `inspect(user).status` is `'transient' | 'pending' |
 * 'persistent' | 'deleted' | 'detached'`; also `identity`, `modified`, `loadedRelations`.
 */
export function inspect<T extends object>(obj: T): InstanceState<T> {
  return stateOf(obj);
}
