/**
 * SQLite DDL. SQLite has no schemas, no enum types, no comments, and few ALTERs:
 *
 * - a table outside the default schema is one table named `"schema.name"` (dots are
 *   legal in quoted names), so nothing is lost and introspection splits it back;
 * - an enum column is TEXT with a CHECK constraint named `enum:<schema>.<name>` listing
 *   the values; introspection turns those back into enums;
 * - foreign keys live inside CREATE TABLE;
 * - every change SQLite cannot ALTER (column type, nullability, default, dropped column,
 *   constraints, enum values) rebuilds the table: create the new shape under a temporary
 *   name, copy the rows, drop the old table, rename, recreate the indexes. The runner
 *   turns foreign-key enforcement off around the transaction and runs
 *   `PRAGMA foreign_key_check` before committing.
 */
import type {
  ColumnIR,
  ColumnTypeIR,
  EnumIR,
  IndexIR,
  SchemaIR,
  TableIR,
  TableKey,
} from '../../schema/ir.js';
import {
  columnList,
  isIdentityKey,
  quoteIdent,
  quoteString,
  renderDefault,
  splitKey,
  ddlDialect,
  type DdlDialect,
  type OperationRenderers,
} from '../../schema/render.js';
import { enumUsers, findTable, typeEnum } from '../../schema/state.js';
import {
  plainViewStatement,
  indexPlace,
  POSTGRES_ONLY_INDEX_METHODS,
  UnsupportedFeatureError,
} from '../../schema/unsupported.js';
import { sqliteName } from './names.js';
import { copyExpression, storageDefault, storageType, typeCheckConstraint } from './storage.js';
import { SQLITE_KEYWORDS } from './keywords.js';
import { isUnsigned } from '../../schema/types.js';
import { schemalessName } from '../../core/compiler/statements.js';
import { createSqliteSearch, dropSqliteSearch, sqliteSearchTriggers } from './search-ddl.js';

const TYPE_NAMES: Partial<Record<ColumnTypeIR['logical'], string>> = {
  smallint: 'smallint',
  integer: 'integer',
  bigint: 'bigint',
  real: 'real',
  double: 'double',
  decimal: 'numeric',
  boolean: 'boolean',
  char: 'char',
  varchar: 'varchar',
  text: 'text',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  json: 'json',
  jsonb: 'jsonb',
  bytes: 'blob',
  enum: 'text',
};

/** The prefix of the CHECK constraint that stands for an enum. */
export const SQLITE_ENUM_CHECK_PREFIX = 'enum:';

/** The name SQLite knows a table by: `name`, or `schema.name` outside `public`. */
export function sqliteTableName(schema: string, name: string): string {
  return schemalessName(schema, name);
}

function tableName(key: TableKey): string {
  return quoteIdent(sqliteTableName(...splitKey(key)));
}

/** A column type as declared in SQLite (which keeps the declared text verbatim). */
export function sqliteType(type: ColumnTypeIR): string {
  // SQLite has no arrays: they are stored as JSON text.
  if (type.arrayDims > 0) return 'json';
  const name = TYPE_NAMES[type.logical];
  if (name === undefined) return customType(type.raw);
  // MySQL's UNSIGNED is kept in the declared type, before the arguments as SQLite's syntax
  // wants (`numeric unsigned(5, 2)`): SQLite keeps the text, its affinity rules read only
  // `int`, `char`, `text`, `real`, `doub`…, and introspection reads it back. The column's
  // type check holds it to the unsigned range (storage.ts).
  const words = isUnsigned(type) ? `${name} unsigned` : name;
  return type.args.length > 0 && type.logical !== 'enum'
    ? `${words}(${type.args.join(', ')})`
    : words;
}

/**
 * A custom type as declared: plain words kept as written (SQLite keeps the text, and its
 * affinity rules read it), a keyword (`"order"`) or any other name quoted so that the
 * statement parses. SQLite drops arguments after a quoted name, so words are quoted only
 * when they must be. Other shapes are declared `text`.
 */
