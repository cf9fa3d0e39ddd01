/**
 * Autogenerate: the operations that turn one schema into another (drizzle-kit's
 * snapshot → diff → statements, Alembic's compare). `down` is the diff the other way,
 * with every rename inverted, so each migration can be undone.
 *
 * A table or column that disappears while another appears might be a rename; the diff
 * never guesses. {@link renameQuestions} lists the open cases; the caller answers them
 * (a prompt, or `--rename` flags) and passes the answers as {@link Renames}.
 *
 * The comparison of the tables both schemas keep (columns, constraints, comments) is in
 * table-diff.ts; this file orders its operations among those on tables, views and enums.
 */
import type { SchemaIR, TableIR, TableKey } from '../schema/ir.js';
import { qualifiedKey } from '../schema/ir.js';
import { createTablesOps, orderTables } from './create-schema.js';
import { searchChanges } from './search-diff.js';
import { enumReorder } from './enum-diff.js';
import { dependentForeignKeys, keptTableChanges, stripForCompare } from './table-diff.js';
import { renamedNames, viewsReading } from './view-remake.js';
import { normalizeSchema } from './names.js';
import type { Operation } from '../schema/operations.js';
import { applyOperations } from '../schema/state.js';
import { typeKey } from '../schema/types.js';
import {
  invertRenames,
  renameOps,
  renameQuestions,
  RenameUndecidedError,
  renamesWithout,
  type Renames,
} from './renames.js';

export interface DiffOptions {
  readonly renames?: Renames;
  /** True: what is removed and not renamed is dropped (the questions were answered). */
  readonly renamesDecided?: boolean;
}

export interface SchemaDiff {
  readonly up: Operation[];
  readonly down: Operation[];
}

/** What makes a view (or a table that was or becomes one) what it is in the database. */
function viewKey(t: TableIR): string {
  return JSON.stringify([
    t.view?.sql ?? null,
    t.view?.materialized ?? false,
    t.columns.map((c) => [c.name, typeKey(c.type), c.nullable]),
  ]);
}

