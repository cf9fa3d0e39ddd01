/**
 * Schema features a MySQL-family server lacks, refused while the DDL is rendered: every
 * statement of a push or migration is rendered before the first one is sent, and MySQL's
 * DDL commits statement by statement, so refusing here is what keeps a schema from being
 * half-applied. Each refusal names the feature, the table or index, and the server.
 */
import type {
  ColumnTypeIR,
  ForeignKeyIR,
  IndexIR,
  SchemaIR,
  TableIR,
  TableKey,
} from '../../schema/ir.js';
import { indexPlace, UnsupportedFeatureError } from '../../schema/unsupported.js';
import { MAX_KEY_BYTES, sizedKey, TEXT_KEY_PREFIX } from './key-length.js';
import type { MysqlFeatures } from './server.js';

/** Index methods InnoDB has (HASH is accepted and built as a B-tree, which answers the same). */
const INNODB_INDEX_METHODS: ReadonlySet<string> = new Set(['btree', 'hash']);

/** Types stored as TEXT/BLOB/JSON: keyed only by a prefix, never whole (MySQL). */
const WHOLE_VALUE_TYPES: ReadonlySet<string> = new Set(['text', 'bytes', 'json', 'jsonb']);

/** Whether a column of `type` is TEXT, BLOB or JSON in MySQL (arrays are JSON). */
export function isLongValue(type: ColumnTypeIR): boolean {
  return type.arrayDims > 0 || WHOLE_VALUE_TYPES.has(type.logical);
}

function isJson(type: ColumnTypeIR): boolean {
  return type.arrayDims > 0 || type.logical === 'json' || type.logical === 'jsonb';
}

/** Refuses `feature` at `where`; `availableOn` names the servers of the family that have it. */
function refuse(
  feature: string,
  where: string,
  on?: { readonly server: string; readonly availableOn: string },
): never {
  throw new UnsupportedFeatureError(on?.server ?? 'mysql', feature, where, on?.availableOn);
}

function longColumns(table: TableIR | undefined, columns: readonly string[]): string[] {
  return columns.filter((name) => {
    const column = table?.columns.find((c) => c.name === name);
    return column !== undefined && isLongValue(column.type);
  });
}

/** What a key over `columns` of `table` needs (primary, unique or index), for messages. */
type KeyKind = 'primary keys' | 'unique keys' | 'indexes';

/**
 * A key InnoDB would fail with error 1071 (longer than MAX_KEY_BYTES), after the
 * statements before it committed; `on` when only some servers of the family fail it.
 * `state` is the schema the key is made in (an enum's size is its number of values).
 */
function checkKeyLength(
  kind: KeyKind,
  table: TableIR | undefined,
  columns: readonly { readonly name: string; readonly prefixed: boolean }[],
  where: string,
  state: SchemaIR,
  on?: { readonly server: string; readonly availableOn: string },
): void {
  if (table === undefined) return;
  const parts = sizedKey(table, columns, state);
  const total = parts.reduce((sum, p) => sum + p.bytes, 0);
  if (total <= MAX_KEY_BYTES) return;
  const list = parts
    .map(
      (p) =>
        `"${p.column}" ${p.type}${p.prefixed ? ` by its first ${TEXT_KEY_PREFIX} characters` : ''} ${p.bytes}`,
    )
    .join(', ');
  const why =
    kind === 'unique keys'
      ? 'MySQL fails it; MariaDB 10.4+ keys a longer unique key by a hash of it'
      : kind === 'indexes' && parts.length === 1
        ? 'MySQL fails it; MariaDB silently keys a 768-character prefix instead'
        : 'the server fails it (error 1071)';
  refuse(
    `${kind} longer than ${MAX_KEY_BYTES} bytes (${total} bytes: ${list}; InnoDB counts 4 bytes a character of a utf8mb4 char or varchar; ${why}; use a shorter varchar(n) or fewer columns, as DBML has no prefix indexes)`,
    where,
    on,
  );
}

