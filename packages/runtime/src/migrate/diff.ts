/**
 * Autogenerate: the operations that turn one schema into another (drizzle-kit's
 * snapshot → diff → statements, Alembic's compare). `down` is the diff the other way,
 * with every rename inverted, so each migration can be undone.
 *
 * A table or column that disappears while another appears might be a rename; the diff
 * never guesses. {@link renameQuestions} lists the open cases; the caller answers them
 * (a prompt, or `--rename` flags) and passes the answers as {@link Renames}.
 */
import type {
  ColumnIR,
  DefaultIR,
  ForeignKeyIR,
  GeneratedIR,
  SchemaIR,
  TableIR,
  TableKey,
} from '../schema/ir.js';
import { qualifiedKey } from '../schema/ir.js';
import { createTablesOps, orderTables } from './create-schema.js';
import { searchChanges } from './search-diff.js';
import { enumReorder } from './enum-diff.js';
import { expressionKey } from './sql-expression.js';
import { numberKey } from './number-key.js';
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

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What makes a view (or a table that was or becomes one) what it is in the database. */
function viewKey(t: TableIR): string {
  return JSON.stringify([
    t.view?.sql ?? null,
    t.view?.materialized ?? false,
    t.columns.map((c) => [c.name, typeKey(c.type), c.nullable]),
  ]);
}

/**
 * A default as the database holds it: a number exactly (9007199254740993 is no double),
 * an expression in its canonical spelling (its string literals as written: `'x'` and
 * `'X'` are two defaults).
 */
function defaultKey(value: DefaultIR | null): string {
  if (value === null || value.kind === 'null') return 'null';
  if (value.kind === 'number') return `n:${numberKey(value.value)}`;
  if (value.kind === 'expression') return `e:${expressionKey(value.sql)}`;
  return JSON.stringify(value);
}

function alterColumn(table: TableKey, from: ColumnIR, to: ColumnIR): Operation | null {
  const change: {
    type?: ColumnIR['type'];
    nullable?: boolean;
    default?: DefaultIR | null;
    generated?: GeneratedIR | null;
    autoIncrement?: boolean;
  } = {};
  // Generated ↔ plain (a changed expression is made anew by the caller).
  if (Boolean(from.generated) !== Boolean(to.generated)) change.generated = to.generated ?? null;
  if (typeKey(from.type) !== typeKey(to.type)) change.type = to.type;
  if (from.nullable !== to.nullable) change.nullable = to.nullable;
  if (defaultKey(from.default) !== defaultKey(to.default)) change.default = to.default;
  // Only an integer column is numbered by the database (the renderers ignore the rest).
  const numbered = (c: ColumnIR): boolean =>
    c.autoIncrement && ['smallint', 'integer', 'bigint'].includes(c.type.logical);
  if (numbered(from) !== numbered(to)) change.autoIncrement = to.autoIncrement;
  return Object.keys(change).length === 0
    ? null
    : { kind: 'alterColumn', table, column: to.name, ...change };
}

/** Named things of one kind on a table, compared by name and content. */
function changedByName<T extends { name: string | null }>(
  from: readonly T[],
  to: readonly T[],
): { removed: T[]; added: T[] } {
  const key = (item: T): string => JSON.stringify(item);
  const removed = from.filter((a) => !to.some((b) => b.name === a.name && key(a) === key(b)));
  const added = to.filter((b) => !from.some((a) => a.name === b.name && key(a) === key(b)));
  return { removed, added };
}

function stripForCompare<T extends object>(item: T): T {
  const { span: _span, ...rest } = item as T & { span?: unknown };
  return rest as T;
}

/**
 * The foreign keys of kept tables that reference a unique (or unique index) being dropped
 * and stay as they are: dropped first and added again after the new uniques. PostgreSQL
 * refuses to drop a unique a foreign key depends on, MySQL an index one needs; a column
 * rename remakes its unique under the new name (users_code_key → users_handle_key).
 * Remaking them keeps down symmetric: it is the same diff the other way.
 */
