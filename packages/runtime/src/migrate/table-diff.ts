/**
 * The part of autogenerate's diff (diff.ts) that compares the tables both schemas keep:
 * their columns (added, altered, made anew, dropped), constraints and indexes (dropped and
 * added by name and content), comments, and the foreign keys to remake around a dropped
 * unique they depend on. diff.ts places these operations among the others.
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
import type { Operation } from '../schema/operations.js';
import { typeKey } from '../schema/types.js';
import { expressionKey } from './sql-expression.js';
import { numberKey } from './number-key.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

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

/** `item` without its source span, which is no part of what the database holds. */
export function stripForCompare<T extends object>(item: T): T {
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
export function dependentForeignKeys(
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

/** The operations on kept tables, by kind: diff.ts orders each kind among the others. */
export interface KeptTableChanges {
  readonly dropConstraints: Operation[];
  readonly addConstraints: Operation[];
  readonly droppedKeys: { table: TableKey; columns: readonly string[] }[];
  readonly columnChanges: Operation[];
  readonly numbering: Operation[];
  readonly columnDrops: Operation[];
  readonly comments: Operation[];
}

/** What changes in the `kept` tables from how `fromTables` has them (renames applied). */
export function keptTableChanges(
  kept: readonly TableIR[],
  fromTables: ReadonlyMap<TableKey, TableIR>,
): KeptTableChanges {
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
  return {
    dropConstraints,
    addConstraints,
    droppedKeys,
    columnChanges,
    numbering,
    columnDrops,
    comments,
  };
}
