/**
 * Commit order: a topological sort of tables by their foreign keys, parents first
 * (inserts run in this order, deletes in reverse). A cycle between tables is broken at a
 * foreign key whose columns are all nullable: that edge is left out of the order, and the
 * unit of work writes such a key with a later UPDATE ("post update") when the row it
 * points at is inserted in the same flush. A cycle of NOT NULL keys cannot be ordered.
 */
import type { ForeignKeyIR, TableIR, TableKey } from '../../schema/ir.js';
import { MappingError } from '../errors.js';

export interface CommitOrder {
  /** Table keys, parents before children. */
  readonly tables: readonly TableKey[];
  /** Position of each table in {@link tables}. */
  readonly rank: ReadonlyMap<TableKey, number>;
  /** Foreign keys left out to break a cycle, by the table that holds them. */
  readonly brokenEdges: ReadonlySet<ForeignKeyIR>;
}

interface Edge {
  readonly from: TableKey; // the parent (referenced) table
  readonly to: TableKey; // the child (referencing) table
  readonly fk: ForeignKeyIR;
  readonly nullable: boolean;
}

/** Orders `tables` (self-references are handled row by row, not here). */
export function computeCommitOrder(tables: readonly TableIR[]): CommitOrder {
  const keys = new Set(tables.map((t) => t.key));
  const edges: Edge[] = [];
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      if (fk.target === t.key || !keys.has(fk.target)) continue;
      const nullable = fk.columns.every(
        (c) => t.columns.find((col) => col.name === c)?.nullable ?? false,
      );
      edges.push({ from: fk.target, to: t.key, fk, nullable });
    }
  }
  const broken = new Set<ForeignKeyIR>();
  for (;;) {
    const result = kahn(
      [...keys],
      edges.filter((e) => !broken.has(e.fk)),
    );
    if (result.cyclic.length === 0) {
      const rank = new Map(result.order.map((k, i) => [k, i]));
      return { tables: result.order, rank, brokenEdges: broken };
    }
    // Break the cycle at a nullable edge among the tables left over.
    const inCycle = new Set(result.cyclic);
    const candidate = edges.find(
      (e) => !broken.has(e.fk) && e.nullable && inCycle.has(e.from) && inCycle.has(e.to),
    );
    if (candidate === undefined)
      throw new MappingError(
        `the foreign keys between ${result.cyclic.map((k) => `"${k}"`).join(', ')} form a cycle of NOT NULL columns; ` +
          'rows cannot be inserted in any order (make one of the foreign key columns nullable)',
      );
    broken.add(candidate.fk);
  }
}

/** Kahn's algorithm; ties are broken by the input order so the result is deterministic. */
function kahn(nodes: TableKey[], edges: Edge[]): { order: TableKey[]; cyclic: TableKey[] } {
  const indegree = new Map<TableKey, number>(nodes.map((n) => [n, 0]));
  const out = new Map<TableKey, TableKey[]>();
  for (const e of edges) {
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  }
  const order: TableKey[] = [];
  const done = new Set<TableKey>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const n of nodes) {
      if (done.has(n) || (indegree.get(n) ?? 0) > 0) continue;
      done.add(n);
      order.push(n);
      for (const m of out.get(n) ?? []) indegree.set(m, (indegree.get(m) ?? 0) - 1);
      progressed = true;
      break; // restart from the first node: keeps the input order among ready tables
    }
  }
  return { order, cyclic: nodes.filter((n) => !done.has(n)) };
}
