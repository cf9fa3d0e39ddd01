/**
 * Rows → objects through the identity map: a row whose key is already mapped returns the
 * mapped object untouched (its unflushed changes win), unless the query asked for
 * `populateExisting()` (the row wins) or the object is expired (reloaded, its unflushed
 * changes kept: {@link reloadExpired}).
 */
import { identityKey, type IdentityKey } from '../state/identity-map.js';
import type { IdentityMap } from '../state/identity-map.js';
import { STATE, type InstanceState, type StateOwner } from '../state/instance-state.js';
import { isExpired, LAZY_REF, LAZY_TAG, type LoadTag, stateOf } from '../state/lazy-state.js';
import type { Mapper } from '../mapping/mapper.js';
import { columnValues } from '../state/snapshots.js';
import { relationsChanged } from '../state/relation-changes.js';
import { sameValue } from '../mapping/values.js';
import { anchorShape, anchorTwin, placeholderOf } from '../../core/shape-anchors.js';

type Obj = Record<string, unknown>;

export interface HydrateTarget extends StateOwner {
  readonly identityMap: IdentityMap;
  /** The session's event registry: new objects are queued for its `load` handlers. */
  readonly events: { readonly wantsLoad: boolean; queueLoad(obj: object): void } | null;
}

/**
 * Where a mapper's column values sit in a result row:
 * - `null`: an object keyed by property name (a plain SELECT of the mapper's columns);
 * - row keys: an object whose `at[i]` holds `props[i]` (aliased joined selections);
 * - a number: a value array (`OrmExecutor.select`) whose `row[at + i]` holds `props[i]`.
 */
export type RowAt = readonly string[] | number | null;

/** The value of `props[i]` in a row laid out as `at` says. */
export function valueAt(row: unknown, at: RowAt, props: readonly string[], i: number): unknown {
  if (typeof at === 'number') return (row as unknown[])[at + i];
  return (row as Obj)[at === null ? (props[i] as string) : (at[i] as string)];
}

/**
 * The object of `mapper` that a row holds (laid out as `at` says): the identity map's, or
 * a new persistent one; null when the row has no primary key (an outer join found nothing).
 */
export function hydrate(
  session: HydrateTarget,
  mapper: Mapper,
  row: unknown,
  at: RowAt,
  populateExisting: boolean,
): object | null {
  const props = mapper.props;
  const pkIndexes = mapper.pkIndexes;
  let key: IdentityKey;
  if (pkIndexes.length === 1) {
    // The common one-column key: no array per row, and a number or string is its own key.
    const v = valueAt(row, at, props, pkIndexes[0] as number);
    if (v === null || v === undefined) return null;
    key = typeof v === 'number' || typeof v === 'string' ? v : identityKey([v]);
  } else {
    const pkValues: unknown[] = [];
    for (let i = 0; i < pkIndexes.length; i++) {
      const v = valueAt(row, at, props, pkIndexes[i] as number);
      if (v === null || v === undefined) return null;
      pkValues.push(v);
    }
    key = identityKey(pkValues);
  }
  lastHydrateCreated = false;
  const mapped = session.identityMap.statesFor(mapper);
  const existing = mapped.get(key);
  if (existing !== undefined) {
    if (populateExisting) populate(stateOf(existing), row, at);
    else if (isExpired(existing)) reloadExpired(stateOf(existing), row, at);
    return existing;
  }
  // No InstanceState: the object keeps its snapshot and its session's epoch in hidden
  // slots, and the state is made when first needed (lazy-state.ts).
  const tag = session.epoch.plain;
  let make = mapper.instanceMaker as InstanceMaker | null;
  if (make === null) anchorInstance(mapper, (make = instanceMaker(mapper)), row, at, tag);
  const obj = new make(row, at, tag);
  if (at !== null && !(at === 0 && (row as unknown[]).length === props.length)) {
    // The row holds other columns too (a joined load): the snapshot is a copy of ours. A
    // value array of exactly our columns is its own snapshot (read by position).
    (obj as { [STATE]?: unknown })[STATE] = columnValues(mapper, obj);
  }
  mapped.set(key, obj);
  lastHydrateCreated = true;
  const events = session.events;
  if (events !== null && events.wantsLoad) events.queueLoad(obj);
  return obj;
}

/**
 * Keeps one instance of a new maker alive for its map (shape-anchors.ts), built from the
 * first row like the loaded ones, then emptied: its column values become placeholders of
 * the same kind and its slots null, so it holds no row, no session and no user data.
 */
function anchorInstance(
  mapper: Mapper,
  make: InstanceMaker,
  row: unknown,
  at: RowAt,
  tag: LoadTag,
) {
  const anchor = new make(row, at, tag);
  for (const p of mapper.props) anchor[p] = placeholderOf(anchor[p]);
  const slots = anchor as { [STATE]?: unknown; [LAZY_TAG]?: unknown };
  slots[STATE] = null;
  slots[LAZY_TAG] = null;
  anchorShape(anchor);
  // The driver's row too: it is the objects' snapshot, read by hydration and every dirty
  // check, and dies with them (an array row has a hidden class that never dies).
  if (row !== null && typeof row === 'object' && !Array.isArray(row))
    anchorTwin(make, row, () => ({}));
}

