/**
 * The operations that create a whole schema from nothing, in dependency order: enums,
 * then tables (a table after the tables it references), then the foreign keys that
 * close a cycle, which no order of CREATE TABLE can satisfy.
 */
import type { ForeignKeyIR, SchemaIR, TableIR, TableKey } from '../schema/ir.js';
import { normalizeSchema } from './names.js';
import type { Operation } from '../schema/operations.js';
import { searchCreatesOf, withoutSearch } from './search-diff.js';

/**
 * Orders `tables` so that each comes after the tables its foreign keys reference (among
 * `tables`); returns the order and the foreign keys that had to be left out (cycles).
 */
export function orderTables(tables: readonly TableIR[]): {
  order: TableIR[];
  deferred: { table: TableKey; foreignKey: ForeignKeyIR }[];
} {
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const state = new Map<TableKey, 'visiting' | 'done'>();
  const order: TableIR[] = [];
  const deferred: { table: TableKey; foreignKey: ForeignKeyIR }[] = [];
  const visit = (table: TableIR): void => {
    state.set(table.key, 'visiting');
    for (const fk of table.foreignKeys) {
      const target = byKey.get(fk.target);
      if (!target || target === table) continue;
      const seen = state.get(fk.target);
      if (seen === 'visiting') deferred.push({ table: table.key, foreignKey: fk });
      else if (seen === undefined) visit(target);
    }
    state.set(table.key, 'done');
    order.push(table);
  };
  for (const table of tables) if (!state.has(table.key)) visit(table);
  return { order, deferred };
}

/**
 * Tables created by `ops` of kind createTable, with cycles broken as {@link orderTables}
 * says; views come after every table, in schema order (a view may select from the views
 * declared before it).
 */
export function createTablesOps(all: readonly TableIR[]): Operation[] {
  const tables = all.filter((t) => !t.view);
  const { order, deferred } = orderTables(tables);
  const ops: Operation[] = order.map((table) => ({
    kind: 'createTable',
    table: {
      ...withoutSearch(table),
      foreignKeys: table.foreignKeys.filter(
        (fk) => !deferred.some((d) => d.table === table.key && d.foreignKey === fk),
      ),
    },
  }));
  for (const { table, foreignKey } of deferred) {
    ops.push({
      kind: 'addForeignKey',
      table,
      foreignKey: { ...foreignKey, name: foreignKey.name ?? '' },
    });
  }
  ops.push(...searchCreatesOf(order));
  for (const view of all) if (view.view) ops.push({ kind: 'createTable', table: view });
  return ops;
}

/** The operations that create `ir` in an empty database. */
export function createSchemaOps(ir: SchemaIR): Operation[] {
  const schema = normalizeSchema(ir);
  return [
    ...schema.enums.map((e): Operation => ({ kind: 'createEnum', enum: e })),
    ...createTablesOps(schema.tables),
  ];
}
