/**
 * The per-mapper column comparison of the scans of every object (the autoflush check,
 * `dirty`, the flush's UPDATE pass) for a loaded object without a state: its columns
 * against its row (lazy-state.ts), and the autoflush check's whole loop over one
 * mapper's objects.
 *
 * Why generated: the autoflush check runs before every `get` that needs SQL and every
 * query, and walks every object of the session (column values are plain properties, so
 * writes are not observed). With the property names as data (`obj[props[i]]`) each
 * compare is a generic keyed load, and a loop shared by every scan calls its test
 * through a call site that sees every closure; written out per mapper (`o["email"] !==
 * row["email"]`, the loop included) V8 reads at fixed offsets and inlines. Measured on
 * W1 of the peer benchmark (2,000 `get`s on one session, PostgreSQL, CPU per lookup):
 * see docs/orm.md "Where the time goes". Where code generation from strings is
 * disallowed, plain loops serve.
 *
 * The flush's per-object work is generated here too, for the same reason: the keyed
 * snapshot of a row read as a value array (one object literal instead of a keyed store
 * per column), and the set of changed columns (the UPDATE pass, see {@link changedList}).
 */
import type { Mapper } from '../mapping/mapper.js';
import { columnsDiffer, columnsDifferAt, sameValue } from '../mapping/values.js';
import { LAZY_TAG } from '../session/session-epoch.js';
import { STATE } from './instance-state.js';

type Obj = Record<string, unknown>;
type Lazy = Obj & { [STATE]?: unknown; [LAZY_TAG]?: unknown };
/** True when `obj`'s columns differ from `row` (an object keyed by property, or a value array). */
export type LazyDiffer = (obj: Obj, row: Obj | readonly unknown[]) => boolean;
/**
 * True when one of `objects` has changes: one without a state made (it has a load tag,
 * lazy-state.ts) by its columns, any other by `made(obj)`.
 */
export type ChangeScan = (objects: readonly object[], made: (obj: object) => boolean) => boolean;

/** A value array row (the mapper's columns in order) as an object keyed by property. */
export type KeyedRow = (row: readonly unknown[]) => Obj;
/**
 * Bit `i` set when the value of `props[i]` of `obj` is set and differs from `committed`'s
 * (the version column never counts); made only for mappers of at most
 * {@link MAX_MASK_PROPS} columns.
 */
export type ChangedMask = (obj: Obj, committed: Obj) => number;
/** {@link ChangedMask} against a value array row (the mapper's columns in order). */
export type ChangedMaskAt = (obj: Obj, row: readonly unknown[]) => number;

/** Columns a {@link ChangedMask} covers: the bits of a small integer. */
export const MAX_MASK_PROPS = 30;

interface Generated {
  readonly differ: LazyDiffer;
  readonly scan: ChangeScan;
  readonly keyed: KeyedRow;
  /** Null when the mapper has more than {@link MAX_MASK_PROPS} columns. */
  readonly changed: ChangedMask | null;
  /** Null when {@link changed} is. */
  readonly changedAt: ChangedMaskAt | null;
  /** The property lists of the masks seen (see {@link changedList}). */
  readonly lists: Map<number, readonly string[]>;
}

/** Lists of changed properties kept per mapper; past this, lists are made per call. */
const MAX_LISTS = 256;
const NONE: readonly string[] = Object.freeze([]);

export function lazyDiffer(mapper: Mapper): LazyDiffer {
  return generated(mapper).differ;
}

/** The mapper's {@link ChangeScan}. */
export function changeScan(mapper: Mapper): ChangeScan {
  return generated(mapper).scan;
}

/** The mapper's {@link KeyedRow}. */
export function keyedRow(mapper: Mapper): KeyedRow {
  return generated(mapper).keyed;
}

/**
 * The properties of `obj` whose values are set and differ from `committed` (the version
 * column excluded), in column order; null when the mapper has too many columns for a
 * {@link ChangedMask}. Objects changing the same columns get the same frozen list, so the
 * flush groups its UPDATEs by the list itself instead of a key string per object.
 */