/** Builds an instance from a row: `new Make(row, at, tag)` (see {@link instanceMaker}). */
type InstanceMaker = new (row: unknown, at: RowAt, tag: LoadTag) => Obj;

/**
 * A constructor of instances of the mapper's class from a row, without running the
 * model's constructor (a row is not an init): a function sharing the class's prototype,
 * so `instanceof` and `constructor` are the model's. It assigns the column properties in
 * column order with the property names written out (`this.authorId = row.authorId`, or
 * `row[at + 1]` from a value array), so each access is a fixed-name one that V8 compiles
 * to a load at a known offset, where a loop over names (`obj[p] = row[p]`) takes a
 * generic lookup per value; and `new` gives V8 a constructor to size objects by, so the
 * values land in-object. Then come the hidden slots of a loaded object without a state
 * (lazy-state.ts): the row as its snapshot, its load tag, its back-reference. Where code
 * generation from strings is disallowed (`--disallow-code-generation-from-strings`), the
 * loop serves.
 */
function instanceMaker(mapper: Mapper): InstanceMaker {
  const props = mapper.props;
  let fn: { prototype: unknown };
  try {
    const name = (p: string) => `this[${JSON.stringify(p)}]`;
    const byName = props.map((p) => `${name(p)} = row[${JSON.stringify(p)}];`);
    const byIndex = props.map((p, i) => `${name(p)} = row[at + ${i}];`);
    const byKey = props.map((p, i) => `${name(p)} = row[at[${i}]];`);
    fn = new Function(
      'STATE',
      'TAG',
      'REF',
      `return function (row, at, tag) {
        if (at === null) { ${byName.join(' ')} }
        else if (typeof at === 'number') { ${byIndex.join(' ')} }
        else { ${byKey.join(' ')} }
        this[STATE] = row; this[TAG] = tag; this[REF] = null;
      }`,
    )(STATE, LAZY_TAG, LAZY_REF) as { prototype: unknown };
  } catch {
    fn = function (this: Obj, row: unknown, at: RowAt, tag: LoadTag) {
      for (let i = 0; i < props.length; i++) this[props[i] as string] = valueAt(row, at, props, i);
      const slots = this as { [STATE]?: unknown; [LAZY_TAG]?: unknown; [LAZY_REF]?: unknown };
      slots[STATE] = row;
      slots[LAZY_TAG] = tag;
      slots[LAZY_REF] = null;
    } as unknown as { prototype: unknown };
  }
  fn.prototype = mapper.cls.prototype;
  const make = fn as unknown as InstanceMaker;
  mapper.instanceMaker = make;
  return make;
}

/**
 * True when the last {@link hydrate} call built a new object (rather than returning a
 * mapped one): such an object cannot have been returned earlier in the same result, so
 * collectors skip their duplicate check for it (no Set of every loaded object).
 */
export let lastHydrateCreated = false;

/**
 * Reloads an expired object from a row (expireOnCommit, rollback) without losing what the
 * user changed since it was loaded: a property that differs from the object's snapshot
 * keeps its value, every other one takes the row's; the snapshot becomes the row, so the
 * kept changes are unflushed changes against it. Overwriting them all (as `populate`
 * does) threw away a change made to an expired object before the read that met it.
 */
export function reloadExpired(st: InstanceState, row: unknown, at: RowAt): void {
  fill(st, row, at, st.committed);
  // Its relations were loaded before it expired: other transactions (or a rollback) may
  // have moved or removed their members since. Unloaded, as refresh() does, so the next
  // load (selectinload, joinedload, session.load) reads them again instead of keeping
  // stale members; unless they hold unflushed changes, which are the user's.
  if (st.hasRelations && !relationsChanged(st)) {
    st.relations.clear();
    st.relationSnapshot.clear();
  }
}

/** Overwrites an object's column values and snapshot from a row (refresh, populateExisting). */
export function populate(st: InstanceState, row: unknown, at: RowAt): void {
  fill(st, row, at, null);
}

/**
 * The row's values into the object and its new snapshot; with `old` (the snapshot before),
 * a property that differs from it is the user's change and keeps its value.
 */
function fill(st: InstanceState, row: unknown, at: RowAt, old: Obj | null): void {
  const o = st.obj as Obj;
  const committed: Obj = {};
  const props = st.mapper.props;
  for (let i = 0; i < props.length; i++) {
    const p = props[i] as string;
    const v = valueAt(row, at, props, i);
    committed[p] = v;
    // An unset value (not loaded: eagerDefaults off) is no change: it is loaded too.
    const mine = o[p];
    if (old === null || mine === undefined || sameValue(mine, old[p])) o[p] = v;
  }
  st.committed = committed;
  st.expired = false;
}
