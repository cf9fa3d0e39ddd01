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

/** The renameTable and renameColumn operations `renames` asks for, tables first. */
export function renameOps(from: SchemaIR, renames: Renames): Operation[] {
  const ops: Operation[] = [];
  for (const table of from.tables) {
    const to = renames.tables?.[table.key];
    if (to !== undefined && to !== table.name)
      ops.push({ kind: 'renameTable', table: table.key, to });
  }
  for (const table of from.tables) {
    const key = newTableKey(table, renames);
    for (const [column, to] of Object.entries(renames.columns?.[table.key] ?? {})) {
      if (column !== to) ops.push({ kind: 'renameColumn', table: key, column, to });
    }
  }
  return ops;
}
