/**
 * The change-set computer for relationships: compares each loaded relation with its
 * snapshot and turns the difference into work for the flush:
 * - foreign key assignments (a child's FK columns ← its parent's key, or NULL);
 * - orphans to delete (removed from a collection whose FK cannot be NULL);
 * - many-to-many link rows to insert and delete.
 * The cascades run before it (cascades.ts).
 */
import type { ColumnIR, TableIR } from '../../schema/ir.js';
import { MappingError } from '../errors.js';
import type { InstanceState } from '../state/instance-state.js';
import { stateOf } from '../state/lazy-state.js';
import { mapperForTable, type Mapper, type RelationMapping } from '../mapping/mapper.js';
import type { PendingSet } from '../state/pending-set.js';
import type { IdentityMap } from '../state/identity-map.js';
import type { Journal } from '../state/journal.js';
import { softDelete } from '../criteria/soft-delete.js';
import { wrongModel } from '../mapping/model.js';
import { members, movedByKey } from './relation-members.js';

/** The session as the change-set computer sees it. */
export interface SyncSession {
  readonly pending: PendingSet;
  readonly deleted: Set<InstanceState>;
  /** Where the delete cascade finds children not in a loaded collection. */
  readonly identityMap: IdentityMap;
  persistentStates(): Iterable<InstanceState>;
  /** Adds a transient (or detached) object found through a relation. */
  cascadeAdd(state: InstanceState, via: string): void;
  /** Marks a child for deletion (or expunges it when pending). */
  cascadeDelete(state: InstanceState): void;
  /** Where an orphan's soft delete is noted (a rollback puts its column back). */
  readonly journal: Journal;
}

export interface Assignment {
  readonly child: InstanceState;
  /** The child's FK properties. */
  readonly childProps: readonly string[];
  /** Null: set the FK to NULL. */
  readonly parent: InstanceState | null;
  /** The parent's referenced properties, pairing with {@link childProps}. */
  readonly parentProps: readonly string[];
  /** Every FK column is nullable (so the key may be written later, by a post-update). */
  readonly nullable: boolean;
  /** The relation the change was made through, and on which side. */
  readonly via: RelationMapping;
  readonly fromParentSide: boolean;
  /** Set from the child's side: the parent it had before (its loaded collection loses it). */
  readonly previousParent?: InstanceState;
}

export interface LinkOp {
  readonly table: TableIR;
  /** Join-table columns pointing at the owner, then at the target. */
  readonly columns: readonly ColumnIR[];
  readonly owner: InstanceState;
  readonly ownerProps: readonly string[];
  readonly target: InstanceState;
  readonly targetProps: readonly string[];
}

export interface RelationChanges {
  readonly assignments: Map<InstanceState, Assignment[]>;
  readonly linkInserts: LinkOp[];
  readonly linkDeletes: LinkOp[];
  /** Owners being deleted whose link rows go first: join table → rows' owner keys. */
  readonly linkOwnerDeletes: {
    table: TableIR;
    columns: readonly ColumnIR[];
    owner: InstanceState;
    ownerProps: readonly string[];
  }[];
  /** States whose relations the flush writes: their snapshots move forward before the writes (flush/flushed-relations.ts). */
  readonly touched: Set<InstanceState>;
  /**
   * Inverse-side relations (collections, inverse one-to-one) assigned on objects that have
   * a row while they were not loaded: what they held before is unknown, so removals cannot
   * be computed. Non-null only in an incomplete result (nothing else is filled in and
   * nothing was marked): the flush loads those relations' rows as their snapshots
   * (relations/replaced-relations.ts) and computes the changes again.
   */
  readonly unknownBefore: Map<RelationMapping, InstanceState[]> | null;
  /**
   * Orphans of an inverse one-to-one (`user.profile = other`): their row shares the new
   * one's unique key, so the flush may delete them first (flush/early-deletes.ts).
   */
  readonly oneToOneOrphans: InstanceState[];
}

function props(mapper: Mapper, columns: readonly string[]): string[] {
  return columns.map((c) => mapper.prop(c));
}

function nullable(mapper: Mapper, columns: readonly string[]): boolean {
  return columns.every((c) => mapper.column(c).nullable);
}