function dependentForeignKeys(
  from: SchemaIR,
  to: SchemaIR,
  kept: readonly TableIR[],
  droppedKeys: readonly { table: TableKey; columns: readonly string[] }[],
  dropping: readonly Operation[],
): { drops: Operation[]; adds: Operation[] } {
  const drops: Operation[] = [];
  const adds: Operation[] = [];
  const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((c) => b.includes(c));
  const alreadyDropped = (table: TableKey, name: string): boolean =>
    dropping.some((o) => o.kind === 'dropForeignKey' && o.table === table && o.name === name);
  for (const keptTable of kept) {
    const oldTable = from.tables.find((t) => t.key === keptTable.key);
    for (const fk of oldTable?.foreignKeys ?? []) {
      const name = fk.name ?? '';
      if (alreadyDropped(keptTable.key, name)) continue;
      if (!droppedKeys.some((k) => k.table === fk.target && sameSet(k.columns, fk.targetColumns)))
        continue;
      // Not dropped by the diff, so the same key is in `to`: added back as `to` has it.
      const wanted = to.tables
        .find((t) => t.key === keptTable.key)
        ?.foreignKeys.find((f) => f.name === fk.name);
      if (!wanted) continue;
      drops.push({ kind: 'dropForeignKey', table: keptTable.key, name });
      adds.push({
        kind: 'addForeignKey',
        table: keptTable.key,
        foreignKey: { ...stripForCompare(wanted), oneToOne: false, name },
      });
    }
  }
  return { drops, adds };
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

  const dropConstraints: Operation[] = [];
  const addConstraints: Operation[] = [];
  // Uniques and unique indexes dropped from kept tables: foreign keys may depend on them.
  const droppedKeys: { table: TableKey; columns: readonly string[] }[] = [];
  const columnChanges: Operation[] = [];
  const numbering: Operation[] = [];
  const columnDrops: Operation[] = [];
  const comments: Operation[] = [];
  for (const newTable of kept) {
    const oldTable = fromTables.get(newTable.key);
    if (!oldTable) continue;
    const key = newTable.key;
    if (!same(oldTable.primaryKey?.columns ?? [], newTable.primaryKey?.columns ?? [])) {
      throw new Error(
        `table ${key}: its primary key changed (${oldTable.primaryKey?.columns.join(', ') ?? 'none'} → ${newTable.primaryKey?.columns.join(', ') ?? 'none'}); autogenerate does not change primary keys, write that migration by hand (dbgen migrate new <name> --empty)`,
      );
    }
    // `oneToOne` is the ORM's reading of a ref, not something the database holds.
    const dbForeignKey = (fk: ForeignKeyIR): ForeignKeyIR => ({
      ...stripForCompare(fk),
      oneToOne: false,
    });
    const fks = changedByName(
      oldTable.foreignKeys.map(dbForeignKey),
      newTable.foreignKeys.map(dbForeignKey),
    );
    const uniques = changedByName(oldTable.uniques, newTable.uniques);
    const checks = changedByName(
      oldTable.checks.map(stripForCompare),
      newTable.checks.map(stripForCompare),
    );
    const indexes = changedByName(
      oldTable.indexes.map(stripForCompare),
      newTable.indexes.map(stripForCompare),
    );
    for (const fk of fks.removed)
      dropConstraints.push({ kind: 'dropForeignKey', table: key, name: fk.name ?? '' });
    for (const i of indexes.removed) {
      dropConstraints.push({ kind: 'dropIndex', table: key, name: i.name ?? '' });
      if (i.unique && i.parts.every((p) => p.kind === 'column') && i.where === undefined)
        droppedKeys.push({
          table: key,
          columns: i.parts.map((p) => (p.kind === 'column' ? p.name : '')),
        });
    }
    for (const u of uniques.removed) {
      dropConstraints.push({ kind: 'dropUnique', table: key, name: u.name ?? '' });
      droppedKeys.push({ table: key, columns: u.columns });
    }
    for (const c of checks.removed)
      dropConstraints.push({ kind: 'dropCheck', table: key, name: c.name ?? '' });
    for (const u of uniques.added)
      addConstraints.push({ kind: 'addUnique', table: key, unique: { ...u, name: u.name ?? '' } });
    for (const c of checks.added)
      addConstraints.push({ kind: 'addCheck', table: key, check: { ...c, name: c.name ?? '' } });
    for (const i of indexes.added)
      addConstraints.push({ kind: 'createIndex', table: key, index: { ...i, name: i.name ?? '' } });
    for (const fk of fks.added) {
      addConstraints.push({
        kind: 'addForeignKey',
        table: key,
        foreignKey: { ...fk, name: fk.name ?? '' },
      });
    }
    for (const column of newTable.columns) {
      const old = oldTable.columns.find((c) => c.name === column.name);
      if (!old) {
        columnChanges.push({ kind: 'addColumn', table: key, column });
        continue;
      }
      if (old.generated && column.generated && !same(old.generated, column.generated)) {
        // No database alters a generation expression in place: the column is made anew.
        // (Generated ↔ plain is an alterColumn: made plain, the column keeps its values.)
        columnChanges.push({ kind: 'dropColumn', table: key, column: old.name });
        columnChanges.push({ kind: 'addColumn', table: key, column });
        continue;
      }
      const alter = alterColumn(key, old, column);
      // A key that only starts or stops being numbered changes after the other columns:
      // a SQLite rebuild for it then copies them as they end up, not as they were (a
      // REAL the old decimal scale refuses and the new one holds).
      const numberingOnly = alter?.kind === 'alterColumn' && Object.keys(alter).length === 4;
      if (alter)
        (numberingOnly && alter.autoIncrement !== undefined ? numbering : columnChanges).push(
          alter,
        );
      if (old.note !== column.note)
        comments.push({
          kind: 'setComment',
          table: key,
          column: column.name,
          comment: column.note,
        });
    }
    for (const old of oldTable.columns) {
      if (!newTable.columns.some((c) => c.name === old.name)) {
        columnDrops.push({ kind: 'dropColumn', table: key, column: old.name });
      }
    }
    if (oldTable.note !== newTable.note)
      comments.push({ kind: 'setComment', table: key, comment: newTable.note });
  }

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
