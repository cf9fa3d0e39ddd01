/**
 * MySQL/MariaDB DDL. Enums are column types (ENUM(...)), not named types, so enum
 * operations become MODIFY COLUMN of the columns using them; comments are column and
 * table options; a table outside `public` is one table named `schema.table` (MySQL's
 * schemas are databases). Tables are InnoDB, utf8mb4 with a binary collation that does not
 * pad, so text compares, sorts and is unique case-sensitively and with its trailing
 * spaces, as on PostgreSQL and SQLite (server.ts names it per server).
 *
 * MySQL DDL is not transactional: each statement commits. The migration runner records
 * progress per statement so a migration failing halfway can be resumed (see runner.ts),
 * and what the server lacks is refused while rendering (refusals.ts), before anything runs.
 * The renderer is made for a server's features (server.ts): the connected one's when
 * migrating or pushing, those both flavours share when printing SQL offline.
 *
 * This file renders the operations; how a column, its type and its default are spelt is
 * in column-definition.ts.
 */
import { plainViewStatement } from '../../schema/unsupported.js';
import type {
  ColumnIR,
  ForeignKeyIR,
  IndexIR,
  SchemaIR,
  TableIR,
  TableKey,
} from '../../schema/ir.js';
import type { OperationOf } from '../../schema/operations.js';
import {
  ddlDialect,
  splitKey,
  type DdlDialect,
  type OperationRenderers,
} from '../../schema/render.js';
import { enumUsers, findColumn, findTable } from '../../schema/state.js';
import {
  columnDefinition,
  columnList,
  literal,
  mysqlTableName,
  quoteMysql,
  tableName,
} from './column-definition.js';
import { createMysqlSearch, dropMysqlSearch } from './search-ddl.js';
import {
  checkCheck,
  checkColumnKeys,
  checkForeignKey,
  checkIndex,
  checkRetypedColumn,
  checkTable,
  checkUniqueKey,
  isLongValue,
} from './refusals.js';
import { ONE_BYTE_ENUM_VALUES, TEXT_KEY_PREFIX } from './key-length.js';
import {
  MARIADB_NOPAD_BIN,
  MYSQL_NOPAD_BIN,
  PORTABLE_MYSQL_FEATURES,
  type MysqlFeatures,
} from './server.js';

function foreignKeyClause(fk: ForeignKeyIR): string {
  let sql = `CONSTRAINT ${quoteMysql(fk.name ?? '')} FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${tableName(fk.target)} (${columnList(fk.targetColumns)})`;
  if (fk.onDelete) sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate) sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  return sql;
}

function indexStatement(
  features: MysqlFeatures,
  table: TableIR | undefined,
  key: TableKey,
  index: IndexIR,
  state: SchemaIR,
): string {
  checkIndex(features, table, key, index, state);
  const parts = index.parts.map((p) => {
    if (p.kind !== 'column') return `(${p.sql})`;
    const column = table?.columns.find((c) => c.name === p.name);
    // TEXT, BLOB and JSON (arrays too) are indexed by a prefix; unique ones MariaDB hashes.
    const prefix =
      !index.unique && column && isLongValue(column.type) ? `(${TEXT_KEY_PREFIX})` : '';
    return `${quoteMysql(p.name)}${prefix}`;
  });
  const using = index.type ? ` USING ${index.type.toUpperCase()}` : '';
  const note = index.note !== null ? ` COMMENT ${literal(index.note)}` : '';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteMysql(index.name ?? '')} ON ${tableName(key)} (${parts.join(', ')})${using}${note}`;
}

/**
 * The table's collation clause. Without a server (printed SQL) no one name runs on both,
 * so each is in its server's executable comment: MariaDB runs only `/*M!` ones and skips
 * `/*!` ones of MySQL 5.7+ versions (50700 to 99999), MySQL takes `/*M!` as a comment.
 */
function collation(features: MysqlFeatures): string {
  if (features.collation !== null) return `COLLATE=${features.collation}`;
  return `/*M!100202 COLLATE=${MARIADB_NOPAD_BIN} */ /*!80017 COLLATE=${MYSQL_NOPAD_BIN} */`;
}

function createTable(features: MysqlFeatures, table: TableIR, state: SchemaIR): string[] {
  checkTable(features, table, state);
  const lines = table.columns.map((c) => columnDefinition(c, state));
  if (table.primaryKey) lines.push(`PRIMARY KEY (${columnList(table.primaryKey.columns)})`);
  for (const u of table.uniques)
    lines.push(`CONSTRAINT ${quoteMysql(u.name ?? '')} UNIQUE (${columnList(u.columns)})`);
  for (const c of table.checks)
    lines.push(`CONSTRAINT ${quoteMysql(c.name ?? '')} CHECK (${c.expression})`);
  for (const fk of table.foreignKeys) lines.push(foreignKeyClause(fk));
  const note = table.note !== null ? ` COMMENT=${literal(table.note)}` : '';
  return [
    `CREATE TABLE ${tableName(table.key)} (\n  ${lines.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ${collation(features)}${note}`,
    ...table.indexes.map((i) => indexStatement(features, table, table.key, i, state)),
  ];
}

