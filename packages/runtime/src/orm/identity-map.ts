/**
 * The identity map: one object per primary key per session. Keys are the primary key
 * values joined into a string (see {@link identityKey}); maps are per mapper.
 */
import type { InstanceState } from './instance-state.js';
import type { Mapper } from './mapper.js';

/**
 * The identity-map key of primary key values: a one-column number or string key is itself
 * (no allocation on the load path); anything else is a string (stable for bigints, Dates,
 * Buffers and composite keys).
 */
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

export class IdentityMap {
  private readonly byMapper = new Map<Mapper, Map<IdentityKey, InstanceState>>();

  get(mapper: Mapper, key: IdentityKey): InstanceState | undefined {
    return this.byMapper.get(mapper)?.get(key);
  }

  set(state: InstanceState): void {
    const key = state.key;
    if (key === null) throw new Error('identity map: state without a key');
    let m = this.byMapper.get(state.mapper);
    if (m === undefined) this.byMapper.set(state.mapper, (m = new Map()));
    m.set(key, state);
  }

  delete(state: InstanceState): void {
    if (state.key === null) return;
    const m = this.byMapper.get(state.mapper);
    if (m !== undefined && m.get(state.key) === state) m.delete(state.key);
  }

  /** The states of one mapper. */
  statesOf(mapper: Mapper): Iterable<InstanceState> {
    return this.byMapper.get(mapper)?.values() ?? [];
  }

  /** Mappers with at least one state. */
  mappers(): Mapper[] {
    return [...this.byMapper].filter(([, m]) => m.size > 0).map(([mapper]) => mapper);
  }

  /** Every mapped state, mapper by mapper. */
  *states(): IterableIterator<InstanceState> {
    for (const m of this.byMapper.values()) yield* m.values();
  }

  get size(): number {
    let n = 0;
    for (const m of this.byMapper.values()) n += m.size;
    return n;
  }

  clear(): void {
    this.byMapper.clear();
  }
}
