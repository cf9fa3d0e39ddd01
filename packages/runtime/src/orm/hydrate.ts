/**
 * Rows → objects through the identity map: a row whose key is already mapped returns the
 * mapped object untouched (its unflushed changes win), unless the object is expired or
 * the query asked for `populateExisting()`.
 */
import { identityKey, type IdentityKey } from './identity-map.js';
import type { IdentityMap } from './identity-map.js';
import { STATE, stateOf, type InstanceState, type StateOwner } from './instance-state.js';
import { isExpired, LAZY_REF, LAZY_TAG, type LoadTag } from './lazy-state.js';
import type { Mapper } from './mapper.js';

type Obj = Record<string, unknown>;

export interface HydrateTarget extends StateOwner {
  readonly identityMap: IdentityMap;
}

/**
 * `keys[i]` is the row key holding `mapper.props[i]` (null: the row is keyed by property
 * name, as a plain SELECT of the mapper's columns returns it).
 */
export function hydrate(
  session: HydrateTarget,
  mapper: Mapper,
  row: Obj,
  keys: readonly string[] | null,
  populateExisting: boolean,
): object | null {
  const props = mapper.props;
  const pkProps = mapper.pkProps;
  let key: IdentityKey;
  if (pkProps.length === 1) {
    // The common one-column key: no array per row, and a number or string is its own key.
    const p = pkProps[0] as string;
    const v = row[keys === null ? p : (keys[mapper.pkIndexes[0] as number] as string)];
    if (v === null || v === undefined) return null; // an outer join found nothing
    key = typeof v === 'number' || typeof v === 'string' ? v : identityKey([v]);
  } else {
    const pkValues: unknown[] = [];
    for (let i = 0; i < pkProps.length; i++) {
      const p = pkProps[i] as string;
      const v = row[keys === null ? p : (keys[mapper.pkIndexes[i] as number] as string)];
      if (v === null || v === undefined) return null;
      pkValues.push(v);
    }
    key = identityKey(pkValues);
  }
  lastHydrateCreated = false;
  const mapped = session.identityMap.statesFor(mapper);
  const existing = mapped.get(key);
  if (existing !== undefined) {
    if (populateExisting || isExpired(existing)) populate(stateOf(existing), row, keys);
    return existing;
  }
  // No InstanceState: the object keeps its snapshot and its session's epoch in hidden
  // slots, and the state is made when first needed (lazy-state.ts).
  const obj = new (instanceMaker(mapper))(row, keys, session.epoch.plain);
  if (keys !== null) {
    // A joined row holds other tables' columns too: the snapshot is a copy of ours.
    const committed: Obj = {};
    for (let i = 0; i < props.length; i++) committed[props[i] as string] = obj[props[i] as string];
    (obj as { [STATE]?: unknown })[STATE] = committed;
  }
  mapped.set(key, obj);
  lastHydrateCreated = true;
  return obj;
}

/** Builds an instance from a row: `new Make(row, keys, tag)` (see {@link instanceMaker}). */
type InstanceMaker = new (row: Obj, keys: readonly string[] | null, tag: LoadTag) => Obj;

/**
 * A constructor of instances of the mapper's class from a row, without running the
 * model's constructor (a row is not an init): a function sharing the class's prototype,
 * so `instanceof` and `constructor` are the model's. It assigns the column properties in
 * column order with the property names written out (`this.authorId = row.authorId`), so
 * each access is a fixed-name one that V8 compiles to a load at a known offset, where a
 * loop over names (`obj[p] = row[p]`) takes a generic lookup per value; and `new` gives
 * V8 a constructor to size objects by, so the values land in-object. Then come the hidden
 * slots of a loaded object without a state (lazy-state.ts): the row as its snapshot, its
 * load tag, its back-reference. Where code generation from strings is disallowed
 * (`--disallow-code-generation-from-strings`), the loop serves.
 */
function instanceMaker(mapper: Mapper): InstanceMaker {
  let make = mapper.instanceMaker as InstanceMaker | null;
  if (make !== null) return make;
  const props = mapper.props;
  let fn: { prototype: unknown };
  try {
    const byName = props.map((p) => `this[${JSON.stringify(p)}] = row[${JSON.stringify(p)}];`);
    const byKey = props.map((p, i) => `this[${JSON.stringify(p)}] = row[keys[${i}]];`);
    fn = new Function(
      'STATE',
      'TAG',
      'REF',
      `return function (row, keys, tag) {
        if (keys === null) { ${byName.join(' ')} } else { ${byKey.join(' ')} }
        this[STATE] = row; this[TAG] = tag; this[REF] = null;
      }`,
    )(STATE, LAZY_TAG, LAZY_REF) as { prototype: unknown };
  } catch {
    fn = function (this: Obj, row: Obj, keys: readonly string[] | null, tag: LoadTag) {
      for (let i = 0; i < props.length; i++) {
        const p = props[i] as string;
        this[p] = row[keys === null ? p : (keys[i] as string)];
      }
      const slots = this as { [STATE]?: unknown; [LAZY_TAG]?: unknown; [LAZY_REF]?: unknown };
      slots[STATE] = row;
      slots[LAZY_TAG] = tag;
      slots[LAZY_REF] = null;
    } as unknown as { prototype: unknown };
  }
  fn.prototype = mapper.cls.prototype;
  make = fn as unknown as InstanceMaker;
  mapper.instanceMaker = make;
  return make;
}

/**
 * True when the last {@link hydrate} call built a new object (rather than returning a
 * mapped one): such an object cannot have been returned earlier in the same result, so
 * collectors skip their duplicate check for it (no Set of every loaded object).
 */
export let lastHydrateCreated = false;

/** Overwrites an object's column values and snapshot from a row (refresh, populateExisting). */
export function populate(st: InstanceState, row: Obj, keys: readonly string[] | null): void {
  const o = st.obj as Obj;
  const committed: Obj = {};
  const props = st.mapper.props;
  for (let i = 0; i < props.length; i++) {
    const p = props[i] as string;
    const v = row[keys === null ? p : (keys[i] as string)];
    o[p] = v;
    committed[p] = v;
  }
  st.committed = committed;
  st.expired = false;
}
