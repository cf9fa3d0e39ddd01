/** Value helpers of the ORM: equality for dirty detection, descriptions for messages. */
/**
 * Equality for dirty detection: `===`, plus value equality for Dates, Buffers, bigints and
 * JSON-ish values (a re-assigned equal value is no change).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** True when `obj` differs from the snapshot `committed` at some of `props` (see {@link sameValue}). */
export function columnsDiffer(
  obj: Record<string, unknown>,
  committed: Record<string, unknown>,
  props: readonly string[],
): boolean {
  for (let i = 0; i < props.length; i++) {
    const p = props[i] as string;
    const v = obj[p];
    const c = committed[p];
    if (v !== c && !sameValue(v, c)) return true;
  }
  return false;
}

/** {@link columnsDiffer} against a snapshot array holding `props[i]` at `i`. */
export function columnsDifferAt(
  obj: Record<string, unknown>,
  committed: readonly unknown[],
  props: readonly string[],
): boolean {
  for (let i = 0; i < props.length; i++) {
    const v = obj[props[i] as string];
    const c = committed[i];
    if (v !== c && !sameValue(v, c)) return true;
  }
  return false;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  return `${typeof value} ${String(value)}`;
}
