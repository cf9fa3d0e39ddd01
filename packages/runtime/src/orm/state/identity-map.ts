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
 * Integer keys far past the slots' end still take a slot while the slots number at most
 * this many times the entries. Why: a select-in load's children come in runs of keys with
 * gaps (W4 of the peer bench: 10,000 posts of users 1-1,000 are ids 1-1,000, 2,001-3,000,
 * ...), and half of them went to the Map: Map inserts, and a table of 5,000 entries (over
 * 128 KB: a large object, old from birth) that held the children through young
 * collections until the next full one. Measured (--trace-gc-nvp, 43 loads on MariaDB):
 * promoted 69 -> 24 MB, collector pauses 706 -> 391 ms.
 */
const DENSITY = 4;
/** Slots per chunk: 8,192 (64 KB), under V8's large-object size (128 KB). */
const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/**
 * One mapper's objects (any entries) by key. Integer keys (the usual generated ids) near the first one
 * seen index a dense array at `key - base`: filling it is several times cheaper than a
 * Map when 20,000 rows load, and loading is what the identity map mostly does. Other keys
 * go in a Map. Iteration visits slotted keys in key order, then the others in insertion
 * order.
 */
export class KeyedStates<E extends object = object> {
  /**
   * The slots in chunks of {@link CHUNK} (each a young-generation-sized array): one array
   * of 20,000 slots is a large object, which V8 allocates in its own mapped pages, old
   * from birth: each cost about 0.5 ms on our machines (mmap, page faults, munmap), the
   * cost of hydrating 3,000 rows.
   */
  private chunks: (E | undefined)[][] = [];
  /** One past the highest slot index written (0: no slotted key yet). */
  private span = 0;
  /** The slot count when the first slotted key arrives (see {@link reserve}). */
  private expected = 0;
  /** Slots made up front for a reserved load: any key in this range may take its slot. */
  private reserved = 0;
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
    if (this.span === 0) {
      if (!forWrite) return -1;
      this.base = key;
      return 0;
    }
    const i = key - this.base;
    if (i >= 0 && i < this.span) return i;
    // Past the last slot written: a write takes a slot near it, or any slot while the slots
    // up to it number at most DENSITY per entry, or per row of a reserved load (the
    // children of a select-in load: keys in runs with gaps between them, in any order). A
    // slot far past its chunk's end makes the chunk whole first (chunkFor), never sparse.
    if (!forWrite || i < 0) return -1;
    return i <= this.span + MAX_GAP || i < DENSITY * Math.max(this.reserved, this.slotCount + 1)
      ? i
      : -1;
  }

  private slot(i: number): E | undefined {
    const chunk = this.chunks[i >> CHUNK_BITS];
    return chunk === undefined ? undefined : chunk[i & CHUNK_MASK];
  }

  get(key: IdentityKey): E | undefined {
    const i = this.slotOf(key, false);
    if (i >= 0) {
      const st = this.slot(i);
      if (st !== undefined || this.others.size === 0) return st;
    }
    return this.others.get(key);
  }

  /**
   * Says about `count` new entries are coming (a result about to be hydrated): an empty
   * map then makes its chunks for that many at once instead of growing arrays step by
   * step, which allocated about three times their final size over a 20,000-row load.
   */
  reserve(count: number): void {
    if (this.span === 0 && count > 16) this.expected = Math.min(count, 65_536);
    // A load of many rows does not append to the scan list row by row (that growing array
    // cost W2 of the peer benchmark about as much as filling the slots): the next scan
    // rebuilds the list once, if there is one before the session ends.
    if (count > 16) this.denseStale = true;
  }

  /** The chunk that holds slot `i`, made (with any before it) when missing. */
  private chunkFor(i: number): (E | undefined)[] {
    const c = i >> CHUNK_BITS;
    const chunks = this.chunks;
    let chunk = chunks[c];
    if (chunk === undefined) chunk = this.makeChunks(c);
    if ((i & CHUNK_MASK) > chunk.length + MAX_GAP) {
      // A write far past the chunk's end (a new chunk's or one already in use) would make
      // it a sparse (dictionary) array: the chunk takes all its slots first.
      const whole = new Array<E | undefined>(CHUNK);
      for (let j = 0; j < chunk.length; j++) whole[j] = chunk[j];
      chunks[c] = chunk = whole;
    }
    return chunk;
  }

  /** Makes the chunks up to chunk `c` (which does not exist yet); returns chunk `c`. */
  private makeChunks(c: number): (E | undefined)[] {
    const chunks = this.chunks;
    if (this.expected > 0) {
      // The first write of a reserved load makes its slots at once (the last chunk sized
      // to the rest); without a reservation a chunk starts empty and grows as it fills,
      // so a session holding a few objects does not pay for 8,192 slots.
      const expected = this.expected;
      this.expected = 0;
      this.reserved = expected;
      for (let at = 0; at < expected; at += CHUNK)
        chunks.push(new Array<E | undefined>(Math.min(CHUNK, expected - at)));
    }
    while (chunks.length <= c) chunks.push([]);
    return chunks[c] as (E | undefined)[];
  }

  set(key: IdentityKey, state: E): void {
    const i = this.slotOf(key, true);
    // A key already in the Map (put there before the array reached it) stays there.
    if (i >= 0 && (this.others.size === 0 || !this.others.has(key))) {
      const chunk = this.chunkFor(i);
      const at = i & CHUNK_MASK;
      const before = chunk[at];
      if (before === undefined) {
        this.slotCount++;
        if (!this.denseStale) this.dense.push(state);
      } else if (before !== state) this.denseStale = true;
      chunk[at] = state;
      if (i >= this.span) this.span = i + 1;
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
    if (i >= 0 && this.slot(i) === state) {
      (this.chunks[i >> CHUNK_BITS] as (E | undefined)[])[i & CHUNK_MASK] = undefined;
      this.slotCount--;
      this.denseStale = true;
    } else if (this.others.get(key) === state) {
      this.others.delete(key);
      this.denseStale = true;
    }
  }

  /** Calls `fn` for every state (no iterator objects on this hot path). */
  forEach(fn: (state: E) => void): void {
    if (this.slotCount > 0) {
      const chunks = this.chunks;
      for (let c = 0; c < chunks.length; c++) {
        const chunk = chunks[c] as (E | undefined)[];
        for (let i = 0; i < chunk.length; i++) {
          const st = chunk[i];
          if (st !== undefined) fn(st);
        }
      }
    }
    if (this.others.size > 0) for (const st of this.others.values()) fn(st);
  }

  /** True when `fn` is true for some state (stops there). */
  some(fn: (state: E) => boolean): boolean {
    if (this.slotCount > 0) {
      const chunks = this.chunks;
      for (let c = 0; c < chunks.length; c++) {
        const chunk = chunks[c] as (E | undefined)[];
        for (let i = 0; i < chunk.length; i++) {
          const st = chunk[i];
          if (st !== undefined && fn(st)) return true;
        }
      }
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
   * Empties it, the chunks included: an old chunk that outlives its session would hold
   * its objects through every young collection until the next full one (child-groups.ts
   * tells the mechanism).
   */
  clear(): void {
    for (const chunk of this.chunks) chunk.fill(undefined);
    this.chunks = [];
    this.span = 0;
    this.reserved = 0;
    this.dense.length = 0;
    this.dense = [];
    this.denseStale = false;
    this.slotCount = 0;
    this.expected = 0;
    this.others.clear();
  }

  *[Symbol.iterator](): IterableIterator<E> {
    if (this.slotCount > 0)
      for (const chunk of this.chunks)
        for (let i = 0; i < chunk.length; i++) {
          const st = chunk[i];
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