export function changedList(
  mapper: Mapper,
  obj: Obj,
  committed: Obj | readonly unknown[],
): readonly string[] | null {
  const g = generated(mapper);
  if (g.changed === null || g.changedAt === null) return null;
  // A lazily loaded object's row may be a value array (hydrate.ts): compared by index.
  const mask = Array.isArray(committed)
    ? g.changedAt(obj, committed)
    : g.changed(obj, committed as Obj);
  if (mask === 0) return NONE;
  const known = g.lists.get(mask);
  if (known !== undefined) return known;
  const list = Object.freeze(mapper.props.filter((_, i) => (mask & (2 ** i)) !== 0));
  if (g.lists.size < MAX_LISTS) g.lists.set(mask, list);
  return list;
}

function generated(mapper: Mapper): Generated {
  const known = mapper.lazyDiffer as Generated | null;
  if (known !== null) return known;
  let made: Generated;
  try {
    made = generate(mapper.props, mapper.versionProp);
  } catch {
    made = loops(mapper.props, mapper.versionProp);
  }
  mapper.lazyDiffer = made;
  return made;
}

function generate(props: readonly string[], versionProp: string | null): Generated {
  const key = (p: string) => `[${JSON.stringify(p)}]`;
  const keyed = `return { ${props.map((p, i) => `${JSON.stringify(p)}: row[${i}]`).join(', ')} };`;
  // An unset (undefined) property is no change, as in every dirty check of the flush.
  const bits = (at: (p: string, i: number) => string) =>
    props
      .map((p, i) =>
        p === versionProp || i >= MAX_MASK_PROPS
          ? ''
          : `if ((a = o${key(p)}) !== undefined && a !== (b = c${at(p, i)}) && !same(a, b)) m |= ${2 ** i};`,
      )
      .join('\n');
  const mask = (at: (p: string, i: number) => string) =>
    props.length > MAX_MASK_PROPS
      ? 'null'
      : `function (o, c) { let a, b, m = 0; ${bits(at)} return m; }`;
  const differs = (left: string, right: string) =>
    `((a = ${left}) !== (b = ${right}) && !same(a, b))`;
  const byIndex = props.map((p, i) => differs(`o${key(p)}`, `row[${i}]`)).join(' || ') || 'false';
  const byName = props.map((p) => differs(`o${key(p)}`, `row${key(p)}`)).join(' || ') || 'false';
  const test = `Array.isArray(row) ? ${byIndex} : ${byName}`;
  const visit = `
    const tag = o[TAG];
    if (tag === undefined || tag === null) { if (made(o)) return true; continue; }
    const row = o[STATE];
    if (${test}) return true;`;
  return new Function(
    'same',
    'STATE',
    'TAG',
    `return {
      differ(o, row) { let a, b; return ${test}; },
      scan(objects, made) {
        let a, b;
        for (let i = 0; i < objects.length; i++) { const o = objects[i]; ${visit} }
        return false;
      },
      keyed(row) { ${keyed} },
      changed: ${mask(key)},
      changedAt: ${mask((_, i) => `[${i}]`)},
      lists: new Map(),
    };`,
  )(sameValue, STATE, LAZY_TAG) as Generated;
}

function loops(props: readonly string[], versionProp: string | null): Generated {
  const differ: LazyDiffer = (o, row) =>
    Array.isArray(row) ? columnsDifferAt(o, row, props) : columnsDiffer(o, row as Obj, props);
  const visit = (o: object, made: (obj: object) => boolean): boolean => {
    const tag = (o as Lazy)[LAZY_TAG];
    if (tag === undefined || tag === null) return made(o);
    return differ(o as Obj, (o as Lazy)[STATE] as Obj | unknown[]);
  };
  const keyed: KeyedRow = (row) => {
    const out: Obj = {};
    for (let i = 0; i < props.length; i++) out[props[i] as string] = row[i];
    return out;
  };
  const maskOf = (o: Obj, at: (p: string, i: number) => unknown): number => {
    let m = 0;
    for (let i = 0; i < props.length; i++) {
      const p = props[i] as string;
      const v = o[p];
      if (p !== versionProp && v !== undefined && !sameValue(v, at(p, i))) m |= 2 ** i;
    }
    return m;
  };
  const changed: ChangedMask = (o, c) => maskOf(o, (p) => c[p]);
  const changedAt: ChangedMaskAt = (o, row) => maskOf(o, (_, i) => row[i]);
  return {
    differ,
    scan(objects, made) {
      for (let i = 0; i < objects.length; i++) if (visit(objects[i]!, made)) return true;
      return false;
    },
    keyed,
    changed: props.length > MAX_MASK_PROPS ? null : changed,
    changedAt: props.length > MAX_MASK_PROPS ? null : changedAt,
    lists: new Map(),
  };
}
