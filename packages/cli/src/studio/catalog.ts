/**
 * What the studio knows of the database: the schema's tables as Core table objects, with
 * their keys, version column and relations both ways (the foreign keys a table holds, and
 * the ones other tables hold to it). Built once from the schema IR.
 */
import {
  defineTable,
  type Column,
  type ColumnIR,
  type SchemaIR,
  type Table,
  type TableIR,
} from '@dbgen/runtime';
import { StudioError } from './errors.js';

/** A foreign key seen from one end: `from` holds `columns`, which point at `to`'s `toColumns`. */
export interface StudioRelation {
  readonly name: string | null;
  readonly from: string;
  readonly columns: readonly string[];
  readonly to: string;
  readonly toColumns: readonly string[];
}

export interface StudioTable {
  readonly key: string;
  readonly ir: TableIR;
  readonly table: Table<Record<string, Column<unknown>>>;
  /** Primary key column names; empty when the table has none (it is then read-only). */
  readonly primaryKey: readonly string[];
  /** The optimistic-locking counter (DBML `dbgen_version_column`), when the table has it. */
  readonly versionColumn: string | null;
  /** Foreign keys this table holds: each leads to one parent row. */
  readonly parents: readonly StudioRelation[];
  /** Foreign keys other tables hold to this one: each leads to child rows. */
  readonly children: readonly StudioRelation[];
  /** The values each enum column may hold, by column name. */
  readonly enumValues: ReadonlyMap<string, readonly string[]>;
}

export class StudioCatalog {
  private readonly tables = new Map<string, StudioTable>();

  constructor(readonly schema: SchemaIR) {
    const children = new Map<string, StudioRelation[]>();
    const parents = new Map<string, StudioRelation[]>();
    for (const ir of schema.tables) {
      for (const fk of ir.foreignKeys) {
        const relation: StudioRelation = {
          name: fk.name,
          from: ir.key,
          columns: fk.columns,
          to: fk.target,
          toColumns: fk.targetColumns,
        };
        push(parents, ir.key, relation);
        push(children, fk.target, relation);
      }
    }
    const enums = new Map(
      schema.enums.map((e) => [`${e.schema}.${e.name}`, e.values.map((v) => v.name)]),
    );
    for (const ir of schema.tables) {
      const version = ir.orm.versionColumn;
      const enumValues = new Map<string, readonly string[]>();
      for (const column of ir.columns) {
        const type = column.type.enum;
        const values = type ? enums.get(`${type.schema}.${type.name}`) : undefined;
        if (values) enumValues.set(column.name, values);
      }
      this.tables.set(ir.key, {
        key: ir.key,
        ir,
        table: defineTable(ir),
        primaryKey: ir.primaryKey?.columns ?? [],
        versionColumn:
          version !== null && ir.columns.some((c) => c.name === version) ? version : null,
        parents: parents.get(ir.key) ?? [],
        children: children.get(ir.key) ?? [],
        enumValues,
      });
    }
  }

  /** Every table, in schema order. */
  all(): readonly StudioTable[] {
    return [...this.tables.values()];
  }

  /** The table of `key` (`schema.name`); an unknown key is a 404 naming it. */
  table(key: unknown): StudioTable {
    const found = typeof key === 'string' ? this.tables.get(key) : undefined;
    if (!found) throw new StudioError(404, `unknown table ${JSON.stringify(key)}`);
    return found;
  }
}

/** The column of `table` named `name` (its SQL name); an unknown one is a 400 naming both. */
export function columnOf(table: StudioTable, name: unknown): ColumnIR {
  const column = table.ir.columns.find((c) => c.name === name);
  if (!column) {
    throw new StudioError(400, `table "${table.ir.name}" has no column ${JSON.stringify(name)}`);
  }
  return column;
}

/** The Core column of `column` in `table`'s table object. */
export function columnExpression(table: StudioTable, column: ColumnIR): Column<unknown> {
  return (table.table as unknown as Record<string, Column<unknown>>)[column.propertyName]!;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
