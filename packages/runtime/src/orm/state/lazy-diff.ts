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

interface Generated {
  readonly differ: LazyDiffer;
  readonly scan: ChangeScan;
}

export function lazyDiffer(mapper: Mapper): LazyDiffer {
  return generated(mapper).differ;
}

/** The mapper's {@link ChangeScan}. */
export function changeScan(mapper: Mapper): ChangeScan {
  return generated(mapper).scan;
}

function generated(mapper: Mapper): Generated {
  const known = mapper.lazyDiffer as Generated | null;
  if (known !== null) return known;
  let made: Generated;
  try {
    made = generate(mapper.props);
  } catch {
    made = loops(mapper.props);
  }
  mapper.lazyDiffer = made;
  return made;
}

function generate(props: readonly string[]): Generated {
  const key = (p: string) => `[${JSON.stringify(p)}]`;
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
    };`,
  )(sameValue, STATE, LAZY_TAG) as Generated;
}

function loops(props: readonly string[]): Generated {
  const differ: LazyDiffer = (o, row) =>
    Array.isArray(row) ? columnsDifferAt(o, row, props) : columnsDiffer(o, row as Obj, props);
  const visit = (o: object, made: (obj: object) => boolean): boolean => {
    const tag = (o as Lazy)[LAZY_TAG];
    if (tag === undefined || tag === null) return made(o);
    return differ(o as Obj, (o as Lazy)[STATE] as Obj | unknown[]);
  };
  return {
    differ,
    scan(objects, made) {
      for (let i = 0; i < objects.length; i++) if (visit(objects[i]!, made)) return true;
      return false;
    },
  };
}
