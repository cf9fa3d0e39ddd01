/**
 * UPDATEs of loaded objects that have no InstanceState (lazy-state.ts), without making
 * one: the changed columns are read against the object's row, and once the UPDATE ran
 * the row is replaced by an updated copy, so the object stays lazy.
 *
 * Why: a flush that renames 1,000 loaded users made a state, a keyed snapshot, a journal
 * record and a new snapshot per object, most of the ORM's cost over the raw UPDATE (W5 of
 * the peer benchmark, docs/orm.md "Where the time goes"). Here each object costs one
 * {@link LazyUpdate}, one row copy and two journal slots (journal.ts `recordRow`).
 *
 * Only plain column changes take this path; the unit of work makes the state as before
 * when the session has event handlers or criteria (both take states), and
 * {@link lazyUpdate} declines an object whose key or version value was changed, or whose
 * mapper has too many columns for a change mask (lazy-diff.ts). A relation read or set
 * makes the state already, so an object here has no relation changes.
 */
import type { InstanceState, UpdateTarget } from '../state/instance-state.js';
import { STATE } from '../state/instance-state.js';
import type { Journal } from '../state/journal.js';
import { changedList } from '../state/lazy-diff.js';
import { rowValue, setCommittedRow, stateOf } from '../state/lazy-state.js';
import { sameValue } from '../mapping/values.js';
import { anchorShape, anchorTwin } from '../../core/shape-anchors.js';
import type { Mapper } from '../mapping/mapper.js';
import type { UpdateEntry } from './persister.js';

type Obj = Record<string, unknown>;
type Row = Obj | unknown[];

/**
 * One object's UPDATE: entry and target in one (one allocation per object). Its
 * `committed` is null: its key and version values are its row's ({@link lazyUpdate}
 * checks), which is where the persister then reads them.
 */
export class LazyUpdate implements UpdateEntry, UpdateTarget {
  readonly committed = null;
  constructor(
    readonly obj: object,
    /** The row before the UPDATE (what a rollback puts back). */
    readonly row: Row,
    readonly changed: readonly string[],
  ) {}
  get state(): UpdateTarget {
    return this;
  }
}

// Kept alive for its map (shape-anchors.ts): between two flushes no LazyUpdate is alive,
// and a full collection there dropped the map and the flush's optimized code with it
// ("weak objects" in --trace-deopt, four functions per flush).
anchorShape(new LazyUpdate({}, [], []));

/**
 * The UPDATE of a loaded object without a state whose columns differ from its row, or
 * null when it needs its state made (the state path decides what to write): a changed
 * key or version value, nothing to write (only unset values differ), or too many columns.
 */
export function lazyUpdate(mapper: Mapper, obj: object): LazyUpdate | null {
  const row = (obj as { [STATE]?: unknown })[STATE] as Row;
  const changed = changedList(mapper, obj as Obj, row);
  if (changed === null || changed.length === 0) return null;
  const o = obj as Obj;
  for (const p of mapper.pkProps) if (!sameValue(o[p], rowValue(mapper, row, p))) return null;
  const version = mapper.versionProp;
  if (version !== null && !sameValue(o[version], rowValue(mapper, row, version))) return null;
  return new LazyUpdate(obj, row, changed);
}

/**
 * {@link lazyUpdate} for each of `objects` (changed objects without a state): the updates,
 * and in `declined` the states made for those it declined.
 *
 * A plain function, not a loop inside the flush: V8 does not compile an async function on
 * stack replacement, and an async function whose loop ran 1,000 times is marked hot and
 * compiled whole with what it inlines at its next call (the flush's `writeChanges`: some
 * 20-50 ms of compiler CPU per compile, measured with --trace-opt, during the first runs
 * of W5 in the peer bench). Here the loop is compiled on its own, small and early.
 */
export function lazyUpdatesOf(
  mapper: Mapper,
  objects: readonly object[],
  declined: InstanceState[],
): LazyUpdate[] {
  const updates: LazyUpdate[] = [];
  for (let i = 0; i < objects.length; i++) {
    const u = lazyUpdate(mapper, objects[i] as object);
    if (u !== null) updates.push(u);
    else declined.push(stateOf(objects[i] as object));
  }
  return updates;
}

/** Journals the rows `updates` are about to replace (a plain loop: see {@link lazyUpdatesOf}). */
export function recordLazyRows(journal: Journal, updates: readonly LazyUpdate[]): void {
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i] as LazyUpdate;
    journal.recordRow(u.obj, u.row);
  }
}

/**
 * After the UPDATE: the object's row becomes a copy of the old one with the object's set
 * values (the changed columns, the bumped version, generated columns read back). Never
 * changed in place: the journal holds the old row for a rollback.
 */
function finishLazyUpdate(mapper: Mapper, u: LazyUpdate): Row {
  const props = mapper.props;
  const o = u.obj as Obj;
  let next: Row;
  if (Array.isArray(u.row)) {
    const copy = u.row.slice();
    for (let i = 0; i < props.length; i++) {
      const v = o[props[i] as string];
      if (v !== undefined) copy[i] = v;
    }
    next = copy;
  } else {
    const copy: Obj = { ...u.row };
    for (let i = 0; i < props.length; i++) {
      const p = props[i] as string;
      const v = o[p];
      if (v !== undefined) copy[p] = v;
    }
    next = copy;
  }
  setCommittedRow(u.obj, mapper, next);
  return next;
}

/**
 * {@link finishLazyUpdate} for each of a flush's `updates` of `mapper`. The first new row
 * gets a twin of its shape, kept for the same reason as the LazyUpdate anchor above (an
 * array row's class never dies): once per batch, not per object.
 */
export function finishLazyUpdates(mapper: Mapper, updates: readonly LazyUpdate[]): void {
  let first: Row | null = null;
  for (let i = 0; i < updates.length; i++) {
    const next = finishLazyUpdate(mapper, updates[i] as LazyUpdate);
    if (i === 0) first = next;
  }
  if (first !== null && !Array.isArray(first)) {
    const row = first;
    anchorTwin(mapper, row, () => ({ ...row }));
  }
}
