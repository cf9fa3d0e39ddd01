/**
 * What the relation passes ask of related objects and foreign keys: the members of a
 * relation's value, whether a child's foreign key moved it to another parent, the
 * ON DELETE action behind an inverse-side relation, and a key's values as one string.
 */
import { sameValue, type InstanceState } from '../state/instance-state.js';
import type { RelationMapping } from '../mapping/mapper.js';

/** The objects a relation's value holds: a collection's, a reference's one, or none. */
export function members(value: unknown): object[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as object[]) : [value as object];
}

/** The ON DELETE action of the child's foreign key behind an inverse-side relation. */
export function childFkOnDelete(rel: RelationMapping): string | null {
  const target = rel.target();
  const fk = target.ir.foreignKeys.find(
    (f) => f.target === rel.owner.key && sameColumns(f.columns, rel.ir.targetColumns),
  );
  return fk?.onDelete ?? null;
}

/** Two column lists, the same columns in the same order. */
export function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * True when a child removed from `parent`'s collection has had its foreign key set to
 * another parent's key (`post.authorId = 2`): a move, like `post.author = u2`, so it is
 * neither deleted nor given a NULL key. A key still equal to the parent's, or NULL, is
 * an orphan.
 */
export function movedByKey(
  child: InstanceState,
  rel: RelationMapping,
  parent: InstanceState,
): boolean {
  const c = child.obj as Record<string, unknown>;
  const p = parent.obj as Record<string, unknown>;
  const target = rel.target();
  let allNull = true;
  let same = true;
  rel.ir.targetColumns.forEach((col, i) => {
    const v = c[target.prop(col)];
    if (v !== null && v !== undefined) allNull = false;
    if (!sameValue(v, p[rel.owner.prop(rel.ir.localColumns[i] as string)])) same = false;
  });
  return !allNull && !same;
}

/**
 * The values of a key as one string (null when one of them is null: no parent), to match
 * a child's foreign key with its parent's key.
 */
export function keyString(values: readonly unknown[]): string | null {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) return null;
    out += (i === 0 ? '' : '\u0000') + (typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return out;
}
