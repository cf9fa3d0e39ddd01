/**
 * INSERT, UPDATE and DELETE builders. Values are given by property name (as rows are
 * keyed) and bound with their column's type; any value may be an expression instead.
 */
import type { ColumnIR } from '../schema/ir.js';
import { and, Expression, isBoundValue, toNode } from './expression.js';
import {
  node,
  type DeleteNode,
  type ExpressionNode,
  type InsertNode,
  type OnConflictNode,
  type SetNode,
  type StatementNode,
  type UpdateNode,
} from './nodes.js';
import type { Queryable } from './queryable.js';
import { recordTableIR } from './compiler/upsert-target.js';
import { toSelections, type RowOfArgs, type SelectArg } from './selection.js';
import type { Cte, Source } from './source.js';
import type { Column, GeneratedMark, RowOf, Table, TableMembers } from './table.js';
import { invalidValue, valueCheck, type ValueCheck } from './value-check.js';
import { ReadOnlyColumnError, ReadOnlyViewError } from './errors.js';

/**
 * Values for an insert or update: property → value or expression. A generated column
 * (marked by {@link GeneratedMark}) takes no value: the database computes it. (Typed
 * `never` rather than left out: key remapping made `tsc` instantiate half again as much.)
 */
export type ValuesOf<C> = {
  readonly [K in keyof C]?: C[K] extends GeneratedMark
    ? never
    : RowOf<C>[K] | Expression<RowOf<C>[K]>;
};

type Condition = Expression<boolean | null>;
const frozen = <T>(items: readonly T[]): readonly T[] => Object.freeze([...items]);

const byProperty = new WeakMap<object, Map<string, ColumnIR>>();

function columnByProperty(table: TableMembers<unknown>, property: string): ColumnIR {
  let map = byProperty.get(table.$ir);
  if (!map) {
    map = new Map(table.$ir.columns.map((c) => [c.propertyName, c]));
    byProperty.set(table.$ir, map);
  }
  const column = map.get(property);
  if (!column) {
    const known = table.$ir.columns.map((c) => c.propertyName).join(', ');
    throw new TypeError(
      `table "${table.$name}" has no column property "${property}" (has: ${known})`,
    );
  }
  return column;
}

/** The column a write names by `property`; a generated column cannot be written. */
function writableColumn(table: TableMembers<unknown>, property: string): ColumnIR {
  const column = columnByProperty(table, property);
  if (column.generated)
    throw new ReadOnlyColumnError(table.$ir.name, column.name, column.generated.expression);
  return column;
}

const DEFAULT = node({ kind: 'default' as const });

/** A value to store in `column` as a node; a plain value is checked against the column first. */
function storedValue(
  table: TableMembers<unknown>,
  column: ColumnIR,
  value: unknown,
): ExpressionNode {
  if (value !== null && isBoundValue(value)) {
    const misfit = valueCheck(column.type, 'write')(value);
    if (misfit !== null) throw invalidValue(value, misfit, table.$ir.name, column.name);
  }
  return toNode(value, column.type);
}

/**
 * The VALUES rows of an insert: each row's value of each of `columns` as a node. Checks
 * are looked up once per column, and a plain value (every cell of a usual batch) goes
 * straight to its value node: a lookup and two class checks per cell were half the time
 * of building a 1,000-row insert.
 */
function valueRows(
  table: TableMembers<unknown>,
  columns: readonly ColumnIR[],
  list: readonly Record<string, unknown>[],
): ExpressionNode[][] {
  const width = columns.length;
  const props = columns.map((c) => c.propertyName);
  const checks = columns.map((c) => valueCheck(c.type, 'write'));
  const rows: ExpressionNode[][] = new Array(list.length);
  for (let r = 0; r < list.length; r++) {
    const row = list[r] as Record<string, unknown>;
    const values: ExpressionNode[] = new Array(width);
    for (let i = 0; i < width; i++) {
      const c = columns[i] as ColumnIR;
      const v = row[props[i] as string];
      if (v === undefined) values[i] = DEFAULT;
      else if (typeof v === 'object' && v !== null) values[i] = storedValue(table, c, v);
      else {
        if (v !== null) {
          const misfit = (checks[i] as ValueCheck)(v);
          if (misfit !== null) throw invalidValue(v, misfit, table.$ir.name, c.name);
        }
        values[i] = node({ kind: 'value', value: v, type: c.type });
      }
    }
    rows[r] = values;
  }
  return rows;
}