/** Compares loaded relations with their snapshots. Call after the cascades. */
export function computeRelationChanges(s: SyncSession): RelationChanges {
  const changes: RelationChanges = {
    assignments: new Map(),
    linkInserts: [],
    linkDeletes: [],
    linkOwnerDeletes: [],
    touched: new Set(),
    unknownBefore: null,
    oneToOneOrphans: [],
  };
  let unknownBefore: Map<RelationMapping, InstanceState[]> | null = null;
  const assign = (a: Assignment): void => {
    const list = changes.assignments.get(a.child);
    if (list) list.push(a);
    else changes.assignments.set(a.child, [a]);
  };
  const removed: { child: InstanceState; rel: RelationMapping; parent: InstanceState }[] = [];
  const linkKeys = new Set<string>();

  const visit = (st: InstanceState): void => {
    if (!st.hasRelationCells) return;
    for (const [name, value] of st.relations) {
      const rel = st.mapper.relations.get(name);
      if (rel === undefined) continue;
      const snap = st.relationSnapshot.get(name);
      if (value === snap) continue;
      // A loaded snapshot is never undefined (an empty reference is null): this relation
      // was assigned without being loaded. On an object with a row its rows in the
      // database are unknown, and diffing against "nothing" would skip their removal
      // (SQLAlchemy loads the old collection before replacing it, for the same reason).
      if (snap === undefined && st.committed !== null && !rel.ir.owning) {
        unknownBefore ??= new Map();
        const owners = unknownBefore.get(rel);
        if (owners === undefined) unknownBefore.set(rel, [st]);
        else owners.push(st);
        continue;
      }
      changes.touched.add(st);
      if (rel.ir.owning) {
        const a = referenceAssignment(st, rel, value, snap);
        if (a !== null) assign(a);
        continue;
      }
      const now = members(value);
      const before = members(snap);
      const beforeSet = new Set(before);
      const nowSet = new Set(now);
      const added = now.filter((o) => !beforeSet.has(o));
      const gone = before.filter((o) => !nowSet.has(o));
      if (added.length === 0 && gone.length === 0) continue;
      const target = rel.target();
      for (const o of added) checkMember(rel, target, o);
      if (rel.kind === 'many-to-many') {
        linkWork(rel, st, added, changes.linkInserts, linkKeys, '+');
        linkWork(rel, st, gone, changes.linkDeletes, linkKeys, '-');
        continue;
      }
      const childProps = props(target, rel.ir.targetColumns);
      const parentProps = props(st.mapper, rel.ir.localColumns);
      const fkNullable = nullable(target, rel.ir.targetColumns);
      for (const o of added)
        assign({
          child: stateOf(o),
          childProps,
          parent: st,
          parentProps,
          nullable: fkNullable,
          via: rel,
          fromParentSide: true,
        });
      for (const o of gone) removed.push({ child: stateOf(o), rel, parent: st });
    }
  };
  s.pending.forEach(visit);
  for (const st of s.persistentStates()) if (!st.markedForDeletion) visit(st);
  // Nothing has been marked or changed yet: the flush loads those relations and asks again.
  if (unknownBefore !== null) return { ...changes, unknownBefore };

  // A child removed from one collection but given another parent is moved, not orphaned:
  // through a relation (an assignment) or through its foreign key columns.
  for (const { child, rel, parent } of removed) {
    if (child.markedForDeletion) continue;
    const moved = changes.assignments.get(child)?.some((a) => a.parent !== null);
    if (moved || movedByKey(child, rel, parent)) continue;
    if (rel.ir.orphan === 'delete') {
      deleteOrphan(s, child);
      if (!rel.collection) changes.oneToOneOrphans.push(child);
    } else {
      const target = rel.target();
      assign({
        child,
        childProps: props(target, rel.ir.targetColumns),
        parent: null,
        parentProps: [],
        nullable: true,
        via: rel,
        fromParentSide: true,
      });
    }
  }

  // Link rows of deleted owners go before the owners (whatever the join table's ON DELETE).
  for (const st of s.deleted) {
    for (const rel of st.mapper.relations.values()) {
      if (rel.kind !== 'many-to-many' || rel.ir.through === undefined) continue;
      const { table, columns } = throughColumns(rel);
      changes.linkOwnerDeletes.push({
        table,
        columns: columns.slice(0, rel.ir.through.localColumns.length),
        owner: st,
        ownerProps: props(st.mapper, rel.ir.localColumns),
      });
    }
  }
  return changes;
}