function alterTable(key: TableKey, action: string): string {
  return `ALTER TABLE ${tableName(key)} ${action}`;
}

/** MODIFY COLUMN with the column's whole definition as it is in `state`. */
function modifyColumn(state: SchemaIR, key: TableKey, name: string, what: string): string {
  const column = findColumn(findTable(state, key, what), name, what);
  return alterTable(key, `MODIFY COLUMN ${columnDefinition(column, state)}`);
}

/**
 * A VIRTUAL generated column made plain, keeping its values: a plain column beside it
 * takes a copy of them, the virtual one goes, the copy takes its name.
 */
function virtualMadePlain(key: TableKey, column: ColumnIR, state: SchemaIR): string[] {
  const name = quoteMysql(column.name);
  const copy = `_dbgen_plain_${column.name}`;
  return [
    alterTable(
      key,
      `ADD COLUMN ${columnDefinition({ ...column, name: copy, nullable: true }, state)} AFTER ${name}`,
    ),
    `UPDATE ${tableName(key)} SET ${quoteMysql(copy)} = ${name}`,
    alterTable(key, `DROP COLUMN ${name}`),
    alterTable(key, `CHANGE COLUMN ${quoteMysql(copy)} ${columnDefinition(column, state)}`),
  ];
}

function enumColumns(
  op: OperationOf<'addEnumValue'> | OperationOf<'dropEnumValue'> | OperationOf<'reorderEnum'>,
  after: SchemaIR,
): string[] {
  return enumUsers(after, op.enum).map(({ table, column }) =>
    alterTable(table.key, `MODIFY COLUMN ${columnDefinition(column, after)}`),
  );
}

/** Whether `columns` lead some key or index of `table`: InnoDB then made no index of its own. */
function leadsAnIndex(table: TableIR, columns: readonly string[]): boolean {
  const leads = (key: readonly string[]): boolean => columns.every((c, i) => key[i] === c);
  return (
    leads(table.primaryKey?.columns ?? []) ||
    table.uniques.some((u) => leads(u.columns)) ||
    table.indexes.some((i) => leads(i.parts.map((p) => (p.kind === 'column' ? p.name : '\0'))))
  );
}

/**
 * DROP FOREIGN KEY, and the index InnoDB created for it (named after the key) when no
 * index of the schema's own served: left behind, it would read back as an index.
 */
function dropForeignKey(op: OperationOf<'dropForeignKey'>, before: SchemaIR): string[] {
  const table = before.tables.find((t) => t.key === op.table);
  const fk = table?.foreignKeys.find((f) => f.name === op.name);
  const statements = [alterTable(op.table, `DROP FOREIGN KEY ${quoteMysql(op.name)}`)];
  if (table && fk && !leadsAnIndex(table, fk.columns)) {
    statements.push(`DROP INDEX ${quoteMysql(op.name)} ON ${tableName(op.table)}`);
  }
  return statements;
}

/**
 * The column's table in `after`, with the keys that take it checked against `features`;
 * with `before` (the column existed), a change of its type the keys cannot follow too.
 */
function keysChecked(
  features: MysqlFeatures,
  after: SchemaIR,
  key: TableKey,
  column: string,
  before?: SchemaIR,
): void {
  const table = after.tables.find((t) => t.key === key);
  if (!table) return;
  const was = before?.tables.find((t) => t.key === key);
  // First: refused on every server, so `migrate new` stops at it rather than warning of a
  // unique key only MySQL lacks.
  if (was) checkRetypedColumn(was, table, column);
  checkColumnKeys(features, table, column, after);
}