function customType(raw: string): string {
  const match = /^([A-Za-z_][A-Za-z0-9_ ]*?)\s*(\([0-9, ]*\))?$/.exec(raw);
  if (match === null) return 'text'; // e.g. `geometry(Point, 4326)`: stored by affinity
  const words = (match[1] ?? '').split(' ');
  const name = words.some((w) => SQLITE_KEYWORDS.has(w.toUpperCase()))
    ? quoteIdent(match[1] ?? '')
    : (match[1] ?? '');
  return `${name}${match[2] ?? ''}`;
}

function columnDefinition(table: TableIR, column: ColumnIR): string {
  if (isIdentityKey(table, column.name)) {
    // Only `INTEGER PRIMARY KEY` is the rowid; AUTOINCREMENT never reuses a deleted id.
    return `${quoteIdent(column.name)} INTEGER PRIMARY KEY AUTOINCREMENT`;
  }
  let sql = `${quoteIdent(column.name)} ${storageType(sqliteType(column.type), column.type)}`;
  if (!column.nullable) sql += ' NOT NULL';
  if (column.generated) {
    // No storage check: the database computes the value, in the type its expression has.
    const kind = column.generated.stored ? 'STORED' : 'VIRTUAL';
    return `${sql} GENERATED ALWAYS AS (${column.generated.expression}) ${kind}`;
  }
  if (column.default && column.default.kind !== 'null') {
    const value = renderDefault(column.default, ['TRUE', 'FALSE']);
    const stored =
      storageDefault(column) ?? (column.default.kind === 'expression' ? `(${value})` : value);
    sql += ` DEFAULT ${stored}`;
  }
  return sql + typeCheckConstraint(column);
}

function enumCheck(column: ColumnIR, found: EnumIR | undefined): string | null {
  const ref = column.type.enum;
  if (!ref || column.type.arrayDims > 0) return null;
  const values = (found?.values ?? []).map((v) => quoteString(v.name)).join(', ');
  return `CONSTRAINT ${quoteIdent(`${SQLITE_ENUM_CHECK_PREFIX}${ref.schema}.${ref.name}`)} CHECK (${quoteIdent(column.name)} IN (${values}))`;
}

function createTableStatement(table: TableIR, name: string, state: SchemaIR): string {
  const lines = table.columns.map((c) => columnDefinition(table, c));
  const identity = table.primaryKey && isIdentityKey(table, table.primaryKey.columns[0] ?? '');
  if (table.primaryKey && !identity) {
    lines.push(
      `CONSTRAINT ${quoteIdent(table.primaryKey.name ?? '')} PRIMARY KEY (${columnList(table.primaryKey.columns)})`,
    );
  }
  for (const u of table.uniques)
    lines.push(`CONSTRAINT ${quoteIdent(u.name ?? '')} UNIQUE (${columnList(u.columns)})`);
  for (const c of table.checks)
    lines.push(`CONSTRAINT ${quoteIdent(c.name ?? '')} CHECK (${c.expression})`);
  for (const column of table.columns) {
    const check = enumCheck(column, typeEnum(state, column.type));
    if (check) lines.push(check);
  }
  for (const fk of table.foreignKeys) {
    let sql = `CONSTRAINT ${quoteIdent(fk.name ?? '')} FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${tableName(fk.target)} (${columnList(fk.targetColumns)})`;
    if (fk.onDelete) sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
    if (fk.onUpdate) sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
    lines.push(sql);
  }
  return `CREATE TABLE ${name} (\n  ${lines.join(',\n  ')}\n)`;
}