/**
 * The assignment a changed reference (many-to-one, owning one-to-one) makes: the child's
 * foreign key from its new parent, or NULL when it was cleared (null when it held nothing
 * and still holds nothing). Also used for a reference a flush handler changed
 * (flush/handler-relations.ts).
 */
export function referenceAssignment(
  st: InstanceState,
  rel: RelationMapping,
  value: unknown,
  snap: unknown,
): Assignment | null {
  const previous =
    snap === undefined || snap === null ? {} : { previousParent: stateOf(snap as object) };
  if (value === null || value === undefined) {
    if (previous.previousParent === undefined) return null;
    return {
      child: st,
      childProps: props(st.mapper, rel.ir.localColumns),
      parent: null,
      parentProps: [],
      nullable: true,
      via: rel,
      fromParentSide: false,
      ...previous,
    };
  }
  const target = rel.target();
  const parent = stateOf(value as object);
  if (parent.mapper !== target) throw wrongModel(rel, target, value);
  return {
    child: st,
    childProps: props(st.mapper, rel.ir.localColumns),
    parent,
    parentProps: props(target, rel.ir.targetColumns),
    nullable: nullable(st.mapper, rel.ir.localColumns),
    via: rel,
    fromParentSide: false,
    ...previous,
  };
}

/**
 * An orphan (`orphan: 'delete'`) goes as `session.delete()` would take it: a soft-deleting
 * model's row gets its column set (an UPDATE), any other is deleted. Its parent stays, so
 * nothing forces the row out (a hard delete of the parent does: cascadeDeletes).
 */
function deleteOrphan(s: SyncSession, child: InstanceState): void {
  if (child.session === null || child.deletedFlushed) return;
  const soft = softDelete(child);
  if (soft !== null) s.journal.noteSoftDelete(child.obj, soft);
  else s.cascadeDelete(child);
}

/** A related object must be of the relation's target model (or the flush writes nonsense). */
function checkMember(rel: RelationMapping, target: Mapper, obj: unknown): void {
  if (stateOf(obj as object).mapper !== target) throw wrongModel(rel, target, obj);
}

function linkWork(
  rel: RelationMapping,
  owner: InstanceState,
  others: readonly object[],
  into: LinkOp[],
  seen: Set<string>,
  sign: string,
): void {
  if (others.length === 0) return;
  const { table, columns } = throughColumns(rel);
  const target = rel.target();
  const ownerProps = props(owner.mapper, rel.ir.localColumns);
  const targetProps = props(target, rel.ir.targetColumns);
  for (const o of others) {
    const ts = stateOf(o);
    // Both sides of a many-to-many may record the same link: keep one.
    const pair = [owner, ts].sort((a, b) => (a === b ? 0 : a.mapper.key < b.mapper.key ? -1 : 1));
    const id = `${sign}${table.key}|${objectId(pair[0] as InstanceState)}|${objectId(pair[1] as InstanceState)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    into.push({ table, columns, owner, ownerProps, target: ts, targetProps });
  }
}

const ids = new WeakMap<InstanceState, number>();
let nextId = 1;
function objectId(st: InstanceState): number {
  let id = ids.get(st);
  if (id === undefined) ids.set(st, (id = nextId++));
  return id;
}

/** The join table of a many-to-many and its columns: owner side first, then target side. */
export function throughColumns(rel: RelationMapping): { table: TableIR; columns: ColumnIR[] } {
  const through = rel.ir.through;
  if (through === undefined)
    throw new MappingError(`${rel.owner.name}.${rel.name}: many-to-many without a join table`);
  const joinMapper = mapperForTable(through.table);
  if (joinMapper === undefined)
    throw new MappingError(
      `${rel.owner.name}.${rel.name}: the join table "${through.table}" has no registered model (generated clients register every table)`,
    );
  const columns = [...through.localColumns, ...through.targetColumns].map((c) =>
    joinMapper.column(c),
  );
  return { table: joinMapper.ir, columns };
}
