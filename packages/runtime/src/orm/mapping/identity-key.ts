/**
 * The identity of a mapped row within its mapper: its primary key as one string or
 * number (what the identity map is keyed by).
 */
import type { Mapper } from './mapper.js';

export type IdentityKey = string | number;

export function identityKey(values: readonly unknown[]): IdentityKey {
  if (values.length === 1) {
    const v = values[0];
    return typeof v === 'number' || typeof v === 'string' ? v : keyPart(v);
  }
  return values.map(keyPart).join('\u0000');
}

function keyPart(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return String(v);
}

/** The key of `obj`'s primary key properties, or null when one of them is unset. */
export function keyOf(mapper: Mapper, obj: Record<string, unknown>): IdentityKey | null {
  const props = mapper.pkProps;
  if (props.length === 1) {
    const v = obj[props[0] as string];
    if (v === undefined || v === null) return null;
    return typeof v === 'number' || typeof v === 'string' ? v : keyPart(v);
  }
  const parts: unknown[] = [];
  for (const p of props) {
    const v = obj[p];
    if (v === undefined || v === null) return null;
    parts.push(v);
  }
  return identityKey(parts);
}

/**
 * How far past the end of the slot array a new integer key may land and still get a slot
 * (the gap stays holes). Further keys go in the Map, so the array never turns sparse (V8
 * would switch it to a slow dictionary) and iteration never walks long runs of holes.
 */
