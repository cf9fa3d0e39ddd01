/**
 * Soft delete (`@dbgen softDelete: deleted_at` on a table): `session.delete(obj)` sets
 * the column (to now, or to true for a boolean) instead of deleting the row; the flush
 * writes it as an UPDATE, and the built-in `softDelete` filter hides the row from then on.
 * `session.delete(obj, { hard: true })` deletes the row.
 */
import type { InstanceState } from '../state/instance-state.js';

/** Marks a persistent object of a soft-deleting model deleted; false when it is not one. */
export function softDelete(st: InstanceState): boolean {
  const column = st.mapper.ir.orm.softDeleteColumn;
  if (column === undefined || st.committed === null) return false;
  const c = st.mapper.column(column);
  (st.obj as Record<string, unknown>)[c.propertyName] =
    c.type.logical === 'boolean' ? true : new Date();
  return true;
}
