/**
 * Objects kept alive only for their hidden classes. V8 compiles the hot code of a load
 * (hydration, the identity map) against the hidden classes ("maps") of the objects it
 * sees, and holds those maps weakly: a map whose objects are all dead is dropped by the
 * next full collection, and every function compiled against it is thrown away ("weak
 * objects" in `--trace-deopt`). Between two loads on fresh sessions nothing of a load
 * is alive, so a full collection there (the peer benchmark forces one before every run)
 * cost the next load its optimized code: recompiling hydration alone took 13–16 ms of
 * CPU, and the rows before it ran unoptimized. One anchored object per class keeps its
 * map, and the code stays valid. See docs/orm.md, "Where the time goes".
 */
const anchors: object[] = [];

/** Keeps `obj` (and so its map) alive for the life of the process. */
export function anchorShape(obj: object): void {
  anchors.push(obj);
}

/**
 * A stand-in of the same kind as a column value, so that an anchored instance keeps the
 * map (and field representations) of loaded ones without holding a user's data: `0`
 * suits any number (a double field stores it as a double), objects become null.
 */
export function placeholderOf(v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      return 0;
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'bigint':
      return 0n;
    case 'object':
      // A Date keeps a field's type (a hidden class of its own) where null would widen it.
      return v instanceof Date ? new Date(0) : null;
    case 'function':
      return null;
    default:
      return v;
  }
}

/** Property lists already anchored, per kind (see {@link anchorTwin}). */
const twinned = new WeakMap<object, Set<string>>();
/** Bounds the anchors of one kind: objects built with unusual property orders are not all kept. */
const MAX_TWINS_PER_KIND = 16;

/**
 * Anchors, once per kind and property list, a twin of `real`: an object built by `make`
 * whose own properties (string and symbol keys, in `real`'s order) are then set to
 * placeholders of the same kinds as `real`'s values. Built the same way, it has `real`'s
 * hidden class and none of its data. `kind` names what else decides the shape (a class,
 * a mapper). Called for one object of a batch (a flush's wave, a load), never per row.
 *
 * Why: the objects a session makes (states, snapshots, the user's new instances) all die
 * with it, so the next full collection dropped their hidden classes and every function
 * compiled against them; the next session ran unoptimized and recompiled. Measured on
 * SQLite, W3 of the peer benchmark (10,000 inserts, a full GC before each run): keeping
 * one object of each alive took the CPU of runs 2-6 from 613-782 to 378-418 ms.
 *
 * Returns the twin, or null when one of that shape was anchored already (or the kind has
 * its fill).
 */
export function anchorTwin(kind: object, real: object, make: () => object): object | null {
  let seen = twinned.get(kind);
  if (seen === undefined) twinned.set(kind, (seen = new Set()));
  if (seen.size >= MAX_TWINS_PER_KIND) return null;
  const keys = Reflect.ownKeys(real);
  const signature = keys.map(String).join('\0');
  if (seen.has(signature)) return null;
  seen.add(signature);
  // Only for speed: a twin that cannot be made (a setter or constructor that objects to
  // placeholders) is skipped, never an error of the flush or load that asked for it.
  try {
    const twin = make() as Record<PropertyKey, unknown>;
    const from = real as Record<PropertyKey, unknown>;
    for (const k of keys) twin[k] = placeholderOf(from[k]);
    anchorShape(twin);
    return twin;
  } catch {
    return null;
  }
}
