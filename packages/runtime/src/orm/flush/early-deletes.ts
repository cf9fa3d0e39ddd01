/**
 * Orphans of a one-to-one deleted before the new rows of their table are inserted.
 * `user.profile = new Profile(...)` with `orphan: 'delete'` replaces the old profile, and
 * the two rows share `profiles.user_id`, which a one-to-one keeps unique: with the DELETE
 * in its usual place (after every INSERT and UPDATE) the new row's INSERT met the old row
 * and failed with a unique violation. SQLAlchemy has the same order and the same failure
 * (its FAQ advises a flush between); here the orphan's DELETE moves before its table's
 * INSERTs and UPDATEs, where that cannot break anything else: only when no registered
 * table has a foreign key to the orphan's table (no row of the flush can still point at
 * it, or be moved away from it later in the flush, and no link rows or cycles are involved).
 */
import { registeredMappers, type Mapper } from '../mapping/mapper.js';
import type { InstanceState } from '../state/instance-state.js';

/** Per mapper: true when no registered table has a foreign key to its table. */
const unreferenced = new WeakMap<Mapper, { answer: boolean; models: number }>();

function isUnreferenced(mapper: Mapper): boolean {
  const all = registeredMappers();
  const known = unreferenced.get(mapper);
  // Asked again when models were registered since (a new table may point at it).
  if (known !== undefined && known.models === all.length) return known.answer;
  const answer = !all.some((m) => m.ir.foreignKeys.some((fk) => fk.target === mapper.key));
  unreferenced.set(mapper, { answer, models: all.length });
  return answer;
}

/**
 * The one-to-one orphans (hard-deleted: soft-deleted ones keep their row and its key) that
 * may be deleted before their table's INSERTs, by mapper; null when there are none.
 */
export function earlyOrphanDeletes(
  orphans: readonly InstanceState[],
): Map<Mapper, InstanceState[]> | null {
  let out: Map<Mapper, InstanceState[]> | null = null;
  for (const st of orphans) {
    if (!st.markedForDeletion || st.committed === null || !isUnreferenced(st.mapper)) continue;
    out ??= new Map();
    const list = out.get(st.mapper);
    if (list === undefined) out.set(st.mapper, [st]);
    else list.push(st);
  }
  return out;
}
