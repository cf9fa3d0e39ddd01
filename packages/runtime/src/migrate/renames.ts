/**
 * Renames in a schema diff: which removals and additions might be one rename (the diff
 * never guesses; the caller answers, by a prompt or `--rename` flags), the answers as
 * {@link Renames}, and the rename operations they give.
 */
import type { SchemaIR, TableIR, TableKey } from '../schema/ir.js';
import { qualifiedKey } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';

export interface Renames {
  /** Old table key → new table name (the schema stays). */
  readonly tables?: Readonly<Record<TableKey, string>>;
  /** Old table key → (old column name → new column name). */
  readonly columns?: Readonly<Record<TableKey, Readonly<Record<string, string>>>>;
}

/** A removal and an addition that might be one rename. */
export type RenameQuestion =
  | {
      readonly kind: 'table';
      readonly removed: readonly TableKey[];
      readonly added: readonly TableKey[];
    }
  | {
      readonly kind: 'column';
      readonly table: TableKey;
      readonly removed: readonly string[];
      readonly added: readonly string[];
    };

/** Raised when the diff meets a possible rename nobody decided. */
export class RenameUndecidedError extends Error {
  constructor(readonly questions: readonly RenameQuestion[]) {
    super(
      'possible renames need a decision: ' +
        questions
          .map((q) =>
            q.kind === 'table'
              ? `tables removed [${q.removed.join(', ')}] and added [${q.added.join(', ')}]`
              : `in ${q.table}, columns removed [${q.removed.join(', ')}] and added [${q.added.join(', ')}]`,
          )
          .join('; '),
    );
    this.name = 'RenameUndecidedError';
  }
}

function newTableKey(table: TableIR, renames: Renames): TableKey {
  const to = renames.tables?.[table.key];
  return to === undefined ? table.key : qualifiedKey(table.schema, to);
}

/** The possible renames that `renames` leaves open between `from` and `to`. */
export function renameQuestions(
  from: SchemaIR,
  to: SchemaIR,
  renames: Renames = {},
): RenameQuestion[] {
  const questions: RenameQuestion[] = [];
  const targets = new Set(from.tables.map((t) => newTableKey(t, renames)));
  const toKeys = new Set(to.tables.map((t) => t.key));
  const removedTables = from.tables
    .filter((t) => !toKeys.has(newTableKey(t, renames)))
    .map((t) => t.key);
  const addedTables = to.tables.filter((t) => !targets.has(t.key)).map((t) => t.key);
  if (removedTables.length > 0 && addedTables.length > 0) {
    questions.push({ kind: 'table', removed: removedTables, added: addedTables });
  }
  for (const oldTable of from.tables) {
    const newTable = to.tables.find((t) => t.key === newTableKey(oldTable, renames));
    if (!newTable) continue;
    const columnRenames = renames.columns?.[oldTable.key] ?? {};
    const mapped = new Set(oldTable.columns.map((c) => columnRenames[c.name] ?? c.name));
    const removed = oldTable.columns
      .filter((c) => !newTable.columns.some((n) => n.name === (columnRenames[c.name] ?? c.name)))
      .map((c) => c.name);
    const added = newTable.columns.filter((c) => !mapped.has(c.name)).map((c) => c.name);
    if (removed.length > 0 && added.length > 0) {
      questions.push({ kind: 'column', table: oldTable.key, removed, added });
    }
  }
  return questions;
}

/** `renames` the other way round: for the down migration. */
export function invertRenames(from: SchemaIR, renames: Renames): Renames {
  const tables: Record<TableKey, string> = {};
  const columns: Record<TableKey, Record<string, string>> = {};
  for (const table of from.tables) {
    const key = newTableKey(table, renames);
    if (key !== table.key) tables[key] = table.name;
    const cols = renames.columns?.[table.key];
    if (cols) columns[key] = Object.fromEntries(Object.entries(cols).map(([a, b]) => [b, a]));
  }
  return { tables, columns };
}

