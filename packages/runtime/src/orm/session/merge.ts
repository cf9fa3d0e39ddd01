/**
 * `session.merge(obj)`: copies an object's state (from another session, or rebuilt from
 * JSON) onto the session's object with the same key, loading that one when needed, or
 * onto a new pending object; loaded relations are merged recursively.
 */
import { keyOf } from '../state/identity-map.js';
import { type StateOwner } from '../state/instance-state.js';
import { stateOf } from '../state/lazy-state.js';
import type { Model } from '../mapping/model.js';
import type { ModelClass } from '../mapping/types.js';

/** What merging needs from the session. */
export interface MergeTarget extends StateOwner {
  get<M extends Model>(cls: ModelClass<M>, pk: unknown): Promise<M | null>;
  add(obj: object): void;
}

/** Merges `obj` into `session`; `seen` maps objects already merged (cycles, shared objects). */
export async function mergeInto(
  session: MergeTarget,
  obj: object,
  seen: Map<object, object>,
): Promise<object> {
  const done = seen.get(obj);
  if (done !== undefined) return done;
  const src = stateOf(obj);
  if (src.session === session) return obj;
  const mapper = src.mapper;
  const o = obj as Record<string, unknown>;
  let target: object | null = null;
  const key = keyOf(mapper, o);
  if (key !== null)
    target = await session.get(
      mapper.cls as ModelClass<Model>,
      mapper.pkProps.map((p) => o[p]),
    );
  if (target === null) {
    target = Object.create(mapper.cls.prototype as object) as object;
    session.add(target);
  }
  seen.set(obj, target);
  const t = target as Record<string, unknown>;
  for (const p of mapper.props) if (o[p] !== undefined) t[p] = o[p];
  for (const [name, value] of src.relations) {
    if (Array.isArray(value)) {
      const merged: object[] = [];
      for (const m of value as object[]) merged.push(await mergeInto(session, m, seen));
      t[name] = merged;
    } else {
      t[name] =
        value === null || value === undefined
          ? null
          : await mergeInto(session, value as object, seen);
    }
  }
  return target;
}
