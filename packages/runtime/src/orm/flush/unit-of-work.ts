/**
 * The flush: schedules the session's pending, dirty and deleted objects and hands them to
 * the persister table by table, in commit order:
 *
 * 1. cascades (save, delete: cascades.ts) and relationship changes (relation-sync.ts);
 * 2. per table, parents first: INSERTs (self-referencing rows in waves, parents first),
 *    then UPDATEs of only the changed columns;
 * 3. post-updates: foreign keys left NULL at insert to break a cycle;
 * 4. many-to-many link rows (deletes, then inserts);
 * 5. DELETEs, children first.
 *
 * It records every object it touches in the transaction journal before changing it, so the
 * session can undo its bookkeeping when the transaction rolls back.
 */
import { traced } from '../../core/observe/tracing.js';
import { OrmError } from '../errors.js';
import type { OrmExecutor } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import {
  finishLazyUpdates,
  lazyUpdatesOf,
  recordLazyRows,
  type LazyUpdate,
} from './lazy-updates.js';
import type { Journal } from '../state/journal.js';
import type { Mapper } from '../mapping/mapper.js';
import { keyOf, type IdentityKey } from '../mapping/identity-key.js';
import { changedProps, snapshot } from '../state/snapshots.js';
import { computeCommitOrder, type CommitOrder } from './commit-order.js';
import { deleteWaves, insertWaves } from './waves.js';
import { clearingHooks, cycleKeysToClear, withKeysCleared } from './delete-cycles.js';
import { earlyOrphanDeletes } from './early-deletes.js';
import {
  finishInserted,
  markInserted,
  prepareWave,
  someMarkedForDeletion,
} from './inserted-states.js';
import { deleteStates, updateStates, type UpdateEntry } from './persister.js';
import { applyAssignment, deleteOwnersLinks, runLinks } from './link-writes.js';
import { insertStates } from './insert-states.js';
import { forgetDeleted, type DeletedReferencesSession } from './deleted-references.js';
import { finishBackrefs, snapshotComputed, takeHandlerReferences } from './flushed-relations.js';
import { cascadeDeletes, cascadeSave } from '../relations/cascades.js';
import { computeRelationChanges, type SyncSession } from '../relations/relation-sync.js';
import { FlushEvents, type FlushRecord } from '../events/flush-events.js';
import type { SessionEvents } from '../events/session-events.js';
import type { SessionCriteria } from '../criteria/session-criteria.js';
import { WriteGuard } from '../criteria/write-guard.js';
import {
  loadReplacedRelations,
  type ReplacedRelationsSession,
} from '../relations/replaced-relations.js';

/** The session as the flush sees it. */
export interface FlushSession
  extends SyncSession, ReplacedRelationsSession, DeletedReferencesSession {
  readonly journal: Journal;
  /** Given `lazy`, changed objects without a state go there, their states not made. */
  persistentStatesOf(mapper: Mapper, lazy?: object[] | null): readonly InstanceState[];
  persistentMappers(): Mapper[];
  /** Pending objects got their rows: move them into the identity map. */
  becamePersistent(states: readonly InstanceState[]): void;
  /** A deleted object's DELETE ran. */
  becameDeleted(state: InstanceState): void;
  /** UPDATEs changed these objects' primary keys to `keys`: file them under those. */
  rekeyed(states: readonly InstanceState[], keys: readonly IdentityKey[]): void;
  /** Lifecycle event handlers, or null (docs/events.md). */
  readonly events: SessionEvents | null;
  /** Default criteria, or null: write-guarding filters check the flush's rows. */
  readonly criteria: SessionCriteria | null;
  /** The session's engine: a traced one wraps the flush in a span (core/observe/tracing.ts). */
  readonly engine: object;
}

/** The flush's optional parts: events and write guards (both null in the plain case). */
interface Hooks {
  readonly events: FlushEvents | null;
  readonly guard: WriteGuard | null;
}

type Obj = Record<string, unknown>;
/** An UPDATE of an object with a state (the entries event handlers and write guards see). */
type StateUpdate = UpdateEntry & { readonly state: InstanceState };

