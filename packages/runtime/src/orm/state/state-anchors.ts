/**
 * Twins of what a flush leaves per new object (shape-anchors.ts says why): its state, the
 * object itself (a user-constructed model instance: its hidden class depends on the
 * order of the properties it was given) and its snapshot.
 */
import { Model } from '../mapping/model.js';
import { InstanceState } from './instance-state.js';
import { anchorTwin } from '../../core/shape-anchors.js';
import { snapshotMakerOf } from './snapshots.js';

/** Anchors twins of `st`'s state, object and snapshot, where their shapes are new. */
export function anchorStateTwins(st: InstanceState): void {
  anchorTwin(InstanceState, st, () => new InstanceState({}, st.mapper));
  const obj = st.obj;
  const cls = obj.constructor as new () => object;
  // Only dbgen's base constructor runs (a hand-written model's constructor may need its
  // init, or count its instances); `new.target` still gives the class's hidden class.
  anchorTwin(cls, obj, () => Reflect.construct(Model, [], cls) as object);
  const committed = st.committed;
  if (committed !== null) {
    const make = snapshotMakerOf(st.mapper);
    anchorTwin(make, committed, () => make({}));
  }
}
