/**
 * The flush's side of the lifecycle events: the per-object events around each table's
 * INSERT, UPDATE and DELETE, and the record of what the flush wrote for `afterFlush`.
 * The unit of work calls these only when the session has a registry (one null check
 * per table otherwise).
 */
import type { InstanceState } from '../state/instance-state.js';
import { changedProps } from '../state/snapshots.js';
import type { Mapper } from '../mapping/mapper.js';
import type { Model } from '../mapping/model.js';
import type { AnyChanges } from './event-types.js';
import type { SessionEvents } from './session-events.js';

type Obj = Record<string, unknown>;

/** What one flush wrote, for `afterFlush`. */
export interface FlushRecord {
  readonly inserted: { readonly object: Model; readonly changes: AnyChanges }[];
  readonly updated: { readonly object: Model; readonly changes: AnyChanges }[];
  readonly deleted: Model[];
}

export function newFlushRecord(): FlushRecord {
  return { inserted: [], updated: [], deleted: [] };
}

/** An insert's changes: every column given a value, old undefined. */
export function insertChanges(mapper: Mapper, obj: object): AnyChanges {
  const o = obj as Obj;
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const p of mapper.props) if (o[p] !== undefined) out[p] = { old: undefined, new: o[p] };
  return out;
}

/** An update's changes: the changed properties, old values from the snapshot. */
export function updateChanges(st: InstanceState, changed: readonly string[]): AnyChanges {
  const o = st.obj as Obj;
  const c = (st.committed ?? {}) as Obj;
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const p of changed) out[p] = { old: c[p], new: o[p] };
  return out;
}

/** The flush's event plumbing for one session: its registry and the record being made. */
export class FlushEvents {
  readonly record = newFlushRecord();
  /**
   * Run on the objects of a `before*` event once its handlers ran, before their rows are
   * written: a reference a handler changed becomes the object's foreign key, as a column
   * it changed is written (flush/flushed-relations.ts). Set by the flush that owns this.
   */
  takeReferences: ((states: readonly InstanceState[]) => void) | null = null;
  constructor(
    readonly events: SessionEvents,
    readonly session: unknown,
  ) {}

  /** `beforeInsert` for a wave of new objects (handlers may still change their values). */
  async beforeInsert(mapper: Mapper, wave: readonly InstanceState[]): Promise<void> {
    const objs = wave.map((st) => st.obj);
    await this.events.emitObjects('beforeInsert', mapper, this.session, objs, (i) =>
      insertChanges(mapper, objs[i] as object),
    );
    if (this.takeReferences !== null && this.events.has('beforeInsert')) this.takeReferences(wave);
  }

  /** `afterInsert` (keys and defaults are filled in), recorded for `afterFlush`. */
  async afterInsert(mapper: Mapper, wave: readonly InstanceState[]): Promise<void> {
    const changes = wave.map((st) => insertChanges(mapper, st.obj));
    await this.recordAndEmit('afterInsert', this.record.inserted, mapper, wave, changes);
  }

  /**
   * `beforeUpdate` for the rows about to be updated; returns the entries again with their
   * changed columns recomputed (a handler may have changed more of them, e.g. `updatedAt`).
   */
  async beforeUpdate<E extends { state: InstanceState; changed: readonly string[] }>(
    mapper: Mapper,
    entries: readonly E[],
  ): Promise<E[]> {
    const objs = entries.map((e) => e.state.obj);
    await this.events.emitObjects('beforeUpdate', mapper, this.session, objs, (i) => {
      const e = entries[i] as E;
      return updateChanges(e.state, e.changed);
    });
    if (this.takeReferences !== null && this.events.has('beforeUpdate'))
      this.takeReferences(entries.map((e) => e.state));
    return entries
      .map((e) => ({ ...e, changed: changedProps(e.state) }))
      .filter((e) => e.changed.length > 0);
  }

  /** Changes of update entries, taken before their snapshots move forward. */
  updateChangesOf(entries: readonly { state: InstanceState; changed: readonly string[] }[]) {
    return entries.map((e) => updateChanges(e.state, e.changed));
  }

  /** `afterUpdate` with the changes taken before the UPDATE ran. */
  async afterUpdate(
    mapper: Mapper,
    states: readonly InstanceState[],
    changes: readonly AnyChanges[],
  ): Promise<void> {
    await this.recordAndEmit('afterUpdate', this.record.updated, mapper, states, changes);
  }

  async beforeDelete(mapper: Mapper, wave: readonly InstanceState[]): Promise<void> {
    const objs = wave.map((st) => st.obj);
    await this.events.emitObjects('beforeDelete', mapper, this.session, objs, null);
  }

  async afterDelete(mapper: Mapper, wave: readonly InstanceState[]): Promise<void> {
    const objs = wave.map((st) => st.obj);
    for (const o of objs) this.record.deleted.push(o as Model);
    await this.events.emitObjects('afterDelete', mapper, this.session, objs, null);
  }

  /** Records what was written for `afterFlush`, then runs the per-object `event`. */
  private async recordAndEmit(
    event: 'afterInsert' | 'afterUpdate',
    written: FlushRecord['inserted'],
    mapper: Mapper,
    states: readonly InstanceState[],
    changes: readonly AnyChanges[],
  ): Promise<void> {
    const objs = states.map((st) => st.obj);
    for (let i = 0; i < states.length; i++)
      written.push({ object: objs[i] as Model, changes: changes[i] as AnyChanges });
    await this.events.emitObjects(event, mapper, this.session, objs, (i) => changes[i] as Obj);
  }
}
