/**
 * Soft delete (`@dbgen softDelete: deleted_at` on a table): `session.delete(obj)` sets
 * the column (to now, or to true for a boolean) instead of deleting the row; the flush
 * writes it as an UPDATE, and the built-in `softDelete` filter hides the row from then on.
 * `session.delete(obj, { hard: true })` deletes the row.
 */
import type { InstanceState } from '../state/instance-state.js';

/** What a soft delete set: the property, its value before, and the value set. */
export interface SoftDeleted {
  readonly prop: string;
  readonly previous: unknown;
  readonly value: unknown;
}

/**
 * Marks a persistent object of a soft-deleting model deleted; null when it is not one. An
 * object already marked (a row loaded with `withDeleted()`, or its column set by hand) is
 * left as it is: the column records when the row was deleted, and a second delete() would
 * otherwise overwrite that time with now.
 */
export function softDelete(st: InstanceState): SoftDeleted | null {
  const column = st.mapper.ir.orm.softDeleteColumn;
  if (column === undefined || st.committed === null) return null;
  const c = st.mapper.column(column);
  const o = st.obj as Record<string, unknown>;
  const previous = o[c.propertyName];
  // The soft-delete filter's test: null, undefined and false are "not deleted".
  if (previous !== null && previous !== undefined && previous !== false)
    return { prop: c.propertyName, previous, value: previous };
  const value = c.type.logical === 'boolean' ? true : new Date();
  o[c.propertyName] = value;
  return { prop: c.propertyName, previous, value };
}
