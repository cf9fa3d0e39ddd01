/**
 * The identity map: one object per primary key per session. Keys are the primary key
 * values joined into a string (see {@link identityKey}); maps are per mapper. It holds the
 * objects themselves, not their states: a loaded object may not have a state yet
 * (lazy-state.ts).
 */
import type { InstanceState } from './instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { IdentityKey } from '../mapping/identity-key.js';
import { anchorShape } from '../../core/shape-anchors.js';

export { identityKey, keyOf, type IdentityKey } from '../mapping/identity-key.js';

/**
 * The identity-map key of primary key values: a one-column number or string key is itself
 * (no allocation on the load path); anything else is a string (stable for bigints, Dates,
 * Buffers and composite keys).
 */
const MAX_GAP = 512;

/**
 * One mapper's objects (any entries) by key. Integer keys (the usual generated ids) near the first one
 * seen index a dense array at `key - base`: filling it is several times cheaper than a
 * Map when 20,000 rows load, and loading is what the identity map mostly does. Other keys
 * go in a Map. Iteration visits slotted keys in key order, then the others in insertion
 * order.
 */
export class KeyedStates<E extends object = object> {
  private slots: (E | undefined)[] = [];
  /** The slot array's size when the first slotted key arrives (see {@link reserve}). */
  private expected = 0;
  private base = 0;
  private readonly others = new Map<IdentityKey, E>();
  private slotCount = 0;
  /**
   * Every entry once, in the order added, for the scans that only ask whether some object
   * changed (the autoflush check before every `get` and query): with keys spread over a
   * range (W1 of the peer benchmark looks up random ids) the slot array is mostly holes
   * and the rest sits in the Map, whose iteration costs several times an array's. Replacing
   * or removing an entry, or a large load ({@link reserve}), marks the list stale; the next
   * scan rebuilds it once.
   */
  private dense: E[] = [];
  private denseStale = false;

  get size(): number {
    return this.slotCount + this.others.size;
  }

  /** The slot index of `key`, or -1 when it is not (and cannot become) a slotted key. */
  private slotOf(key: IdentityKey, forWrite: boolean): number {
    if (typeof key !== 'number' || !Number.isSafeInteger(key)) return -1;
    if (this.slots.length === 0) {
      if (!forWrite) return -1;
      this.base = key;
      return 0;
    }
    const i = key - this.base;
    if (i >= 0 && i < this.slots.length) return i;
    return forWrite && i >= 0 && i <= this.slots.length + MAX_GAP ? i : -1;
  }

  get(key: IdentityKey): E | undefined {
    const i = this.slotOf(key, false);
    if (i >= 0) {
      const st = this.slots[i];
      if (st !== undefined || this.others.size === 0) return st;
    }
    return this.others.get(key);
  }

  /**
   * Says about `count` new entries are coming (a result about to be hydrated): an empty
   * map then makes its slot array that size at once instead of growing it step by step,
   * which allocated about three times its final size over a 20,000-row load.
   */
  reserve(count: number): void {
    if (this.slots.length === 0 && count > 16) this.expected = Math.min(count, 65_536);
    // A load of many rows does not append to the scan list row by row (that growing array
    // cost W2 of the peer benchmark about as much as filling the slots): the next scan
    // rebuilds the list once, if there is one before the session ends.
    if (count > 16) this.denseStale = true;
  }

  set(key: IdentityKey, state: E): void {
    const i = this.slotOf(key, true);
    if (i >= 0 && this.slots.length === 0 && this.expected > i) {
      this.slots = new Array<E | undefined>(this.expected);
      this.expected = 0;
    }
    // A key already in the Map (put there before the array reached it) stays there.
    if (i >= 0 && (this.others.size === 0 || !this.others.has(key))) {
      const before = this.slots[i];
      if (before === undefined) {
        this.slotCount++;
        if (!this.denseStale) this.dense.push(state);
      } else if (before !== state) this.denseStale = true;
      this.slots[i] = state;
    } else {
      const before = this.others.get(key);
      if (before === undefined) {
        if (!this.denseStale) this.dense.push(state);
      } else if (before !== state) this.denseStale = true;
      this.others.set(key, state);
    }
  }

  /** Removes `state` when it is the one under `key`. */
  deleteState(key: IdentityKey, state: E): void {
    const i = this.slotOf(key, false);
    if (i >= 0 && this.slots[i] === state) {
      this.slots[i] = undefined;
      this.slotCount--;
      this.denseStale = true;
    } else if (this.others.get(key) === state) {
      this.others.delete(key);
      this.denseStale = true;
    }
  }