function indexStatement(table: TableKey, index: IndexIR): string {
  const place = indexPlace(table, index);
  if (index.include?.length)
    throw new UnsupportedFeatureError('sqlite', 'covering indexes (INCLUDE)', place);
  if (index.type !== null && POSTGRES_ONLY_INDEX_METHODS.has(index.type.toLowerCase()))
    throw new UnsupportedFeatureError('sqlite', `${index.type} indexes`, place);
  // An index may be made on a table that lost a column by hand: named in grave accents,
  // such a column fails the statement instead of indexing its name as a constant.
  const parts = index.parts.map((p) => (p.kind === 'column' ? sqliteName(p.name) : `(${p.sql})`));
  const where = index.where !== undefined ? ` WHERE ${index.where}` : '';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name ?? '')} ON ${tableName(table)} (${parts.join(', ')})${where}`;
}

/**
 * The table `before` rebuilt as `after` (same key): SQLite's recipe for every ALTER it
 * lacks. Columns present in both are copied, in the current storage format of the new
 * column's type (see storage.ts: older rows may hold other timestamp and decimal formats,
 * and a decimal whose scale changes is rewritten at the new one); new ones take their
 * defaults.
 */
export function rebuildTable(before: TableIR, after: TableIR, state: SchemaIR): string[] {
  const temporary = quoteIdent(`_dbgen_rebuild_${after.name}`);
  // Generated columns are computed again by the new table, never copied into it; a
  // generated column made plain keeps the values it computed (read like any column's).
  const kept = after.columns.filter(
    (c) => !c.generated && before.columns.some((old) => old.name === c.name),
  );
  // Each value is copied from the old column's type into the new one's storage format.
  const copied = kept
    .map((c) => copyExpression(c, before.columns.find((old) => old.name === c.name)?.type))
    .join(', ');
  // SQLite's own recipe: views are dropped and made again around the rebuild (the RENAME
  // refuses to run while a view names a table that is, for a moment, gone).
  const views = state.tables.filter((t) => t.view);
  return [
    ...[...views].reverse().map((v) => `DROP VIEW IF EXISTS ${tableName(v.key)}`),
    createTableStatement(after, temporary, state),
    `INSERT INTO ${temporary} (${columnList(kept.map((c) => c.name))}) SELECT ${copied} FROM ${tableName(before.key)}`,
    ...keptSequence(before, after, `_dbgen_rebuild_${after.name}`),
    `DROP TABLE ${tableName(before.key)}`,
    `ALTER TABLE ${temporary} RENAME TO ${tableName(after.key)}`,
    ...after.indexes.map((i) => indexStatement(after.key, i)),
    ...views.map((v) => `CREATE VIEW ${tableName(v.key)} AS ${v.view?.sql ?? ''}`),
    ...(after.search && before.search ? rebuiltSearch(after) : []),
  ];
}

/**
 * An AUTOINCREMENT key's counter carried over a rebuild. The copy sets the new table's
 * counter to its largest id, and dropping the old table drops the old counter: the ids of
 * rows deleted at the end would be given again, which AUTOINCREMENT promises never to do.
 * The old counter (never below the largest id) goes to the new table, renamed with it.
 * sqlite_sequence exists here: the new table's AUTOINCREMENT made it.
 */
function keptSequence(before: TableIR, after: TableIR, temporary: string): string[] {
  const key = after.primaryKey?.columns[0] ?? '';
  const counted = (t: TableIR): boolean =>
    t.primaryKey?.columns.length === 1 && isIdentityKey(t, t.primaryKey.columns[0] ?? '');
  if (!counted(before) || !counted(after) || before.primaryKey?.columns[0] !== key) return [];
  const old = quoteString(sqliteTableName(...splitKey(before.key)));
  const name = quoteString(temporary);
  return [
    `DELETE FROM sqlite_sequence WHERE name = ${name}`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT ${name}, seq FROM sqlite_sequence WHERE name = ${old}`,
  ];
}

/** A searchable table's triggers, gone with the old table, made again; the index rebuilt. */
function rebuiltSearch(table: TableIR): string[] {
  const name = sqliteTableName(...splitKey(table.key));
  const fts = quoteIdent(`${name}_fts`);
  return [
    ...sqliteSearchTriggers(name, table.search as NonNullable<TableIR['search']>),
    `INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`,
  ];
}