/**
 * The renames `[from, to]` of one namespace (a schema's tables, a table's columns), in an
 * order in which each new name is free when it is taken: `a` → `b`, `b` → `c` runs
 * `b` → `c` first. A cycle (`a` → `b`, `b` → `a`: a swap) has no such order, so one of its
 * names steps aside under a temporary name first (`a` → `dbgen_swap_1`, `b` → `a`,
 * `dbgen_swap_1` → `b`). `taken` is every name the namespace holds. Names are compared
 * without case, as MySQL's and SQLite's are. A rename onto a name that stays (not renamed
 * away) is left in place, to fail in the database as written.
 */
export function orderRenames(
  renames: readonly (readonly [string, string])[],
  taken: readonly string[],
): [string, string][] {
  const fold = (name: string): string => name.toLowerCase();
  const held = new Set(taken.map(fold));
  let pending = renames.filter(([from, to]) => from !== to).map(([from, to]) => ({ from, to }));
  const ordered: [string, string][] = [];
  const take = (from: string, to: string): void => {
    ordered.push([from, to]);
    held.delete(fold(from));
    held.add(fold(to));
  };
  // Free: nobody holds it, or only the name renamed onto it (a change of case).
  const free = (r: { from: string; to: string }): boolean =>
    !held.has(fold(r.to)) || fold(r.from) === fold(r.to);
  let swaps = 0;
  while (pending.length > 0) {
    const next = pending.find(free);
    if (next) {
      take(next.from, next.to);
      pending = pending.filter((r) => r !== next);
      continue;
    }
    // Each waits for a name another one frees. In a cycle, one of them steps aside; a
    // chain that ends in a name that stays is no cycle, and stepping aside would not end.
    const after = (r: { to: string }) => pending.find((o) => fold(o.from) === fold(r.to));
    const inCycle = (r: { from: string; to: string }): boolean => {
      let at = after(r);
      for (let n = 0; at !== undefined && n < pending.length; n++, at = after(at))
        if (at === r) return true;
      return false;
    };
    const blocked = pending.find(inCycle);
    if (!blocked) break;
    let step = `dbgen_swap_${++swaps}`;
    while (held.has(fold(step))) step = `dbgen_swap_${++swaps}`;
    take(blocked.from, step);
    blocked.from = step;
  }
  // Onto a name that stays: as written, for the database to refuse.
  for (const r of pending) ordered.push([r.from, r.to]);
  return ordered;
}

/** `renames` without those of the tables (views) in `skip`, keyed by their old keys. */
export function renamesWithout(renames: Renames, skip: ReadonlySet<TableKey>): Renames {
  const keep = <T>(record: Readonly<Record<TableKey, T>> | undefined): Record<TableKey, T> =>
    Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !skip.has(key)));
  return { tables: keep(renames.tables), columns: keep(renames.columns) };
}

/** The renameTable and renameColumn operations `renames` asks for, tables first. */
export function renameOps(from: SchemaIR, renames: Renames): Operation[] {
  const ops: Operation[] = [];
  for (const schema of new Set(from.tables.map((t) => t.schema))) {
    const tables = from.tables.filter((t) => t.schema === schema);
    const asked = tables.flatMap((t): [string, string][] => {
      const to = renames.tables?.[t.key];
      return to === undefined ? [] : [[t.name, to]];
    });
    for (const [name, to] of orderRenames(
      asked,
      tables.map((t) => t.name),
    ))
      ops.push({ kind: 'renameTable', table: qualifiedKey(schema, name), to });
  }
  for (const table of from.tables) {
    const key = newTableKey(table, renames);
    const asked = Object.entries(renames.columns?.[table.key] ?? {});
    for (const [column, to] of orderRenames(
      asked,
      table.columns.map((c) => c.name),
    ))
      ops.push({ kind: 'renameColumn', table: key, column, to });
  }
  return ops;
}
