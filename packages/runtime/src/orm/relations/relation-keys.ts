/**
 * The keys a relation load groups rows by: a row's or an object's values at the relation's
 * columns, as the identity map keys them, read per row in select-in loads (loaders.ts).
 */
import { identityKey, type IdentityKey } from '../state/identity-map.js';
import type { Mapper } from '../mapping/mapper.js';

type Obj = Record<string, unknown>;

/**
 * The identity-map style key of one row's or object's values at `props`: the value itself
 * for a one-column number or string (no array per row), else {@link identityKey}.
 */
export function keyAt(o: Obj, props: readonly string[]): IdentityKey {
  if (props.length === 1) {
    const v = o[props[0] as string];
    return typeof v === 'number' || typeof v === 'string' ? v : identityKey([v]);
  }
  return identityKey(props.map((p) => o[p]));
}

/**
 * {@link keyAt} of a result row: keyed by `names` in an object row (`at` null), at
 * `indexes` in a value array (`at` 0).
 */
function rowKeyAt(
  row: unknown,
  at: 0 | null,
  names: readonly string[],
  indexes: readonly number[],
): IdentityKey {
  if (at === null) return keyAt(row as Obj, names);
  const values = row as readonly unknown[];
  if (indexes.length === 1) {
    const v = values[indexes[0] as number];
    return typeof v === 'number' || typeof v === 'string' ? v : identityKey([v]);
  }
  return identityKey(indexes.map((i) => values[i]));
}

/** {@link rowKeyAt} for fixed names and positions (see {@link keyReader}). */
export type KeyReader = (row: unknown, at: 0 | null) => IdentityKey;

const keyReaders = new Map<string, KeyReader>();

/**
 * {@link rowKeyAt} as a function of the row, for the per-row grouping of a select-in load.
 * A one-column key is read with its name or position written out (`o["authorId"]`,
 * `o[1]`): V8 compiles a fixed-name load to one at a known offset, where `o[props[0]]`
 * takes a generic keyed lookup per row. Where code generation from strings is
 * disallowed, a closure serves.
 */
export function keyReader(names: readonly string[], indexes: readonly number[]): KeyReader {
  const generic: KeyReader = (row, at) => rowKeyAt(row, at, names, indexes);
  if (names.length !== 1) return generic;
  const name = JSON.stringify(names[0]);
  const index = indexes[0] as number;
  const cacheKey = `${index}:${name}`;
  let read = keyReaders.get(cacheKey);
  if (read !== undefined) return read;
  try {
    read = new Function(
      'identityKey',
      `return function (o, at) {
        const v = at === null ? o[${name}] : o[${index}];
        return typeof v === 'number' || typeof v === 'string' ? v : identityKey([v]);
      }`,
    )(identityKey) as KeyReader;
  } catch {
    read = generic;
  }
  keyReaders.set(cacheKey, read);
  return read;
}

/** Positions of `props` among the mapper's columns (its select list's order). */
export function indexesOf(mapper: Mapper, props: readonly string[]): number[] {
  return props.map((p) => mapper.props.indexOf(p));
}
