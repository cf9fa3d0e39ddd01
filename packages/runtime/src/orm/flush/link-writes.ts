/**
 * The flush's writes for relations: a child's foreign key from its assigned parent, and
 * the link rows of many-to-many relations (grouped by join table and column set, one
 * batched statement per group).
 */
import { OrmError } from '../errors.js';
import type { OrmExecutor } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import type { Journal } from '../state/journal.js';
import type { Assignment, LinkOp, RelationChanges } from '../relations/relation-sync.js';
import { deleteLinks, deleteLinksOf, insertLinks } from './persister.js';

type Obj = Record<string, unknown>;

/**
 * Copies the parent's key into the child's FK, or defers it when the parent has no row yet.
 * Each value written is noted in the journal: a rollback puts the user's value back (a
 * parent's generated key, removed by the rollback, would otherwise stay in its children).
 */
export function applyAssignment(
  a: Assignment,
  postUpdates: Set<InstanceState>,
  journal: Journal,
): void {
  const child = a.child.obj as Obj;
  if (a.parent === null) {
    for (const p of a.childProps) write(journal, child, p, null);
    return;
  }
  if (a.parent.committed === null) {
    if (!a.nullable)
      throw new OrmError(
        `cannot write ${a.child.mapper.name}.${a.childProps.join(', ')}: its ${a.parent.mapper.name} has no row yet ` +
          'and the foreign key is NOT NULL (a cycle of required references?)',
      );
    // Insert with NULL now, write the key once the parent has its row.
    for (const p of a.childProps) if (child[p] === undefined) write(journal, child, p, null);
    postUpdates.add(a.child);
    return;
  }
  const parent = a.parent.obj as Obj;
  const props = a.childProps;
  for (let i = 0; i < props.length; i++)
    write(journal, child, props[i] as string, parent[a.parentProps[i] as string]);
}

/** `o[p] = value`, noted in the journal when it changes the value (most writes do not). */
function write(journal: Journal, o: Obj, p: string, value: unknown): void {
  const before = o[p];
  if (before === value) return;
  journal.noteWrite(o, p, before, value);
  o[p] = value;
}

/** Inserts or deletes link rows: one statement per join table and column set. */
export async function runLinks(
  ex: OrmExecutor,
  ops: readonly LinkOp[],
  what: 'insert' | 'delete',
): Promise<void> {
  const byTable = new Map<string, { op: LinkOp; rows: unknown[][] }>();
  for (const op of ops) {
    const owner = op.owner.obj as Obj;
    const target = op.target.obj as Obj;
    const row = [...op.ownerProps.map((p) => owner[p]), ...op.targetProps.map((p) => target[p])];
    const sig = `${op.table.key}|${op.columns.map((c) => c.name).join(',')}`;
    const g = byTable.get(sig);
    if (g) g.rows.push(row);
    else byTable.set(sig, { op, rows: [row] });
  }
  for (const { op, rows } of byTable.values()) {
    if (what === 'insert') await insertLinks(ex, op.table, op.columns, rows);
    else await deleteLinks(ex, op.table, op.columns, rows);
  }
}

/** Deletes the link rows of owners being deleted: one statement per join table and column set. */
export async function deleteOwnersLinks(
  ex: OrmExecutor,
  owners: RelationChanges['linkOwnerDeletes'],
): Promise<void> {
  const byTable = new Map<string, { d: (typeof owners)[number]; keys: unknown[][] }>();
  for (const d of owners) {
    const sig = `${d.table.key}|${d.columns.map((c) => c.name).join(',')}`;
    const key = d.ownerProps.map((p) => (d.owner.committed as Obj)[p]);
    const g = byTable.get(sig);
    if (g) g.keys.push(key);
    else byTable.set(sig, { d, keys: [key] });
  }
  for (const { d, keys } of byTable.values()) await deleteLinksOf(ex, d.table, d.columns, keys);
}