/**
 * A UNIQUE key over `columns`: MySQL keys a TEXT/BLOB/JSON column only by a prefix, and a
 * prefix would make two values sharing it collide; MariaDB 10.4+ hashes the whole value.
 */
export function checkUniqueKey(
  features: MysqlFeatures,
  table: TableIR | undefined,
  columns: readonly string[],
  where: string,
  state: SchemaIR,
): void {
  const long = longColumns(table, columns);
  if (long.length > 0 && !features.wholeValueUniqueKeys)
    refuse(
      `unique keys over whole text, blob or json values (column ${long.map((c) => `"${c}"`).join(', ')}; MariaDB 10.4+ has them; else use varchar(n))`,
      where,
      { server: features.server, availableOn: 'MariaDB 10.4+' },
    );
  // Keyed whole (no prefix), and on MariaDB 10.4+ by a hash once it is too long for a B-tree.
  if (!features.wholeValueUniqueKeys)
    checkKeyLength(
      'unique keys',
      table,
      columns.map((name) => ({ name, prefixed: false })),
      where,
      state,
      { server: features.server, availableOn: 'MariaDB 10.4+' },
    );
}

/**
 * Keys no server of the family takes: a primary key over a TEXT/BLOB/JSON column, or one
 * too long (a primary key is never hashed).
 */
export function checkPrimaryKey(table: TableIR, state: SchemaIR): void {
  const columns = table.primaryKey?.columns ?? [];
  const long = longColumns(table, columns);
  if (long.length > 0)
    refuse(
      `primary keys over text, blob or json columns (column ${long.map((c) => `"${c}"`).join(', ')}; use varchar(n))`,
      `primary key of ${table.key}`,
    );
  checkKeyLength(
    'primary keys',
    table,
    columns.map((name) => ({ name, prefixed: false })),
    `primary key of ${table.key}`,
    state,
  );
}

/**
 * What an index asks for that no server of the family has; a non-unique index too long
 * for InnoDB among it (a unique one is checkUniqueKey's: MariaDB hashes it).
 */
function checkIndexEverywhere(
  table: TableIR | undefined,
  key: TableKey,
  index: IndexIR,
  state: SchemaIR,
): void {
  const place = indexPlace(key, index);
  if (index.where !== undefined) refuse('partial indexes (WHERE)', place);
  if (index.include?.length) refuse('covering indexes (INCLUDE)', place);
  if (index.type !== null && !INNODB_INDEX_METHODS.has(index.type.toLowerCase()))
    refuse(`${index.type} indexes`, place);
  if (index.unique) return;
  // As ddl.ts renders it: a TEXT/BLOB/JSON column by a prefix. Expressions count nothing.
  const columns = index.parts.flatMap((p) => {
    if (p.kind !== 'column') return [];
    const column = table?.columns.find((c) => c.name === p.name);
    return [{ name: p.name, prefixed: column !== undefined && isLongValue(column.type) }];
  });
  checkKeyLength('indexes', table, columns, place, state);
}

/** What an index asks for beyond what `features` has. */
export function checkIndex(
  features: MysqlFeatures,
  table: TableIR | undefined,
  key: TableKey,
  index: IndexIR,
  state: SchemaIR,
): void {
  const place = indexPlace(key, index);
  checkIndexEverywhere(table, key, index, state);
  if (!features.expressionIndexes && index.parts.some((p) => p.kind === 'expression'))
    refuse(
      'expression indexes (MySQL has them from 8.0.13; index a generated column instead)',
      place,
      { server: features.server, availableOn: 'MySQL 8.0.13+' },
    );
  const columns = index.parts.flatMap((p) => (p.kind === 'column' ? [p.name] : []));
  if (index.unique) checkUniqueKey(features, table, columns, place, state);
  const json = columns.filter((name) => {
    const column = table?.columns.find((c) => c.name === name);
    return column !== undefined && isJson(column.type);
  });
  if (json.length > 0 && !features.jsonIndexes)
    refuse(
      `indexes over json columns (column ${json.map((c) => `"${c}"`).join(', ')}; MariaDB has them; on MySQL index a generated column of it)`,
      place,
      { server: features.server, availableOn: 'MariaDB' },
    );
}