/** One direction of the diff: the operations from `from` to `to`. */
function diffOneWay(fromRaw: SchemaIR, to: SchemaIR, renames: Renames): Operation[] {
  // After the renames, tables and columns match by name.
  const from = applyOperations(fromRaw, renameOps(fromRaw, renames));
  // A table's key after the renames → its key before them.
  const rawKeys = new Map(
    fromRaw.tables.map((t): [TableKey, TableKey] => {
      const name = renames.tables?.[t.key];
      return [name === undefined ? t.key : qualifiedKey(t.schema, name), t.key];
    }),
  );
  const fromTables = new Map(from.tables.map((t) => [t.key, t]));
  const toTables = new Map(to.tables.map((t) => [t.key, t]));
  // A view is never altered: one that changed (its query, its columns) is made anew,
  // dropped before the tables it may select from change and created after them.
  const changedView = (t: TableIR): boolean => {
    const old = fromTables.get(t.key);
    return old !== undefined && (old.view || t.view) !== undefined && viewKey(old) !== viewKey(t);
  };
  const kept = to.tables.filter(
    (t) => fromTables.has(t.key) && !t.view && !fromTables.get(t.key)?.view,
  );
  const created = to.tables.filter((t) => !fromTables.has(t.key) || changedView(t));
  const dropped = from.tables.filter(
    (t) => !toTables.has(t.key) || changedView(toTables.get(t.key) as TableIR),
  );

  const {
    dropConstraints,
    addConstraints,
    droppedKeys,
    columnChanges,
    numbering,
    columnDrops,
    comments,
  } = keptTableChanges(kept, fromTables);

  const rebuilt = dependentForeignKeys(from, to, kept, droppedKeys, dropConstraints);
  dropConstraints.unshift(...rebuilt.drops);
  addConstraints.push(...rebuilt.adds);

  const enumKey = (e: { schema: string; name: string }): string => `${e.schema}.${e.name}`;
  const fromEnums = new Map(from.enums.map((e) => [enumKey(e), e]));
  const toEnums = new Map(to.enums.map((e) => [enumKey(e), e]));
  const enumCreates: Operation[] = [];
  const enumValueDrops: Operation[] = [];
  for (const e of to.enums) {
    const old = fromEnums.get(enumKey(e));
    if (!old) {
      enumCreates.push({ kind: 'createEnum', enum: stripForCompare(e) });
      continue;
    }
    const ref = { schema: e.schema, name: e.name };
    e.values.forEach((value, i) => {
      if (old.values.some((v) => v.name === value.name)) return;
      const previous = e.values[i - 1]?.name;
      enumCreates.push({
        kind: 'addEnumValue',
        enum: ref,
        value: value.name,
        ...(previous !== undefined ? { after: previous } : {}),
      });
    });
    for (const value of old.values) {
      if (!e.values.some((v) => v.name === value.name)) {
        enumValueDrops.push({ kind: 'dropEnumValue', enum: ref, value: value.name });
      }
    }
    // The order is the sort order (PostgreSQL, MySQL): kept values that moved reorder it.
    const reorder = enumReorder(old, e);
    if (reorder) enumValueDrops.push(reorder);
  }
  const enumDrops: Operation[] = from.enums
    .filter((e) => !toEnums.has(enumKey(e)))
    .map((e) => ({ kind: 'dropEnum', enum: { schema: e.schema, name: e.name } }));

  // Dropped tables go children first; foreign keys closing a cycle among them go first.
  const { order, deferred } = orderTables(dropped.filter((t) => !t.view));
  const tableDrops: Operation[] = [
    ...deferred.map(({ table, foreignKey }): Operation => ({
      kind: 'dropForeignKey',
      table,
      name: foreignKey.name ?? '',
    })),
    ...order.reverse().map((t): Operation => ({ kind: 'dropTable', table: t.key })),
  ];

  // Views are dropped first and created last. An unchanged view that reads a table whose
  // columns are dropped or change type is made anew too (PostgreSQL refuses those changes
  // under a view), and so is a view that reads a view made anew.
  const touched = new Set(
    [...columnChanges, ...columnDrops].flatMap((op) =>
      op.kind === 'dropColumn' ||
      (op.kind === 'alterColumn' && (op.type !== undefined || op.generated !== undefined))
        ? [op.table]
        : [],
    ),
  );
  const remade = viewsReading(from, to, dropped, touched, renamedNames(fromRaw, renames));
  // Dropped in reverse schema order (a view goes before the views it reads), and before
  // the renames, under their old names: a view renamed and made anew is not renamed.
  const dropKeys = new Set([...dropped.filter((t) => t.view), ...remade].map((t) => t.key));
  const viewDrops: Operation[] = from.tables
    .filter((t) => t.view && dropKeys.has(t.key))
    .reverse()
    .map((t) => ({ kind: 'dropTable', table: rawKeys.get(t.key) ?? t.key }));
  const renames_ = renameOps(
    fromRaw,
    renamesWithout(
      renames,
      new Set(viewDrops.flatMap((op) => (op.kind === 'dropTable' ? [op.table] : []))),
    ),
  );
  const viewKeys = new Set([...created, ...remade].filter((t) => t.view).map((t) => t.key));
  const viewCreates: Operation[] = to.tables
    .filter((t) => t.view && viewKeys.has(t.key))
    .map((t) => ({ kind: 'createTable', table: t }));

  const search = searchChanges(from, to);
  return [
    // Views and constraints that go or are made anew first, under the tables' old names,
    // then the renames: a table renamed onto a generated name a dropped index frees
    // (PostgreSQL's and SQLite's indexes share the tables' namespace) finds it free.
    // Everything after names tables and columns by their new names.
    ...viewDrops,
    ...dropConstraints.map((op): Operation =>
      op.kind === 'dropForeignKey' ||
      op.kind === 'dropIndex' ||
      op.kind === 'dropUnique' ||
      op.kind === 'dropCheck'
        ? { ...op, table: rawKeys.get(op.table) ?? op.table }
        : op,
    ),
    ...renames_,
    ...search.drops,
    ...enumCreates,
    ...columnChanges,
    ...numbering,
    ...createTablesOps(created.filter((t) => !t.view)),
    ...enumValueDrops,
    ...columnDrops,
    ...tableDrops,
    ...enumDrops,
    ...addConstraints,
    ...search.creates,
    ...viewCreates,
    ...comments,
  ];
}

/**
 * The operations from `oldIR` to `newIR` (`up`) and back (`down`). Both schemas are
 * normalised first (see `normalizeSchema`). Throws {@link RenameUndecidedError} while a
 * possible rename is open, unless `renamesDecided` says the open ones are drops and adds.
 */
export function diffSchemas(
  oldIR: SchemaIR,
  newIR: SchemaIR,
  options: DiffOptions = {},
): SchemaDiff {
  const from = normalizeSchema(oldIR);
  const to = normalizeSchema(newIR);
  const renames = options.renames ?? {};
  if (!options.renamesDecided) {
    const open = renameQuestions(from, to, renames);
    if (open.length > 0) throw new RenameUndecidedError(open);
  }
  return {
    up: diffOneWay(from, to, renames),
    down: diffOneWay(to, from, invertRenames(from, renames)),
  };
}
