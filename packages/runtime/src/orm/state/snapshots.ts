/**
 * Column snapshots of the flush: the values an object's row holds once written (the
 * baseline of the next dirty check), and the properties that differ from them.
 */
import type { InstanceState } from './instance-state.js';
import type { Mapper } from '../mapping/mapper.js';
import { sameValue } from '../mapping/values.js';
import { changedList } from './lazy-diff.js';

type Obj = Record<string, unknown>;

/** Takes a new snapshot of an object's column values (after its row was written). */
export function snapshot(st: InstanceState): void {
  st.committed = columnValues(st.mapper, st.obj as Obj);
}

/** The column values of `o` as a new snapshot object (unset values null). */
export function columnValues(mapper: Mapper, o: Obj): Obj {
  return snapshotMakerOf(mapper)(o);
}

/**
 * The mapper's snapshot builder: one object literal with the property names written out
 * (`{ "id": v(o.id), ... }`), so every snapshot of a flush of 10,000 rows is made with one
 * shape at once instead of growing one property at a time through a generic keyed store
 * (a plain loop where code generation from strings is disallowed). Unset values are null.
 */
export function snapshotMakerOf(mapper: Mapper): (o: Obj) => Obj {
  let make = mapper.snapshotMaker as ((o: Obj) => Obj) | null;
  if (make !== null) return make;
  const props = mapper.props;
  try {
    const fields = props.map((p) => {
      const k = JSON.stringify(p);
      return `${k}: o[${k}] === undefined ? null : o[${k}]`;
    });
    make = new Function('o', `return { ${fields.join(', ')} };`) as (o: Obj) => Obj;
  } catch {
    make = (o: Obj): Obj => {
      const c: Obj = {};
      for (const p of props) {
        const v = o[p];
        c[p] = v === undefined ? null : v;
      }
      return c;
    };
  }
  mapper.snapshotMaker = make;
  return make;
}

/**
 * Properties whose value differs from the snapshot (the version column excluded), in
 * column order. The list may be shared between objects (lazy-diff.ts): never change it.
 */
export function changedProps(st: InstanceState): readonly string[] {
  const o = st.obj as Obj;
  const c = st.committed as Obj;
  const shared = changedList(st.mapper, o, c);
  if (shared !== null) return shared;
  const out: string[] = [];
  for (const p of st.mapper.props) {
    if (p === st.mapper.versionProp) continue;
    const v = o[p];
    if (v !== undefined && !sameValue(v, c[p])) out.push(p);
  }
  return out;
}