/** SET DEFAULT: MySQL refuses it, MariaDB's InnoDB accepts it and then acts as RESTRICT. */
export function checkForeignKey(key: TableKey, fk: ForeignKeyIR): void {
  if (fk.onDelete === 'set default' || fk.onUpdate === 'set default')
    refuse(
      'ON DELETE / ON UPDATE SET DEFAULT (InnoDB has no such action)',
      `foreign key "${fk.name ?? ''}" on ${key}`,
    );
}

/** A check constraint, which MySQL before 8.0.16 parses and silently ignores. */
export function checkCheck(features: MysqlFeatures, key: TableKey, name: string | null): void {
  if (!features.checkConstraints)
    refuse('enforced check constraints (MySQL from 8.0.16)', `check "${name ?? ''}" on ${key}`, {
      server: features.server,
      availableOn: 'MariaDB, MySQL 8.0.16+',
    });
}

/**
 * Every refusal that applies to a whole new table: first what no server has, so that a
 * refusal only some servers escape (which `migrate new` reports and writes) is never
 * the first one found where another would stop the migration everywhere.
 */
export function checkTable(features: MysqlFeatures, table: TableIR, state: SchemaIR): void {
  checkPrimaryKey(table, state);
  for (const fk of table.foreignKeys) checkForeignKey(table.key, fk);
  for (const index of table.indexes) checkIndexEverywhere(table, table.key, index, state);
  for (const u of table.uniques)
    checkUniqueKey(features, table, u.columns, `unique "${u.name ?? ''}" on ${table.key}`, state);
  for (const c of table.checks) checkCheck(features, table.key, c.name);
  for (const index of table.indexes) checkIndex(features, table, table.key, index, state);
}

/**
 * A column retyped to TEXT/BLOB/JSON (from a type keyed whole) while a non-unique index
 * takes it: InnoDB keys such a column only by a prefix, and MODIFY COLUMN does not add
 * one. MySQL then fails (1170), MariaDB shortens the key to 768 characters or, in an index
 * of several columns, fails (1071): either after the migration's earlier statements have
 * committed. Refused on every server; unique keys and primary keys have their own checks.
 */
export function checkRetypedColumn(before: TableIR, after: TableIR, column: string): void {
  const was = before.columns.find((c) => c.name === column);
  const now = after.columns.find((c) => c.name === column);
  if (was === undefined || now === undefined || isLongValue(was.type) || !isLongValue(now.type))
    return;
  const index = after.indexes.find(
    (i) => !i.unique && i.parts.some((p) => p.kind === 'column' && p.name === column),
  );
  if (index !== undefined)
    refuse(
      `change of an indexed column to text, blob or json (column "${column}": such a column is keyed only by a prefix, which MODIFY COLUMN does not add; drop the index first and create it again after the change, or use varchar(n))`,
      indexPlace(after.key, index),
    );
}

/**
 * The keys and indexes of `table` that take `column` (it was added or its type changed):
 * what no server takes first, as in checkTable.
 */
export function checkColumnKeys(
  features: MysqlFeatures,
  table: TableIR,
  column: string,
  state: SchemaIR,
): void {
  const indexes = table.indexes.filter((i) =>
    i.parts.some((p) => p.kind === 'column' && p.name === column),
  );
  if (table.primaryKey?.columns.includes(column)) checkPrimaryKey(table, state);
  for (const index of indexes) checkIndexEverywhere(table, table.key, index, state);
  for (const u of table.uniques)
    if (u.columns.includes(column))
      checkUniqueKey(features, table, u.columns, `unique "${u.name ?? ''}" on ${table.key}`, state);
  for (const index of indexes) checkIndex(features, table, table.key, index, state);
}
