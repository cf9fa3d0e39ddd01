/**
 * Tables and columns as the query builder sees them. Generated clients call
 * {@link defineTable} with a table's IR; the result has one {@link Column} per column,
 * keyed by property name, and `$`-prefixed members of its own (docs/contracts.md).
 */
import type { ColumnIR, TableIR } from '../schema/ir.js';
import { Expression } from './expression.js';
import { node, type ColumnNode, type SelectionNode, type TableNode } from './nodes.js';
import type { SourceMark } from './source-mark.js';

/** A column of a table (or of an aliased table): a typed expression with its IR at hand. */
export class Column<T, P extends string = string> extends Expression<T> {
  declare readonly node: ColumnNode;
  /** Type-level only: the property results are keyed by, when the table type knows it. */
  declare readonly __property?: P;
  constructor(
    /** The column's IR (type, nullability, property name, ...). */
    readonly ir: ColumnIR,
    /** The name that qualifies it in SQL: the table's name or alias. */
    qualifier: string | null,
  ) {
    super(
      node({
        kind: 'column',
        table: qualifier,
        name: ir.name,
        type: ir.type,
        propertyName: ir.propertyName,
      }),
    );
  }
  /** The column's SQL name. */
  get name(): string {
    return this.ir.name;
  }
  /** The property results are keyed by. */
  get propertyName(): string {
    return this.ir.propertyName;
  }
}

/** The `$`-prefixed own members of every table object. */
export interface TableMembers<C> {
  /** The table's IR. */
  readonly $ir: TableIR;
  /** `"<schema>.<name>"`. */
  readonly $key: string;
  /** The table's SQL name. */
  readonly $name: string;
  /** The alias this table object is referred to by, or null. */
  readonly $aliasName: string | null;
  /** The FROM item for this table. */
  readonly $node: TableNode;
  /** Every column, in schema order. */
  readonly $columns: readonly Column<unknown>[];
  /** The same table under an alias (`users AS u`); its columns are qualified by the alias. */
  $alias(name: string): Table<C>;
}

/**
 * Its columns again, each typed with its own property name, so that a positional
 * `select(users.id)` knows its rows are `{ id: number }` (intersected with `C`, which
 * keeps generic code that sees a table as `C` working), and marked with the table's `C`, so
 * that an outer join knows which selected columns are its (row-shape.ts).
 */
export type NamedColumns<C> = {
  readonly [K in keyof C]: C[K] extends Column<infer T>
    ? Column<T, K & string> & SourceMark<C>
    : C[K];
};

/** A table: its columns keyed by property name, plus `$` members. */
export type Table<C> = C & NamedColumns<C> & TableMembers<C>;

/**
 * A table's columns from its row type: `{ readonly id: Column<number>; ... }`. Generated
 * declarations use it so each column's type is written once (in the row); a mapped type is
 * resolved only when a program uses it, which keeps `tsc` fast on large clients.
 */
export type ColumnsOf<Row> = { readonly [K in keyof Row]: Column<Row[K]> };

/**
 * {@link ColumnsOf} of a table with generated columns (`Generated`, the database computes
 * them): those are marked so that insert and update values ({@link ValuesOf}) refuse them.
 * A separate type, so that tables without generated columns pay nothing for it in `tsc`.
 */
export type GeneratedColumnsOf<Row, Generated extends keyof Row> = {
  readonly [K in keyof Row]: K extends Generated ? Column<Row[K]> & GeneratedMark : Column<Row[K]>;
};

/** Type-level only: marks the column of a generated column ({@link GeneratedColumnsOf}). */
export interface GeneratedMark {
  readonly __generated: true;
}

/** The row type of a table's columns: `{ id: number; email: string; ... }`. */
export type RowOf<C> = { [K in keyof C]: C[K] extends Expression<infer T> ? T : never };

/** Builds the runtime table object for a table's IR (called by generated clients). */
export function defineTable<C>(ir: TableIR): Table<C> {
  // Recorded so that a session's filters find every table a statement names, also those
  // no model is registered for (a table without a primary key); the last definition wins.
  definedTables.set(ir.key, ir);
  if (ir.orm?.softDeleteColumn !== undefined) softDeleteDefined = true;
  return makeTable<C>(ir, null);
}

const definedTables = new Map<string, TableIR>();
let softDeleteDefined = false;

/** The IR of the table last defined (by {@link defineTable}) under `key` ("schema.name"). */
export function definedTable(key: string): TableIR | undefined {
  return definedTables.get(key);
}

/** True once a table declared with `@dbgen softDelete` has been defined. */
export function anySoftDeleteTableDefined(): boolean {
  return softDeleteDefined;
}

function makeTable<C>(ir: TableIR, alias: string | null): Table<C> {
  const qualifier = alias ?? ir.name;
  const columns = ir.columns.map((c) => new Column<unknown>(c, qualifier));
  const table: Record<string, unknown> = {};
  for (const column of columns) {
    if (column.propertyName.startsWith('$')) {
      throw new TypeError(
        `table "${ir.key}": column property "${column.propertyName}" may not start with "$"`,
      );
    }
    table[column.propertyName] = column;
  }
  const members: TableMembers<C> = {
    $ir: ir,
    $key: ir.key,
    $name: ir.name,
    $aliasName: alias,
    $node: node({ kind: 'table', schema: ir.schema, name: ir.name, alias }),
    $columns: Object.freeze(columns),
    $alias: (name: string) => makeTable<C>(ir, name),
  };
  for (const [key, value] of Object.entries(members)) {
    Object.defineProperty(table, key, { value, enumerable: false });
  }
  const selections = Object.freeze(
    columns.map((c) => node<SelectionNode>({ kind: 'selection', expr: c.node, alias: null })),
  );
  tableSelectionLists.add(selections);
  Object.defineProperty(table, TABLE_SELECTIONS, {
    value: selections,
    enumerable: false,
  });
  return Object.freeze(table) as Table<C>;
}

// Select lists of whole tables: they contain only column references (no parameters), so
// the compiler may reuse their rendered text.
const tableSelectionLists = new WeakSet<readonly SelectionNode[]>();

export function isTableSelectionList(list: readonly SelectionNode[]): boolean {
  return tableSelectionLists.has(list);
}

/** Hidden member of table objects: the select list of all their columns, made once. */
export const TABLE_SELECTIONS: unique symbol = Symbol('dbgen.tableSelections');

export function isTable(value: unknown): value is Table<unknown> {
  return typeof value === 'object' && value !== null && TABLE_SELECTIONS in value;
}

/** The select list of every column of a table object. */
export function tableSelections(table: TableMembers<unknown>): readonly SelectionNode[] {
  return (table as unknown as { [TABLE_SELECTIONS]: readonly SelectionNode[] })[TABLE_SELECTIONS];
}