function setList(
  table: TableMembers<unknown>,
  values: Readonly<Record<string, unknown>>,
): readonly SetNode[] {
  return frozen(
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([property, value]) => {
        const column = writableColumn(table, property);
        return Object.freeze({ column: column.name, value: storedValue(table, column, value) });
      }),
  );
}

function whereOf(existing: ExpressionNode | null, conditions: Condition[]): ExpressionNode | null {
  const all = existing ? [new Expression<boolean>(existing), ...conditions] : conditions;
  return all.length === 0 ? null : and(...all).node;
}

export class InsertQuery<C, Row = Record<string, never>> {
  declare readonly __row?: Row;
  constructor(
    readonly table: Table<C>,
    readonly node: InsertNode,
  ) {}
  toStatementNode(): StatementNode {
    return this.node;
  }
  private patch<R = Row>(patch: Partial<InsertNode>): InsertQuery<C, R> {
    return new InsertQuery<C, R>(this.table, node({ ...this.node, ...patch }));
  }

  /** One row or many; rows that leave a column out get its DEFAULT (PostgreSQL). */
  values(rows: ValuesOf<C> | readonly ValuesOf<C>[]): InsertQuery<C, Row> {
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Record<string, unknown>[];
    const used = new Set<ColumnIR>();
    const seen = new Set<string>();
    for (const row of list) {
      for (const key in row) {
        if (!seen.has(key) && row[key] !== undefined) {
          seen.add(key);
          used.add(writableColumn(this.table, key));
        }
      }
    }
    const ordered = this.table.$ir.columns.filter((c) => used.has(c));
    // Rows are readonly by type, not frozen: freezing a 1,000-row batch cell by row cost
    // a noticeable share of building it (nodes are never frozen, see docs/runtime-core.md).
    return this.patch({
      columns: frozen(ordered.map((c) => c.name)),
      values: valueRows(this.table, ordered, list),
    });
  }

  /** `insert into t (cols) select ...`. */
  fromSelect(columns: readonly Column<unknown>[], query: Queryable): InsertQuery<C, Row> {
    return this.patch({ columns: frozen(columns.map((c) => c.name)), values: query.toQueryNode() });
  }

  /** ON CONFLICT [(target)] DO NOTHING. */
  onConflictDoNothing(target: readonly Column<unknown>[] = []): InsertQuery<C, Row> {
    const onConflict: OnConflictNode = Object.freeze({
      target: frozen(target.map((c) => c.name)),
      update: null,
      where: null,
    });
    recordTableIR(this.node.table, this.table.$ir);
    return this.patch({ onConflict });
  }

  /**
   * ON CONFLICT (target) DO UPDATE SET ...; `set` may be a function of the `excluded`
   * row (the row that was proposed for insertion).
   */
  onConflictDoUpdate(
    target: readonly Column<unknown>[],
    set: ValuesOf<C> | ((excluded: Table<C>) => ValuesOf<C>),
    where?: Condition,
  ): InsertQuery<C, Row> {
    const values = typeof set === 'function' ? set(this.table.$alias('excluded')) : set;
    const onConflict: OnConflictNode = Object.freeze({
      target: frozen(target.map((c) => c.name)),
      update: setList(this.table, values as Record<string, unknown>),
      where: where?.node ?? null,
    });
    recordTableIR(this.node.table, this.table.$ir);
    return this.patch({ onConflict });
  }

  returning<const A extends readonly SelectArg[]>(...args: A): InsertQuery<C, RowOfArgs<A>> {
    return this.patch<RowOfArgs<A>>({ returning: toSelections(args) });
  }
  /** RETURNING every column of the table. */
  returningAll(): InsertQuery<C, RowOf<C>> {
    return this.patch<RowOf<C>>({ returning: toSelections([this.table]) });
  }
  with(...ctes: Cte<unknown>[]): InsertQuery<C, Row> {
    return this.patch({ with: frozen([...this.node.with, ...ctes.map((c) => c.$cte)]) });
  }
}

