/**
 * Deletes across a cycle of tables: `teams.captain_id → players` beside
 * `players.team_id → teams`. The commit order leaves one nullable key of the cycle out
 * (commit-order.ts) and inserts write it by a later UPDATE; deletes, children first in
 * the order that remains, removed a player while the team's row, deleted after it, still
 * pointed at it (a foreign key violation whenever the players were loaded). On
 * MySQL/MariaDB the database's own cascade fails the same way (deleting a team cascades to
 * its players, and InnoDB checks each against the team row that still points at it), so
 * there a team could not be deleted at all.
 *
 * So, as SQLAlchemy's post_update does, the nullable keys of a deleted row that lie on a
 * cycle of tables are set to NULL before any DELETE: one UPDATE per such table in a flush
 * that deletes its rows, none for tables outside a cycle. Every nullable key on the cycle,
 * not only the one the commit order broke: the row goes anyway, and the choice of the
 * broken key depends on the tables in the flush. Self-references are not cycles here
 * (their rows are deleted children first: waves.ts).
 *
 * That UPDATE is the flush's own step towards the DELETE, not a change of the object: it
 * runs without the object events (the user sees `beforeDelete`/`afterDelete` only, and
 * `afterFlush` does not list the object as updated), but with the write guard (a tenant's
 * session still touches only its rows).
 */
import { mapperForTable, type Mapper } from '../mapping/mapper.js';
import type { InstanceState } from '../state/instance-state.js';

type Obj = Record<string, unknown>;

/** The UPDATE entries of one table: each row's cycle keys, set to NULL. */
export interface CycleKeyClearing {
  readonly mapper: Mapper;
  readonly entries: { readonly state: InstanceState; readonly changed: readonly string[] }[];
}

/** Per mapper, the properties of its nullable foreign keys that lie on a cycle of tables. */
const cycleProps = new WeakMap<Mapper, readonly string[]>();

function cyclePropsOf(mapper: Mapper): readonly string[] {
  let props = cycleProps.get(mapper);
  if (props !== undefined) return props;
  const out: string[] = [];
  for (const fk of mapper.ir.foreignKeys) {
    if (fk.target === mapper.key) continue;
    if (!fk.columns.every((c) => mapper.column(c).nullable)) continue;
    if (reaches(fk.target, mapper.key)) for (const c of fk.columns) out.push(mapper.prop(c));
  }
  cycleProps.set(mapper, (props = out));
  return props;
}

/** True when table `to` is reachable from table `from` through foreign keys (registered models). */
function reaches(from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const m = mapperForTable(queue.pop() as string);
    if (m === undefined) continue;
    for (const fk of m.ir.foreignKeys) {
      if (fk.target === to) return true;
      if (!seen.has(fk.target)) {
        seen.add(fk.target);
        queue.push(fk.target);
      }
    }
  }
  return false;
}

/** The deleted rows (those with a row) whose cycle keys are not NULL, grouped by table. */
export function cycleKeysToClear(
  deletes: ReadonlyMap<Mapper, readonly InstanceState[]>,
): CycleKeyClearing[] {
  const out: CycleKeyClearing[] = [];
  for (const [mapper, states] of deletes) {
    const props = cyclePropsOf(mapper);
    if (props.length === 0) continue;
    const entries: CycleKeyClearing['entries'] = [];
    for (const st of states) {
      const row = st.committed as Obj | null;
      if (row === null) continue;
      const changed = props.filter((p) => row[p] !== null && row[p] !== undefined);
      if (changed.length > 0) entries.push({ state: st, changed });
    }
    if (entries.length > 0) out.push({ mapper, entries });
  }
  return out;
}

/** The flush's hooks for the clearing UPDATE: the same, less the object events. */
export function clearingHooks<H extends { readonly events: unknown }>(hooks: H | null): H | null {
  return hooks === null || hooks.events === null ? hooks : { ...hooks, events: null };
}

/**
 * Runs `update` with the keys of `clearing` set to NULL on the objects, then puts the
 * objects' values back (whatever happens): the rows are deleted next, and a failed flush
 * must not leave a NULL the user did not set (the journal restores the snapshots only).
 */
export async function withKeysCleared(
  clearing: CycleKeyClearing,
  update: () => Promise<void>,
): Promise<void> {
  const saved: unknown[] = [];
  for (const { state, changed } of clearing.entries)
    for (const p of changed) {
      saved.push((state.obj as Obj)[p]);
      (state.obj as Obj)[p] = null;
    }
  try {
    await update();
  } finally {
    let i = 0;
    for (const { state, changed } of clearing.entries)
      for (const p of changed) (state.obj as Obj)[p] = saved[i++];
  }
}
