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
    case 'function':
      return null;
    default:
      return v;
  }
}