export class UpdateQuery<C, Row = Record<string, never>> {
  declare readonly __row?: Row;
  constructor(
    readonly table: Table<C>,
    readonly node: UpdateNode,
  ) {}
  toStatementNode(): StatementNode {
    return this.node;
  }
  private patch<R = Row>(patch: Partial<UpdateNode>): UpdateQuery<C, R> {
    return new UpdateQuery<C, R>(this.table, node({ ...this.node, ...patch }));
  }
  set(values: ValuesOf<C>): UpdateQuery<C, Row> {
    return this.patch({
      set: frozen([...this.node.set, ...setList(this.table, values as Record<string, unknown>)]),
    });
  }
  /** UPDATE ... FROM other tables (join conditions go in `where`). */
  from(...sources: Source[]): UpdateQuery<C, Row> {
    return this.patch({ from: frozen([...this.node.from, ...sources.map((s) => s.$node)]) });
  }
  where(...conditions: Condition[]): UpdateQuery<C, Row> {
    return this.patch({ where: whereOf(this.node.where, conditions) });
  }
  returning<const A extends readonly SelectArg[]>(...args: A): UpdateQuery<C, RowOfArgs<A>> {
    return this.patch<RowOfArgs<A>>({ returning: toSelections(args) });
  }
  returningAll(): UpdateQuery<C, RowOf<C>> {
    return this.patch<RowOf<C>>({ returning: toSelections([this.table]) });
  }
  with(...ctes: Cte<unknown>[]): UpdateQuery<C, Row> {
    return this.patch({ with: frozen([...this.node.with, ...ctes.map((c) => c.$cte)]) });
  }
}

export class DeleteQuery<C, Row = Record<string, never>> {
  declare readonly __row?: Row;
  constructor(
    readonly table: Table<C>,
    readonly node: DeleteNode,
  ) {}
  toStatementNode(): StatementNode {
    return this.node;
  }
  private patch<R = Row>(patch: Partial<DeleteNode>): DeleteQuery<C, R> {
    return new DeleteQuery<C, R>(this.table, node({ ...this.node, ...patch }));
  }
  /** DELETE ... USING other tables (PostgreSQL; SQLite raises a CompileError). */
  using(...sources: Source[]): DeleteQuery<C, Row> {
    return this.patch({ using: frozen([...this.node.using, ...sources.map((s) => s.$node)]) });
  }
  where(...conditions: Condition[]): DeleteQuery<C, Row> {
    return this.patch({ where: whereOf(this.node.where, conditions) });
  }
  returning<const A extends readonly SelectArg[]>(...args: A): DeleteQuery<C, RowOfArgs<A>> {
    return this.patch<RowOfArgs<A>>({ returning: toSelections(args) });
  }
  returningAll(): DeleteQuery<C, RowOf<C>> {
    return this.patch<RowOf<C>>({ returning: toSelections([this.table]) });
  }
  with(...ctes: Cte<unknown>[]): DeleteQuery<C, Row> {
    return this.patch({ with: frozen([...this.node.with, ...ctes.map((c) => c.$cte)]) });
  }
}

/** `insertInto(users).values({...})`. */
/** Views are read-only: a write to one is refused before it is built. */
function writableTable(
  table: TableMembers<unknown>,
  statement: 'INSERT' | 'UPDATE' | 'DELETE',
): void {
  if (table.$ir.view) throw new ReadOnlyViewError(table.$ir.name, statement);
}

export function insertInto<C>(table: Table<C>): InsertQuery<C> {
  writableTable(table, 'INSERT');
  return new InsertQuery(
    table,
    node({
      kind: 'insert',
      with: frozen([]),
      table: table.$node,
      columns: frozen([]),
      values: frozen([]),
      onConflict: null,
      returning: frozen([]),
    }),
  );
}

/** `update(users).set({...}).where(...)`. */
export function update<C>(table: Table<C>): UpdateQuery<C> {
  writableTable(table, 'UPDATE');
  return new UpdateQuery(
    table,
    node({
      kind: 'update',
      with: frozen([]),
      table: table.$node,
      set: frozen([]),
      from: frozen([]),
      where: null,
      returning: frozen([]),
    }),
  );
}

/** `deleteFrom(users).where(...)`. */
export function deleteFrom<C>(table: Table<C>): DeleteQuery<C> {
  writableTable(table, 'DELETE');
  return new DeleteQuery(
    table,
    node({
      kind: 'delete',
      with: frozen([]),
      table: table.$node,
      using: frozen([]),
      where: null,
      returning: frozen([]),
    }),
  );
}
