/**
 * The per-mapper column comparison of the scans of every object (the autoflush check,
 * `dirty`, the flush's UPDATE pass) for a loaded object without a state: its columns
 * against its row (lazy-state.ts).
 *
 * Why generated: the autoflush check runs before every `get` that needs SQL and every
 * query, and walks every object of the session. With the property names as data
 * (`obj[props[i]]`) each compare is a generic keyed load; written out (`o.email !==
 * row.email`) V8 reads at fixed offsets. Measured on W1 of the peer benchmark (2,000
 * `get`s on one session, PostgreSQL): the scan was a third of the ORM's CPU time.
 * Where code generation from strings is disallowed, the loops of values.ts serve.
 */
import type { Mapper } from '../mapping/mapper.js';
import { columnsDiffer, columnsDifferAt, sameValue } from '../mapping/values.js';

type Obj = Record<string, unknown>;
/** True when `obj`'s columns differ from `row` (an object keyed by property, or a value array). */
export type LazyDiffer = (obj: Obj, row: Obj | readonly unknown[]) => boolean;

export function lazyDiffer(mapper: Mapper): LazyDiffer {
  const known = mapper.lazyDiffer as LazyDiffer | null;
  if (known !== null) return known;
  const props = mapper.props;
  let differ: LazyDiffer;
  try {
    const key = (p: string) => `[${JSON.stringify(p)}]`;
    const differs = (left: string, right: string) =>
      `((a = ${left}) !== (b = ${right}) && !same(a, b))`;
    const byIndex = props.map((p, i) => differs(`o${key(p)}`, `row[${i}]`));
    const byName = props.map((p) => differs(`o${key(p)}`, `row${key(p)}`));
    differ = new Function(
      'same',
      `return function (o, row) {
        let a, b;
        if (Array.isArray(row)) return ${byIndex.join(' || ') || 'false'};
        return ${byName.join(' || ') || 'false'};
      }`,
    )(sameValue) as LazyDiffer;
  } catch {
    differ = (o, row) =>
      Array.isArray(row) ? columnsDifferAt(o, row, props) : columnsDiffer(o, row as Obj, props);
  }
  mapper.lazyDiffer = differ;
  return differ;
}