  /** Calls `fn` for every state (no iterator objects on this hot path). */
  forEach(fn: (state: E) => void): void {
    const slots = this.slots;
    if (this.slotCount > 0)
      for (let i = 0; i < slots.length; i++) {
        const st = slots[i];
        if (st !== undefined) fn(st);
      }
    if (this.others.size > 0) for (const st of this.others.values()) fn(st);
  }

  /** True when `fn` is true for some state (stops there). */
  some(fn: (state: E) => boolean): boolean {
    const slots = this.slots;
    if (this.slotCount > 0)
      for (let i = 0; i < slots.length; i++) {
        const st = slots[i];
        if (st !== undefined && fn(st)) return true;
      }
    if (this.others.size > 0) for (const st of this.others.values()) if (fn(st)) return true;
    return false;
  }

  /** Every entry once, in no promised order, for a generated loop over it (lazy-diff.ts). */
  get list(): readonly E[] {
    if (this.denseStale) {
      this.dense.length = 0;
      this.forEach((st) => this.dense.push(st));
      this.denseStale = false;
    }
    return this.dense;
  }

  /**
   * Empties it, the slot array included: an old slot array that outlives its session
   * would hold its objects through every young collection until the next full one
   * (child-groups.ts tells the mechanism).
   */
  clear(): void {
    this.slots.fill(undefined);
    this.slots = [];
    this.dense.length = 0;
    this.dense = [];
    this.denseStale = false;
    this.slotCount = 0;
    this.expected = 0;
    this.others.clear();
  }

  *[Symbol.iterator](): IterableIterator<E> {
    const slots = this.slots;
    if (this.slotCount > 0)
      for (let i = 0; i < slots.length; i++) {
        const st = slots[i];
        if (st !== undefined) yield st;
      }
    yield* this.others.values();
  }
}

export class IdentityMap {
  private readonly byMapper = new Map<Mapper, KeyedStates>();

  /** The object mapped under `key`. */
  get(mapper: Mapper, key: IdentityKey): object | undefined {
    return this.byMapper.get(mapper)?.get(key);
  }

  /** The objects of one mapper, created when missing (hydration looks it up once per result). */
  statesFor(mapper: Mapper): KeyedStates {
    // Rows of one result hydrate one mapper after another: remember the last one asked for.
    if (mapper === this.lastMapper && this.lastStates !== null) return this.lastStates;
    let m = this.byMapper.get(mapper);
    if (m === undefined) this.byMapper.set(mapper, (m = new KeyedStates()));
    this.lastMapper = mapper;
    this.lastStates = m;
    return m;
  }
  private lastMapper: Mapper | null = null;
  private lastStates: KeyedStates | null = null;

  /** Maps the state's object under its key. */
  set(state: InstanceState): void {
    const key = state.key;
    if (key === null) throw new Error('identity map: state without a key');
    this.statesFor(state.mapper).set(key, state.obj);
  }

  delete(state: InstanceState): void {
    if (state.key === null) return;
    this.byMapper.get(state.mapper)?.deleteState(state.key, state.obj);
  }

  /** Mappers with at least one object. */
  mappers(): Mapper[] {
    return [...this.byMapper].filter(([, m]) => m.size > 0).map(([mapper]) => mapper);
  }

  /** True when `fn` is true for some mapped object (stops there). */
  some(fn: (obj: object, mapper: Mapper) => boolean): boolean {
    for (const [mapper, m] of this.byMapper) if (m.some((o) => fn(o, mapper))) return true;
    return false;
  }

  /** True when `fn` is true for some mapper and its (non-empty) objects (stops there). */
  someMapper(fn: (mapper: Mapper, objects: KeyedStates) => boolean): boolean {
    for (const [mapper, m] of this.byMapper) if (m.size > 0 && fn(mapper, m)) return true;
    return false;
  }

  /** Calls `fn` for every mapped object, mapper by mapper (no iterator objects on this hot path). */
  forEach(fn: (obj: object, mapper: Mapper) => void): void {
    for (const [mapper, m] of this.byMapper) m.forEach((o) => fn(o, mapper));
  }

  get size(): number {
    let n = 0;
    for (const m of this.byMapper.values()) n += m.size;
    return n;
  }

  clear(): void {
    for (const m of this.byMapper.values()) m.clear();
    this.byMapper.clear();
    this.lastMapper = null;
    this.lastStates = null;
  }
}

// A session's maps die with it; these keep the two classes' maps, so a full collection
// between sessions does not discard the load's compiled code (shape-anchors.ts).
anchorShape(new KeyedStates());
anchorShape(new IdentityMap());
