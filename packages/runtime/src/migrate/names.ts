/**
 * Constraint and index names. The IR allows unnamed keys, indexes, checks and foreign
 * keys; migrations need names to drop them again, and introspection must find the same
 * names back. So before anything is diffed or rendered, {@link normalizeSchema} gives
 * every unnamed one a deterministic PostgreSQL-style name (`users_pkey`,
 * `users_email_key`, `posts_author_id_fkey`, `posts_title_idx`, `users_age_check`), and
 * moves column-level uniques and checks to the table level, where databases keep them.
 * How a name is built and numbered is schema/default-names.ts, which MySQL's
 * introspection shares.
 */
import type {
  CheckIR,
  ColumnIR,
  ForeignKeyIR,
  IndexIR,
  SchemaIR,
  TableIR,
  UniqueIR,
} from '../schema/ir.js';
import { SERIAL_TYPES } from '../schema/types.js';
import { fitName, indexNameBase, NameAllocator } from '../schema/default-names.js';

/** The schema with every constraint, index and check named, in the shape databases keep. */
export function normalizeSchema(ir: SchemaIR): SchemaIR {
  const namesBySchema = new Map<string, NameAllocator>();
  const relationNames = (schema: string): NameAllocator => {
    let names = namesBySchema.get(schema);
    if (!names) namesBySchema.set(schema, (names = new NameAllocator()));
    return names;
  };
  // Names the user chose come first, so generated ones never take them; so do table and
  // view names, which PostgreSQL's and SQLite's indexes (keys are indexes) share their
  // namespace with: a table `t_c_key` makes t's unnamed unique `t_c_key1`, on every
  // dialect alike (MySQL's introspection numbers a key named as a table the same way).
  for (const table of ir.tables) relationNames(table.schema).reserve(table.name);
  for (const table of ir.tables) {
    const names = relationNames(table.schema);
    if (table.primaryKey?.name) names.reserve(table.primaryKey.name);
    for (const unique of table.uniques) if (unique.name) names.reserve(unique.name);
    for (const index of table.indexes) if (index.name) names.reserve(index.name);
  }
  return {
    ...ir,
    tables: ir.tables.map((table) => normalizeTable(table, relationNames(table.schema))),
  };
}

function normalizeTable(table: TableIR, relationNames: NameAllocator): TableIR {
  const tableNames = new NameAllocator(); // checks and foreign keys: unique per table
  for (const check of table.checks) if (check.name) tableNames.reserve(check.name);
  for (const fk of table.foreignKeys) if (fk.name) tableNames.reserve(fk.name);
  for (const column of table.columns) {
    for (const check of column.checks) if (check.name) tableNames.reserve(check.name);
  }

  const pkColumns =
    table.primaryKey?.columns ?? table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  const primaryKey =
    pkColumns.length === 0
      ? null
      : {
          name: table.primaryKey?.name ?? relationNames.allocate(table.name, 'pkey'),
          columns: pkColumns,
        };

  const uniques: UniqueIR[] = table.uniques.map((u) => ({
    name: u.name ?? relationNames.allocate([table.name, ...u.columns].join('_'), 'key'),
    columns: u.columns,
  }));
  const checks: CheckIR[] = table.checks.map((c) => ({
    name: c.name ?? tableNames.allocate(table.name, 'check'),
    expression: c.expression,
  }));
  const columns: ColumnIR[] = table.columns.map((column) => {
    const alone = pkColumns.length === 1 && pkColumns[0] === column.name;
    if (column.unique && !alone && !uniques.some((u) => sameList(u.columns, [column.name]))) {
      uniques.push({
        name: relationNames.allocate(`${table.name}_${column.name}`, 'key'),
        columns: [column.name],
      });
    }
    for (const check of column.checks) {
      checks.push({
        name: check.name ?? tableNames.allocate(`${table.name}_${column.name}`, 'check'),
        expression: check.expression,
      });
    }
    const { span: _span, ...rest } = column;
    return {
      ...rest,
      primaryKey: pkColumns.includes(column.name),
      unique: false,
      checks: [],
      autoIncrement: column.autoIncrement || SERIAL_TYPES.has(column.type.name),
    };
  });
  const indexes: IndexIR[] = table.indexes.map(({ span: _span, ...index }) => ({
    ...index,
    name: index.name ?? relationNames.allocate(indexNameBase(table.name, index), 'idx'),
    type: index.type === 'btree' ? null : index.type,
  }));
  const foreignKeys: ForeignKeyIR[] = table.foreignKeys.map(({ span: _span, ...fk }) => ({
    ...fk,
    name: fk.name ?? tableNames.allocate([table.name, ...fk.columns].join('_'), 'fkey'),
    onDelete: fk.onDelete === 'no action' ? null : fk.onDelete,
    onUpdate: fk.onUpdate === 'no action' ? null : fk.onUpdate,
  }));
  const { span: _span, ...rest } = table;
  return { ...rest, columns, primaryKey, uniques, checks, indexes, foreignKeys };
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The default name of a new constraint, for hand-written operations without one. */
export function defaultName(
  table: string,
  columns: readonly string[],
  suffix: 'pkey' | 'key' | 'fkey' | 'idx' | 'check',
): string {
  return fitName([table, ...columns].join('_'), suffix);
}