function rebuild(
  op: { table: TableKey; kind: string },
  before: SchemaIR,
  after: SchemaIR,
): string[] {
  return rebuildTable(
    findTable(before, op.table, op.kind),
    findTable(after, op.table, op.kind),
    after,
  );
}

function rebuildEnumUsers(
  op: { enum: { schema: string; name: string } },
  before: SchemaIR,
  after: SchemaIR,
): string[] {
  const tables = new Set(enumUsers(after, op.enum).map(({ table }) => table.key));
  return [...tables].flatMap((key) => rebuild({ table: key, kind: 'enum' }, before, after));
}

/** True when SQLite's own ADD COLUMN can add this column (see its documented limits). */
function canAddInPlace(column: ColumnIR): boolean {
  // ADD COLUMN cannot add a STORED generated column (the rows would need computing).
  if (column.generated) return !column.generated.stored && !column.primaryKey && !column.unique;
  const literalDefault = column.default === null || column.default.kind !== 'expression';
  const hasValue = column.nullable || (column.default !== null && column.default.kind !== 'null');
  return (
    literalDefault &&
    hasValue &&
    !column.primaryKey &&
    !column.unique &&
    !column.type.enum &&
    column.checks.length === 0
  );
}

const RENDER: OperationRenderers = {
  createTable: (op, _before, after) =>
    op.table.view
      ? [plainViewStatement('sqlite', op.table, tableName(op.table.key))]
      : [
          createTableStatement(op.table, tableName(op.table.key), after),
          ...op.table.indexes.map((i) => indexStatement(op.table.key, i)),
        ],
  dropTable: (op, before) => [
    `DROP ${findTable(before, op.table, 'dropTable').view ? 'VIEW' : 'TABLE'} ${tableName(op.table)}`,
  ],
  renameTable: (op) => {
    const [schema, name] = splitKey(op.table);
    const to = quoteIdent(sqliteTableName(schema, op.to));
    // SQLite's names ignore case: `users` → `Users` is refused as a clash with itself, so a
    // change of case goes through a name of its own.
    if (
      sqliteTableName(schema, name).toLowerCase() !== sqliteTableName(schema, op.to).toLowerCase()
    )
      return [`ALTER TABLE ${tableName(op.table)} RENAME TO ${to}`];
    const step = quoteIdent(`_dbgen_rename_${op.to}`);
    return [
      `ALTER TABLE ${tableName(op.table)} RENAME TO ${step}`,
      `ALTER TABLE ${step} RENAME TO ${to}`,
    ];
  },
  addColumn: (op, before, after) => {
    const table = findTable(after, op.table, 'addColumn');
    return canAddInPlace(op.column)
      ? [`ALTER TABLE ${tableName(op.table)} ADD COLUMN ${columnDefinition(table, op.column)}`]
      : rebuild(op, before, after);
  },
  dropColumn: rebuild,
  alterColumn: rebuild,
  renameColumn: (op) => [
    `ALTER TABLE ${tableName(op.table)} RENAME COLUMN ${quoteIdent(op.column)} TO ${quoteIdent(op.to)}`,
  ],
  createIndex: (op) => [indexStatement(op.table, op.index)],
  dropIndex: (op) => [`DROP INDEX ${quoteIdent(op.name)}`],
  addUnique: rebuild,
  dropUnique: rebuild,
  addForeignKey: rebuild,
  dropForeignKey: rebuild,
  addCheck: rebuild,
  dropCheck: rebuild,
  createEnum: () => [],
  dropEnum: () => [],
  addEnumValue: rebuildEnumUsers,
  dropEnumValue: rebuildEnumUsers,
  // The CHECK lists the values in the enum's order: rebuilt so that it reads back as declared.
  reorderEnum: rebuildEnumUsers,
  setComment: () => [],
  createSearch: (op) => createSqliteSearch(sqliteTableName(...splitKey(op.table)), op.search),
  dropSearch: (op) => dropSqliteSearch(sqliteTableName(...splitKey(op.table))),
};

/** The SQLite DDL dialect. */
export const sqliteDdl: DdlDialect = ddlDialect('sqlite', RENDER);