let orderCache: { mappers: readonly Mapper[]; order: CommitOrder } | null = null;

function commitOrder(mappers: readonly Mapper[]): CommitOrder {
  const sorted = [...new Set(mappers)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (
    orderCache !== null &&
    orderCache.mappers.length === sorted.length &&
    orderCache.mappers.every((m, i) => m === sorted[i])
  )
    return orderCache.order;
  const order = computeCommitOrder(sorted.map((m) => m.ir));
  orderCache = { mappers: sorted, order };
  return order;
}

/** Writes the session's changes; returns what it wrote when the session has event handlers. */
export async function flush(s: FlushSession, ex: OrmExecutor): Promise<FlushRecord | null> {
  // Objects inserted by this flush: listed by wave, and marked (no Set of thousands of
  // new rows, no second list of them).
  const inserted: (readonly InstanceState[])[] = [];
  const events = s.events === null ? null : new FlushEvents(s.events, s);
  const hooks: Hooks | null =
    events === null && s.criteria === null
      ? null
      : { events, guard: s.criteria === null ? null : new WriteGuard(s.criteria, ex) };
  try {
    await traced(
      s.engine,
      'session.flush',
      () => flushAttributes(s),
      () => writeChanges(s, ex, inserted, hooks),
    );
    return events === null ? null : events.record;
  } catch (error) {
    for (const wave of inserted)
      for (let i = 0; i < wave.length; i++) (wave[i] as InstanceState).inserting = false;
    throw error;
  }
}

/** What the flush span says up front: how many objects it is to insert and delete. */
function flushAttributes(s: FlushSession): Record<string, number> {
  return { 'dbgen.flush.new': s.pending.size, 'dbgen.flush.deleted': s.deleted.size };
}

async function writeChanges(
  s: FlushSession,
  ex: OrmExecutor,
  inserted: (readonly InstanceState[])[],
  hooks: Hooks | null,
): Promise<void> {
  cascadeSave(s);
  const cascaded = cascadeDeletes(s, null);
  let rel = computeRelationChanges(s);
  if (rel.unknownBefore !== null) {
    // Relations assigned while not loaded: their rows are loaded as their snapshots, then
    // the changes are computed again (the first pass changed nothing).
    await loadReplacedRelations(s, rel.unknownBefore);
    if (s.events !== null) await s.events.drainLoads(s);
    rel = computeRelationChanges(s);
    if (rel.unknownBefore !== null)
      throw new OrmError('internal: a relation assigned while not loaded was not loaded');
  }
  // Orphan deletion may have marked more objects; cascade those too.
  cascadeDeletes(s, cascaded);
  // What is written is the relations as they are now, whatever a handler does to them
  // later (flushed-relations.ts).
  snapshotComputed(s.journal, rel.touched);

  const inserts = new Map<Mapper, InstanceState[]>();
  // Pending objects come in runs of one mapper: look its list up once per run.
  let runMapper: Mapper | null = null;
  let run: InstanceState[] = [];
  s.pending.forEach((st) => {
    if (st.mapper !== runMapper) {
      runMapper = st.mapper;
      run = inserts.get(runMapper) ?? [];
      if (run.length === 0) inserts.set(runMapper, run);
    }
    run.push(st);
  });
  const deletes = new Map<Mapper, InstanceState[]>();
  for (const st of s.deleted) push(deletes, st.mapper, st);
  const mappers = new Set<Mapper>([...inserts.keys(), ...deletes.keys()]);
  for (const m of s.persistentMappers()) mappers.add(m);
  for (const a of rel.assignments.keys()) mappers.add(a.mapper);
  if (mappers.size === 0 && rel.linkInserts.length === 0 && rel.linkDeletes.length === 0) return;
  const order = commitOrder([...mappers]);
  const ranked = [...mappers].sort(
    (a, b) => (order.rank.get(a.key) ?? 0) - (order.rank.get(b.key) ?? 0),
  );

  // Orphans of a one-to-one go before their table's new rows (early-deletes.ts).
  const early = rel.oneToOneOrphans.length === 0 ? null : earlyOrphanDeletes(rel.oneToOneOrphans);

  const postUpdates = new Set<InstanceState>();
  if (hooks?.events != null)
    hooks.events.takeReferences = (states) =>
      takeHandlerReferences(states, rel.assignments, postUpdates, s.journal);
  // Objects whose DELETE ran (deleteRows adds them).
  const gone: InstanceState[] = [];
  const apply = (st: InstanceState): void => {
    if (rel.assignments.size === 0) return;
    const list = rel.assignments.get(st);
    if (list !== undefined) for (const a of list) applyAssignment(a, postUpdates, s.journal);
  };

  for (const mapper of ranked) {
    // A pending object marked for deletion is not inserted (no copy when none is).
    let ins = inserts.get(mapper) ?? [];
    if (someMarkedForDeletion(ins)) ins = ins.filter((st) => !st.markedForDeletion);
    // The objects that may need an UPDATE, listed before this table's inserts join the
    // identity map: a flush of 10,000 new rows then does not walk them again.
    // Without hooks (both take states), changed objects without a state stay without.
    const lazy: object[] | null = hooks === null ? [] : null;
    let persistent = s.persistentStatesOf(mapper, lazy);
    const first = early === null ? undefined : early.get(mapper);
    if (first !== undefined) await deleteRows(s, ex, mapper, first, hooks, gone);
    for (const wave of insertWaves(ins, rel.assignments)) {
      prepareWave(mapper, wave, rel.assignments.size === 0 ? null : apply);
      // After the loop: an assignment changes only its own child, so this is as if each
      // were recorded after its own (a wave of plain pending objects is one entry).
      s.journal.recordAll(wave);
      if (hooks !== null) await beforeInserts(hooks, mapper, wave);
      await insertStates(ex, mapper, wave, s.journal);
      markInserted(mapper, wave);
      inserted.push(wave);
      s.becamePersistent(wave);
      if (hooks?.events != null) await hooks.events.afterInsert(mapper, wave);
    }
    let lazyUpdates: LazyUpdate[] = [];
    if (lazy !== null && lazy.length > 0) {
      const declined: InstanceState[] = [];
      lazyUpdates = lazyUpdatesOf(mapper, lazy, declined);
      if (declined.length > 0) persistent = [...persistent, ...declined];
    }
    const updates: StateUpdate[] = [];
    for (let i = 0; i < persistent.length; i++) {
      const st = persistent[i] as InstanceState;
      if (st.markedForDeletion || st.inserting || st.deletedFlushed) continue;
      apply(st);
      const changed = changedProps(st);
      if (changed.length > 0) updates.push({ state: st, changed });
    }
    await runUpdates(s, ex, mapper, updates, hooks, lazyUpdates);
  }

  // Keys that had to wait for a row inserted later in this flush (broken cycles).
  const post = new Map<Mapper, StateUpdate[]>();
  for (const st of postUpdates) {
    apply(st);
    push(post, st.mapper, { state: st, changed: changedProps(st) });
  }
  for (const [mapper, entries] of post)
    await runUpdates(
      s,
      ex,
      mapper,
      entries.filter((e) => e.changed.length > 0),
      hooks,
      [],
    );

  await runLinks(ex, rel.linkDeletes, 'delete');
  await deleteOwnersLinks(ex, rel.linkOwnerDeletes);
  if (hooks?.guard != null) hooks.guard.links(rel.linkInserts);
  await runLinks(ex, rel.linkInserts, 'insert');

  // A deleted row's key that broke a cycle is set to NULL before the rows it may point at
  // go (delete-cycles.ts).
  for (const clearing of cycleKeysToClear(deletes))
    await withKeysCleared(clearing, () =>
      runUpdates(s, ex, clearing.mapper, [...clearing.entries], clearingHooks(hooks), []),
    );

  for (const mapper of [...ranked].reverse()) {
    // (Early deletes are flushed already: deletedFlushed.)
    const dels = (deletes.get(mapper) ?? []).filter(
      (st) => st.committed !== null && !st.deletedFlushed,
    );
    if (dels.length > 0) await deleteRows(s, ex, mapper, dels, hooks, gone);
  }

  const handlers = hooks !== null && hooks.events !== null;
  finishInserted(inserted, handlers);
  finishBackrefs(s.journal, rel.assignments, handlers);
  // After the snapshots (what the flush wrote equals its snapshot): the loaded relations
  // lose the deleted objects on both sides.
  forgetDeleted(s, gone);
}

/** DELETEs of one table's rows (self-referencing ones in waves, children first). */
async function deleteRows(
  s: FlushSession,
  ex: OrmExecutor,
  mapper: Mapper,
  dels: InstanceState[],
  hooks: Hooks | null,
  gone: InstanceState[],
): Promise<void> {
  for (const wave of deleteWaves(dels)) {
    if (hooks !== null) {
      if (hooks.events !== null) await hooks.events.beforeDelete(mapper, wave);
      hooks.guard?.deletes(mapper, wave);
    }
    for (const st of wave) s.journal.record(st);
    await deleteStates(ex, mapper, wave);
    for (const st of wave) {
      s.becameDeleted(st);
      gone.push(st);
    }
    if (hooks?.events != null) await hooks.events.afterDelete(mapper, wave);
  }
}

async function runUpdates(
  s: FlushSession,
  ex: OrmExecutor,
  mapper: Mapper,
  entries: StateUpdate[],
  hooks: Hooks | null,
  lazy: readonly LazyUpdate[],
): Promise<void> {
  if (entries.length === 0 && lazy.length === 0) return;
  for (const e of entries) s.journal.record(e.state);
  recordLazyRows(s.journal, lazy);
  const events = hooks === null ? null : hooks.events;
  if (hooks !== null) {
    // Handlers may change more columns (an `updatedAt`): the entries are taken again.
    if (events !== null) entries = await events.beforeUpdate(mapper, entries);
    if (entries.length === 0) return;
    if (hooks.guard !== null) await hooks.guard.updates(mapper, entries);
  }
  const changes = events === null ? null : events.updateChangesOf(entries);
  // Hooks are null whenever `lazy` has entries (see writeChanges).
  await updateStates(ex, mapper, lazy.length === 0 ? entries : [...entries, ...lazy]);
  for (const e of entries) snapshot(e.state);
  rekeyChanged(s, mapper, entries);
  // No key changes among `lazy`: lazyUpdate leaves an object whose key changed to this
  // state path.
  finishLazyUpdates(mapper, lazy);
  if (events !== null)
    await events.afterUpdate(
      mapper,
      entries.map((e) => e.state),
      changes!,
    );
}

/**
 * Files objects whose UPDATE changed their primary key under the new key: left under the
 * old one, `get(old key)` returned the renamed object and `get(new key)` loaded a second
 * object for the same row. The journal recorded their states before the UPDATE, and its
 * revert files them back under the old key.
 */
function rekeyChanged(s: FlushSession, mapper: Mapper, entries: readonly StateUpdate[]): void {
  let moved: InstanceState[] | null = null;
  let keys: IdentityKey[] | null = null;
  for (let i = 0; i < entries.length; i++) {
    const st = (entries[i] as StateUpdate).state;
    const key = keyOf(mapper, st.committed as Obj);
    if (key === null || key === st.key) continue;
    (moved ??= []).push(st);
    (keys ??= []).push(key);
  }
  if (moved !== null) s.rekeyed(moved, keys as IdentityKey[]);
}

/** Before a wave's INSERT: guarded columns filled, `beforeInsert` handlers, then the guard's checks. */
async function beforeInserts(
  hooks: Hooks,
  mapper: Mapper,
  wave: readonly InstanceState[],
): Promise<void> {
  hooks.guard?.fill(mapper, wave);
  if (hooks.events !== null) await hooks.events.beforeInsert(mapper, wave);
  if (hooks.guard !== null) await hooks.guard.inserts(mapper, wave);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
