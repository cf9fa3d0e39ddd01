/**
 * The order of one table's rows within a flush when the table references itself: INSERTs
 * in waves (parents first), DELETEs in waves (children first).
 */
import { identityKey } from '../state/identity-map.js';
import type { InstanceState } from '../state/instance-state.js';
import type { Assignment } from '../relations/relation-sync.js';

type Obj = Record<string, unknown>;

/**
 * Splits one table's inserts into waves so a row referencing another new row of the same
 * table (a self-reference) comes after it. Rows in a reference cycle go in the first wave
 * their other dependencies allow; their keys are written by post-updates.
 */
export function insertWaves(
  states: InstanceState[],
  assignments: Map<InstanceState, Assignment[]>,
): InstanceState[][] {
  if (states.length === 0) return [];
  if (assignments.size === 0) return [states];
  // Only a row assigned a parent of its own table can need a later wave: without one (no
  // self-reference among these rows, the common case) skip the Set and per-row arrays.
  const mapper = (states[0] as InstanceState).mapper;
  let selfParent = false;
  for (const st of states) {
    const list = assignments.get(st);
    if (list !== undefined && list.some((a) => a.parent !== null && a.parent.mapper === mapper)) {
      selfParent = true;
      break;
    }
  }
  if (!selfParent) return [states];
  const inSet = new Set(states);
  const parentsOf = (st: InstanceState): InstanceState[] =>
    (assignments.get(st) ?? []).flatMap((a) =>
      a.parent !== null && a.parent !== st && inSet.has(a.parent) && a.nullable !== undefined
        ? [a.parent]
        : [],
    );
  if (!states.some((st) => parentsOf(st).length > 0)) return [states];
  const level = new Map<InstanceState, number>();
  const visiting = new Set<InstanceState>();
  const depth = (st: InstanceState): number => {
    const known = level.get(st);
    if (known !== undefined) return known;
    if (visiting.has(st)) return -1; // a cycle: break it here
    visiting.add(st);
    let d = 0;
    for (const p of parentsOf(st)) d = Math.max(d, depth(p) + 1);
    visiting.delete(st);
    level.set(st, d);
    return d;
  };
  const waves: InstanceState[][] = [];
  for (const st of states) {
    const d = Math.max(0, depth(st));
    (waves[d] ??= []).push(st);
  }
  return waves.filter((w) => w !== undefined && w.length > 0);
}

/** Deletes of a self-referencing table: rows whose children are also deleted go last. */
export function deleteWaves(states: InstanceState[]): InstanceState[][] {
  const mapper = (states[0] as InstanceState).mapper;
  const selfFks = mapper.ir.foreignKeys.filter((f) => f.target === mapper.key);
  if (selfFks.length === 0 || states.length === 1) return [states];
  const byKey = new Map(states.map((st) => [st.key, st]));
  const parentOf = (st: InstanceState): InstanceState[] =>
    selfFks.flatMap((fk) => {
      const vals = fk.columns.map((c) => (st.committed as Obj)[mapper.prop(c)]);
      if (vals.some((v) => v === null || v === undefined)) return [];
      const p = byKey.get(identityKey(vals));
      return p !== undefined && p !== st ? [p] : [];
    });
  // Depth from the leaves: a row is deleted after every row that points at it.
  const children = new Map<InstanceState, InstanceState[]>();
  for (const st of states)
    for (const p of parentOf(st)) {
      const list = children.get(p);
      if (list !== undefined) list.push(st);
      else children.set(p, [st]);
    }
  const height = new Map<InstanceState, number>();
  const visiting = new Set<InstanceState>();
  const h = (st: InstanceState): number => {
    const known = height.get(st);
    if (known !== undefined) return known;
    if (visiting.has(st)) return 0;
    visiting.add(st);
    let d = 0;
    for (const c of children.get(st) ?? []) d = Math.max(d, h(c) + 1);
    visiting.delete(st);
    height.set(st, d);
    return d;
  };
  const waves: InstanceState[][] = [];
  for (const st of states) (waves[h(st)] ??= []).push(st);
  return waves.filter((w) => w !== undefined && w.length > 0);
}
