/**
 * `session.merge(obj)`: copies an object's state (from another session, or rebuilt from
 * JSON) onto the session's object with the same key, loading that one when needed, or
 * onto a new pending object; loaded relations are merged recursively.
 *
 * The key is looked up through the session's filters, but a soft-deleted row still holds
 * its key: merge finds it too (soft delete off, every other filter on) and copies the
 * state onto it, as SQLAlchemy's merge onto a persistent row does. The result is the
 * soft-deleted row with the given values (a given soft-delete column is copied too: null
 * restores the row). A row another filter hides (another tenant's) is never merged onto.
 */
import { StaleDataError } from '../errors.js';
import { keyOf } from '../state/identity-map.js';
import { sameValue, type StateOwner } from '../state/instance-state.js';
import { stateOf } from '../state/lazy-state.js';
import type { Mapper } from '../mapping/mapper.js';
import type { Model } from '../mapping/model.js';
import type { FilterByValues, ModelClass } from '../mapping/types.js';
import { SOFT_DELETE } from '../criteria/filter.js';
import type { SessionCriteria } from '../criteria/session-criteria.js';
import type { Query } from '../query/query.js';

/** What merging needs from the session. */
export interface MergeTarget extends StateOwner {
  get<M extends Model>(cls: ModelClass<M>, pk: unknown): Promise<M | null>;
  add(obj: object): void;
  /** The session's filters (null: none): whether soft delete hides the key's row from `get`. */
  readonly criteria: SessionCriteria | null;
  /** For the lookup of a soft-deleted row's key (`withDeleted()`). */
  query<M extends Model>(cls: ModelClass<M>): Query<M>;
}

/**
 * The session's object for a key, or null when no row the session may merge onto has it:
 * `get()` first (the identity map, else one SELECT), then, where the session's soft-delete
 * filter is on for the model, the same key with that filter off — a soft-deleted row
 * keeps its key, and a new object with it would only fail the flush with a
 * UniqueViolationError. The tenant's and any other filter stay on.
 */
async function existing(
  session: MergeTarget,
  mapper: Mapper,
  o: Record<string, unknown>,
): Promise<object | null> {
  const cls = mapper.cls as ModelClass<Model>;
  const found = await session.get(
    cls,
    mapper.pkProps.map((p) => o[p]),
  );
  const criteria = session.criteria;
  if (
    found !== null ||
    criteria === null ||
    !criteria.active(mapper.ir, null).some((f) => f.name === SOFT_DELETE)
  )
    return found;
  const key = Object.fromEntries(mapper.pkProps.map((p) => [p, o[p]])) as FilterByValues<Model>;
  return await session.query(cls).withDeleted().filterBy(key).first();
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
  if (keyOf(mapper, o) !== null) target = await existing(session, mapper, o);
  const version = mapper.versionProp;
  if (target === null) {
    target = Object.create(mapper.cls.prototype as object) as object;
    session.add(target);
  } else if (version !== null) {
    // The incoming object was edited from the row at its version: when the row has moved
    // on since, copying its values over would overwrite someone else's change, and the
    // UPDATE's version check (against the version just loaded) would not see it
    // (SQLAlchemy's merge raises StaleDataError here too).
    const incoming = o[version];
    const loaded = (target as Record<string, unknown>)[version];
    if (incoming !== undefined && incoming !== null && !sameValue(incoming, loaded))
      throw new StaleDataError(
        `merge of ${mapper.name} ${JSON.stringify(mapper.pkProps.map((p) => o[p]))}: ` +
          `its version ${JSON.stringify(incoming)} is not the row's (${JSON.stringify(loaded)}) ` +
          `in "${mapper.ir.name}"; another transaction changed it since (load it again and reapply the change)`,
      );
  }
  seen.set(obj, target);
  const t = target as Record<string, unknown>;
  // Never the version: it is the row's, written only by the flush's version bump.
  for (const p of mapper.props) if (o[p] !== undefined && p !== version) t[p] = o[p];
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
