/**
 * Default criteria (SQLAlchemy's `with_loader_criteria`, MikroORM's filters): a named
 * condition attached to one model, or to every table that has a given column, that a
 * session adds to every statement it runs over such a table (docs/events.md).
 *
 * A filter is plain data plus two functions: the condition for a table under the name
 * the statement calls it by (its alias in a joined load), and optionally an in-memory test
 * of an object (for `get()` answered from the identity map). A filter that guards writes
 * (the tenant filter) is also added to UPDATE and DELETE, and fills its column in INSERTs.
 */
import { or, type Expression } from '../../core/expression.js';
import type { ExpressionNode } from '../../core/nodes.js';
import { defineTable, isTable, type Column, type Table } from '../../core/table.js';
import type { TableIR } from '../../schema/ir.js';
import { InvalidRequestError } from '../errors.js';
import { mapperForTable, mapperOf, type Mapper, type ModelConstructor } from '../mapping/mapper.js';

type Obj = Record<string, unknown>;

/**
 * A default criterion, as {@link modelFilter}, {@link columnFilter} and
 * {@link tenantFilter} make it; pass filters as the session option `filters`.
 */
export interface Filter {
  readonly name: string;
  /** True when the filter applies to this table. */
  appliesTo(ir: TableIR): boolean;
  /** The condition on `table` (the table object under the statement's name for it). */
  condition(table: Table<Record<string, Column<unknown>>>, ir: TableIR): ExpressionNode;
  /** Tests an object already in memory; null when the filter cannot (such objects are trusted). */
  readonly matches: ((obj: object, mapper: Mapper) => boolean) | null;
  /**
   * For a filter that guards writes: its column (database name) and the one value rows
   * must have in it. UPDATE and DELETE carry `column = value`; INSERTs get it set; the
   * flush refuses objects with another value.
   */
  readonly writeGuard: { readonly column: string; readonly value: unknown } | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkName(name: string): void {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new InvalidRequestError(
      `a filter name must be an identifier (letters, digits, _ . -), got ${JSON.stringify(name)}`,
    );
}

/** The model class's table type, from its static `c` (generated models have one). */
type TableOfModel<T> = T extends { readonly c: infer C }
  ? C
  : Table<Record<string, Column<unknown>>>;

/**
 * A filter on one model: `modelFilter('published', Post, (t) => t.published.eq(true))`.
 * `t` is the model's table (typed from the generated client), aliased as the statement
 * refers to it. `matches` tests an object in memory (optional).
 */
export function modelFilter<T extends ModelConstructor>(
  name: string,
  model: T,
  where: (table: TableOfModel<T>) => Expression<boolean | null>,
  options: { matches?: (obj: InstanceType<T>) => boolean } = {},
): Filter {
  checkName(name);
  const mapper = mapperOf(model);
  const key = mapper.key;
  const matches = options.matches;
  return {
    name,
    appliesTo: (ir) => ir.key === key,
    condition: (table) => where(table as TableOfModel<T>).node,
    matches: matches === undefined ? null : (obj) => matches(obj as InstanceType<T>),
    writeGuard: null,
  };
}

/**
 * A filter on every table that has `column` (a database column name):
 * `columnFilter('active', 'archived', (c) => c.eq(false))`. The condition is built from
 * the table's column under the statement's name for the table.
 */
export function columnFilter(
  name: string,
  column: string,
  where: (column: Column<unknown>) => Expression<boolean | null>,
  options: { matches?: (value: unknown) => boolean } = {},
): Filter {
  checkName(name);
  const matches = options.matches;
  return {
    name,
    appliesTo: (ir) => ir.columns.some((c) => c.name === column),
    condition: (table, ir) => where(columnOf(table, ir, column)).node,
    matches:
      matches === undefined ? null : (obj, mapper) => matches((obj as Obj)[mapper.prop(column)]),
    writeGuard: null,
  };
}

/**
 * Tenant scoping: every table with `column` (default `tenant_id`) is read with
 * `column = tenantId`, written only where `column = tenantId`, and its inserts get it set.
 * Pass it as a session's `filters`, or use the session option `tenant`.
 */
export function tenantFilter(
  tenantId: string | number | bigint,
  options: { column?: string; name?: string } = {},
): Filter {
  const column = options.column ?? 'tenant_id';
  const name = options.name ?? 'tenant';
  checkName(name);
  if (tenantId === null || tenantId === undefined)
    throw new InvalidRequestError('tenantFilter: the tenant id may not be null or undefined');
  return {
    name,
    appliesTo: (ir) => ir.columns.some((c) => c.name === column),
    condition: (table, ir) => columnOf(table, ir, column).eq(tenantId).node,
    matches: (obj, mapper) => (obj as Obj)[mapper.prop(column)] === tenantId,
    writeGuard: { column, value: tenantId },
  };
}

/** The name of the built-in soft-delete filter. */
export const SOFT_DELETE = 'softDelete';

/**
 * The built-in soft-delete filter: on every table declared with `@dbgen softDelete:
 * column`, rows whose column is set (a time, or true) are hidden.
 */
export const softDeleteFilter: Filter = {
  name: SOFT_DELETE,
  appliesTo: (ir) => ir.orm.softDeleteColumn !== undefined,
  condition: (table, ir) => {
    const col = columnOf(table, ir, ir.orm.softDeleteColumn as string);
    return (col.ir.type.logical === 'boolean' ? or(col.isNull(), col.eq(false)) : col.isNull())
      .node;
  },
  matches: (obj, mapper) => {
    const v = (obj as Obj)[mapper.prop(mapper.ir.orm.softDeleteColumn as string)];
    return v === null || v === undefined || v === false;
  },
  writeGuard: null,
};

function columnOf(
  table: Table<Record<string, Column<unknown>>>,
  ir: TableIR,
  column: string,
): Column<unknown> {
  const found = table.$columns.find((c) => c.name === column);
  if (found === undefined)
    throw new InvalidRequestError(`table "${ir.key}" has no column "${column}"`);
  return found;
}

const tables = new WeakMap<TableIR, Map<string, Table<Record<string, Column<unknown>>>>>();

/** The table object of `ir` under `qualifier` (the model's own table, aliased when needed). */
export function tableAt(ir: TableIR, qualifier: string): Table<Record<string, Column<unknown>>> {
  let byName = tables.get(ir);
  if (byName === undefined) tables.set(ir, (byName = new Map()));
  let table = byName.get(qualifier);
  if (table === undefined) {
    const mapped = mapperForTable(ir.key)?.table;
    const base =
      mapped !== undefined && isTable(mapped) && mapped.$ir === ir
        ? (mapped as Table<Record<string, Column<unknown>>>)
        : defineTable<Record<string, Column<unknown>>>(ir);
    table = qualifier === ir.name ? base : base.$alias(qualifier);
    byName.set(qualifier, table);
  }
  return table;
}