const renderers = (features: MysqlFeatures): OperationRenderers => ({
  createTable: (op, _before, after) =>
    op.table.view
      ? [plainViewStatement('mysql', op.table, tableName(op.table.key))]
      : createTable(features, op.table, after),
  dropTable: (op, before) => [
    `DROP ${findTable(before, op.table, 'dropTable').view ? 'VIEW' : 'TABLE'} ${tableName(op.table)}`,
  ],
  renameTable: (op) => [
    `RENAME TABLE ${tableName(op.table)} TO ${quoteMysql(mysqlTableName(splitKey(op.table)[0], op.to))}`,
  ],
  addColumn: (op, _before, after) => {
    keysChecked(features, after, op.table, op.column.name);
    return [alterTable(op.table, `ADD COLUMN ${columnDefinition(op.column, after)}`)];
  },
  dropColumn: (op) => [alterTable(op.table, `DROP COLUMN ${quoteMysql(op.column)}`)],
  alterColumn: (op, before, after) => {
    keysChecked(features, after, op.table, op.column, before);
    const old = findColumn(findTable(before, op.table, 'alterColumn'), op.column, 'alterColumn');
    const now = findColumn(findTable(after, op.table, 'alterColumn'), op.column, 'alterColumn');
    // MODIFY turns a STORED generated column into a plain one keeping its values, and a
    // plain one into a STORED one (computed); MariaDB refuses both for VIRTUAL ones.
    if (op.generated === null && old.generated?.stored === false)
      return virtualMadePlain(op.table, now, after);
    if (op.generated && !op.generated.stored)
      return [
        alterTable(op.table, `DROP COLUMN ${quoteMysql(op.column)}`),
        alterTable(op.table, `ADD COLUMN ${columnDefinition(now, after)}`),
      ];
    return [modifyColumn(after, op.table, op.column, 'alterColumn')];
  },
  renameColumn: (op) => [
    alterTable(op.table, `RENAME COLUMN ${quoteMysql(op.column)} TO ${quoteMysql(op.to)}`),
  ],
  createIndex: (op, before) => [
    indexStatement(
      features,
      before.tables.find((t) => t.key === op.table),
      op.table,
      op.index,
      before,
    ),
  ],
  dropIndex: (op) => [`DROP INDEX ${quoteMysql(op.name)} ON ${tableName(op.table)}`],
  addUnique: (op, _before, after) => {
    const table = after.tables.find((t) => t.key === op.table);
    checkUniqueKey(
      features,
      table,
      op.unique.columns,
      `unique "${op.unique.name}" on ${op.table}`,
      after,
    );
    return [
      alterTable(
        op.table,
        `ADD CONSTRAINT ${quoteMysql(op.unique.name)} UNIQUE (${columnList(op.unique.columns)})`,
      ),
    ];
  },
  dropUnique: (op) => [alterTable(op.table, `DROP INDEX ${quoteMysql(op.name)}`)],
  addForeignKey: (op) => {
    checkForeignKey(op.table, op.foreignKey);
    return [alterTable(op.table, `ADD ${foreignKeyClause(op.foreignKey)}`)];
  },
  dropForeignKey: (op, before) => dropForeignKey(op, before),
  addCheck: (op) => {
    checkCheck(features, op.table, op.check.name);
    return [
      alterTable(
        op.table,
        `ADD CONSTRAINT ${quoteMysql(op.check.name)} CHECK (${op.check.expression})`,
      ),
    ];
  },
  dropCheck: (op) => [alterTable(op.table, `DROP ${features.dropCheck} ${quoteMysql(op.name)}`)],
  // Enums live in their columns' types: creating or dropping one alone changes nothing.
  createEnum: () => [],
  dropEnum: () => [],
  addEnumValue: (op, before, after) => {
    // The 256th value makes an ENUM 2 bytes: a key over it may pass the limit (1071).
    // Checked only then, so a value added to a smaller or larger enum refuses nothing.
    const values = (state: SchemaIR): number =>
      state.enums.find((e) => e.schema === op.enum.schema && e.name === op.enum.name)?.values
        .length ?? 0;
    if (values(before) <= ONE_BYTE_ENUM_VALUES && values(after) > ONE_BYTE_ENUM_VALUES)
      for (const { table, column } of enumUsers(after, op.enum))
        keysChecked(features, after, table.key, column.name);
    return enumColumns(op, after);
  },
  // A row still holding the dropped value makes MODIFY fail (strict mode), loudly.
  dropEnumValue: (op, _before, after) => enumColumns(op, after),
  // The order of an ENUM's values is its sort order: every column using it is modified.
  reorderEnum: (op, _before, after) => enumColumns(op, after),
  setComment: (op, _before, after) =>
    op.column === undefined
      ? [alterTable(op.table, `COMMENT = ${literal(op.comment ?? '')}`)]
      : [modifyColumn(after, op.table, op.column, 'setComment')],
  createSearch: (op) =>
    createMysqlSearch(mysqlTableName(...splitKey(op.table)), op.search, quoteMysql),
  dropSearch: (op) => dropMysqlSearch(mysqlTableName(...splitKey(op.table)), quoteMysql),
});

/** The DDL for a server with `features`, refusing what it lacks (see server.ts). */
export function mysqlDdlFor(features: MysqlFeatures): DdlDialect {
  return ddlDialect('mysql', renderers(features));
}

/** The MySQL/MariaDB DDL without a server to ask: what MariaDB and MySQL 8 both take. */
export const mysqlDdl: DdlDialect = mysqlDdlFor(PORTABLE_MYSQL_FEATURES);
