/**
 * The `op` helper migration files build their operations with (Alembic's `op`). What its
 * arguments look like is in ./op-spec.ts; writing operations back as `op.*(...)` calls,
 * for generated files, is in ./op-source.ts.
 */
import { dataOps } from './data-op.js';
import { defaultName } from './names.js';
import {
  enumRef,
  named,
  tableKey,
  toColumn,
  toDefault,
  toForeignKey,
  toIndex,
  toTable,
  type ColumnSpec,
  type DefaultSpec,
  type ForeignKeySpec,
  type IndexSpec,
  type TableSpec,
} from './op-spec.js';
import type { Operation } from '../schema/operations.js';
import type { SearchIR } from '../schema/ir.js';
import { splitKey } from '../schema/render.js';
import { enumType, parseType } from '../schema/types.js';

const nameOf = (table: string): string => splitKey(tableKey(table))[1];

/** The op dropping a table's named index or constraint: `(table, name)`. */
const dropNamed =
  (kind: 'dropIndex' | 'dropUnique' | 'dropForeignKey' | 'dropCheck') =>
  (table: string, name: string): Operation => ({ kind, table: tableKey(table), name });

/** Builds operations; passed to a migration file's `up(op)` and `down(op)`. */
export const op = {
  createTable: (table: string, spec: TableSpec): Operation => ({
    kind: 'createTable',
    table: toTable(table, spec),
  }),
  dropTable: (table: string): Operation => ({ kind: 'dropTable', table: tableKey(table) }),
  renameTable: (table: string, to: string): Operation => ({
    kind: 'renameTable',
    table: tableKey(table),
    to,
  }),
  addColumn: (table: string, column: ColumnSpec): Operation => ({
    kind: 'addColumn',
    table: tableKey(table),
    column: toColumn(column, `addColumn ${table}`),
  }),
  dropColumn: (table: string, column: string): Operation => ({
    kind: 'dropColumn',
    table: tableKey(table),
    column,
  }),
  alterColumn: (
    table: string,
    column: string,
    change: {
      type?: string;
      enum?: string;
      nullable?: boolean;
      default?: DefaultSpec;
      /** null: no longer generated (values kept); `{ sql, stored? }`: generated from now on. */
      generated?: { sql: string; stored?: boolean } | null;
      autoIncrement?: boolean;
    },
  ): Operation => ({
    kind: 'alterColumn',
    table: tableKey(table),
    column,
    ...(change.enum !== undefined
      ? { type: enumType(enumRef(change.enum).schema, enumRef(change.enum).name) }
      : change.type !== undefined
        ? { type: parseType(change.type) }
        : {}),
    ...(change.nullable !== undefined ? { nullable: change.nullable } : {}),
    ...('default' in change
      ? { default: toDefault(change.default, `alterColumn ${table}: column "${column}"`) }
      : {}),
    ...(change.generated !== undefined
      ? {
          generated:
            change.generated === null
              ? null
              : { expression: change.generated.sql, stored: change.generated.stored ?? true },
        }
      : {}),
    ...(change.autoIncrement !== undefined ? { autoIncrement: change.autoIncrement } : {}),
  }),
  renameColumn: (table: string, column: string, to: string): Operation => ({
    kind: 'renameColumn',
    table: tableKey(table),
    column,
    to,
  }),
  createIndex: (table: string, index: IndexSpec): Operation => ({
    kind: 'createIndex',
    table: tableKey(table),
    index: toIndex(nameOf(table), index),
  }),
  dropIndex: dropNamed('dropIndex'),
  addUnique: (table: string, unique: { name?: string; columns: string[] }): Operation => ({
    kind: 'addUnique',
    table: tableKey(table),
    unique: {
      name: unique.name ?? defaultName(nameOf(table), unique.columns, 'key'),
      columns: unique.columns,
    },
  }),
  dropUnique: dropNamed('dropUnique'),
  addForeignKey: (table: string, foreignKey: ForeignKeySpec): Operation => ({
    kind: 'addForeignKey',
    table: tableKey(table),
    foreignKey: toForeignKey(nameOf(table), foreignKey),
  }),
  dropForeignKey: dropNamed('dropForeignKey'),
  addCheck: (table: string, check: { name?: string; expression: string }): Operation => ({
    kind: 'addCheck',
    table: tableKey(table),
    check: named(nameOf(table), check),
  }),
  dropCheck: dropNamed('dropCheck'),
  createEnum: (
    name: string,
    values: string[],
    options: { note?: string | null } = {},
  ): Operation => ({
    kind: 'createEnum',
    enum: {
      ...enumRef(name),
      values: values.map((v) => ({ name: v, note: null })),
      note: options.note ?? null,
    },
  }),
  dropEnum: (name: string): Operation => ({ kind: 'dropEnum', enum: enumRef(name) }),
  addEnumValue: (name: string, value: string, options: { after?: string } = {}): Operation => ({
    kind: 'addEnumValue',
    enum: enumRef(name),
    value,
    ...(options.after !== undefined ? { after: options.after } : {}),
  }),
  dropEnumValue: (name: string, value: string): Operation => ({
    kind: 'dropEnumValue',
    enum: enumRef(name),
    value,
  }),
  /** The enum's values in a new order (PostgreSQL and MySQL sort by it). */
  reorderEnum: (name: string, values: string[]): Operation => ({
    kind: 'reorderEnum',
    enum: enumRef(name),
    values: [...values],
  }),
  setComment: (table: string, column: string | null, comment: string | null): Operation => ({
    kind: 'setComment',
    table: tableKey(table),
    ...(column !== null ? { column } : {}),
    comment,
  }),
  /** Full-text search over `columns` of `table` (docs/schema.md, "Full-text search"). */
  createSearch: (table: string, search: { columns: string[]; language?: string }): Operation => ({
    kind: 'createSearch',
    table: tableKey(table),
    search: searchOf(search),
  }),
  /** Removes a table's full-text search (what `down` of `createSearch` runs). */
  dropSearch: (table: string, search: { columns: string[]; language?: string }): Operation => ({
    kind: 'dropSearch',
    table: tableKey(table),
    search: searchOf(search),
  }),
  /** SQL run as written; `{ postgres, sqlite }` for dialect-specific SQL. */
  sql: (sql: string | { postgres?: string; sqlite?: string }): Operation => ({ kind: 'raw', sql }),
  /** A data step run once in its own transaction (see data-op.ts, docs/migrations.md). */
  data: dataOps.data,
  /** A data step walking a table in batches by primary key, resumable (see data-op.ts). */
  batch: dataOps.batch,
};

function searchOf(search: { columns: string[]; language?: string }): SearchIR {
  return {
    columns: [...search.columns],
    ...(search.language !== undefined ? { language: search.language } : {}),
  };
}

export type MigrationOps = typeof op;
