/**
 * The compile cache: compiled SQL by statement shape (see `shape.ts`), one per dialect,
 * bounded. Two generations approximate LRU at the cost of one map lookup per hit: new
 * shapes go into the young map; when it is full (half the entry limit, or half the SQL
 * character limit) the old map is dropped and the young one becomes old; a hit in the old
 * map copies the entry into the young one (so shapes in use survive the drop). So at most
 * `maxShapes` entries and `maxChars` of SQL are held, and a program that makes unbounded
 * distinct shapes keeps a bounded cache.
 */
import type { SqlDialect } from '../dialect.js';
import type { ResultColumn } from './context.js';
import type { ShapeWalk } from './shape.js';

/** What a shape compiles to; the slots (values) come from each statement's own walk. */
export interface ShapeEntry {
  readonly sql: string;
  readonly resultColumns: readonly ResultColumn[];
}

/** A stored shape: its tokens (to confirm a hash match), its SQL, the next with its hash. */
interface Stored extends ShapeEntry {
  readonly tokens: readonly (string | number | null)[];
  next: Stored | null;
}

export interface CompileCacheStats {
  /** Shapes held now. */
  readonly size: number;
  /** Compilations that found their shape (rendering skipped). */
  readonly hits: number;
  /** Compilations that rendered and stored a new shape. */
  readonly misses: number;
  /** Shapes dropped to keep the cache within its limits. */
  readonly evictions: number;
}

export interface CompileCacheOptions {
  /** Most shapes kept per dialect (default 1,000); 0 turns the cache off. */
  readonly maxShapes?: number;
  /** Most characters of SQL kept per dialect (default 4,000,000: batch inserts are long). */
  readonly maxChars?: number;
}

let maxShapes = 1_000;
let maxChars = 4_000_000;

export class ShapeCache {
  private young = new Map<number, Stored>();
  private old = new Map<number, Stored>();
  private youngCount = 0;
  private oldCount = 0;
  private youngChars = 0;
  hits = 0;
  misses = 0;
  evictions = 0;

  /** The entry whose tokens equal the walk's, if any. */
  get(walk: ShapeWalk): ShapeEntry | undefined {
    for (let e = this.young.get(walk.hash) ?? null; e !== null; e = e.next) {
      if (walk.matches(e.tokens)) return e;
    }
    for (let e = this.old.get(walk.hash) ?? null; e !== null; e = e.next) {
      // Copied into the young generation (the old one is dropped as a whole, later).
      if (walk.matches(e.tokens)) return this.add(walk.hash, e.tokens, e);
    }
    return undefined;
  }

  set(walk: ShapeWalk, entry: ShapeEntry): void {
    if (maxShapes <= 0 || entry.sql.length > maxChars / 2) return;
    this.add(walk.hash, walk.copy(), entry);
  }

  private add(
    hash: number,
    tokens: readonly (string | number | null)[],
    entry: ShapeEntry,
  ): Stored {
    const half = Math.max(1, Math.floor(maxShapes / 2));
    if (this.youngCount >= half || this.youngChars + entry.sql.length > maxChars / 2) {
      this.evictions += this.oldCount;
      // (With room for one shape only, there is no old generation.)
      const keep = maxShapes >= 2;
      if (!keep) this.evictions += this.youngCount;
      this.old = keep ? this.young : new Map();
      this.oldCount = keep ? this.youngCount : 0;
      this.young = new Map();
      this.youngCount = 0;
      this.youngChars = 0;
    }
    const stored: Stored = {
      sql: entry.sql,
      resultColumns: entry.resultColumns,
      tokens,
      next: this.young.get(hash) ?? null,
    };
    this.young.set(hash, stored);
    this.youngCount++;
    this.youngChars += entry.sql.length;
    return stored;
  }

  /** Shapes held (one copied back from the old generation counts twice until it goes). */
  get size(): number {
    return this.youngCount + this.oldCount;
  }
}

// Replaced, not cleared, by clearCompileCache (a WeakMap cannot be iterated).
let caches = new WeakMap<SqlDialect, ShapeCache>();
// The last dialect's cache, found without a WeakMap lookup (a program mostly uses one).
let lastDialect: SqlDialect | null = null;
let lastCache: ShapeCache | null = null;

export function shapeCacheFor(dialect: SqlDialect): ShapeCache {
  if (dialect === lastDialect) return lastCache as ShapeCache;
  let cache = caches.get(dialect);
  if (!cache) {
    cache = new ShapeCache();
    caches.set(dialect, cache);
  }
  lastDialect = dialect;
  lastCache = cache;
  return cache;
}

/** Counters of a dialect's compile cache (for tests and tuning). */
export function compileCacheStats(dialect: SqlDialect): CompileCacheStats {
  const c = shapeCacheFor(dialect);
  return { size: c.size, hits: c.hits, misses: c.misses, evictions: c.evictions };
}

/**
 * Sets the compile cache's limits (for every dialect); shrinking one empties the caches.
 * Returns the limits in force before, so a caller can restore them.
 */
export function configureCompileCache(options: CompileCacheOptions): Required<CompileCacheOptions> {
  const before = { maxShapes, maxChars };
  const check = (v: number | undefined, name: string): void => {
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) {
      throw new TypeError(`compile cache ${name} must be a non-negative integer, got ${v}`);
    }
  };
  check(options.maxShapes, 'maxShapes');
  check(options.maxChars, 'maxChars');
  maxShapes = options.maxShapes ?? maxShapes;
  maxChars = options.maxChars ?? maxChars;
  if (maxShapes < before.maxShapes || maxChars < before.maxChars) clearCompileCache();
  return before;
}

/** Empties every dialect's compile cache and resets its counters. */
export function clearCompileCache(): void {
  caches = new WeakMap();
  lastDialect = null;
  lastCache = null;
}
