/**
 * Reading a table page by page: filters (column, operator, value), sorting and paging,
 * compiled by Core for the engine's dialect, values always bound. Following a relation is
 * a filter too: a foreign key's values on the parent's key columns, or a parent's key
 * values on the child's foreign key columns.
 */
import {
  and,
  count,
  select,
  type Column,
  type ColumnIR,
  type Engine,
  type Expression,
  type OrderBy,
} from '@dbgen/runtime';
import { columnExpression, columnOf, type StudioTable } from './catalog.js';
import { decodeValue } from './codec.js';
import { encodeRow, selectRows } from './rows.js';
import { StudioError } from './errors.js';

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'isNull',
  'isNotNull',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface Filter {
  readonly column: string;
  readonly op: FilterOperator;
  readonly value?: unknown;
}

export interface SortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

export interface BrowseRequest {
  readonly filters?: readonly Filter[];
  readonly sort?: readonly SortKey[];
  readonly limit?: number;
  readonly offset?: number;
}

export interface BrowsePage {
  /** Rows keyed by column name, values encoded for JSON. */
  readonly rows: readonly Record<string, unknown>[];
  /** Rows matching the filters, all pages together. */
  readonly total: number;
}

export const MAX_PAGE = 500;
// PostgreSQL has no LIKE on enums and uuids: `contains` is for text columns.
const TEXT_TYPES = new Set(['char', 'varchar', 'text']);

/** The column object of `column` in `table`, for building expressions. */
// JSON and bytes have no order, and JSON no equality on PostgreSQL: only null tests.
const UNORDERED = new Set(['json', 'jsonb', 'bytes']);

function condition(table: StudioTable, filter: Filter): Expression<boolean> {
  const ir = columnOf(table, filter.column);
  const column = columnExpression(table, ir);
  if (
    (UNORDERED.has(ir.type.logical) || ir.type.arrayDims > 0) &&
    filter.op !== 'isNull' &&
    filter.op !== 'isNotNull'
  ) {
    throw new StudioError(
      400,
      `${table.ir.name}.${ir.name} is ${ir.type.raw}: it can only be filtered with isNull or isNotNull`,
    );
  }
  const value = () => {
    const decoded = decodeValue(table, ir, filter.value);
    if (decoded === null) {
      throw new StudioError(400, `filter ${filter.op} on ${ir.name} needs a value`);
    }
    return decoded;
  };
  switch (filter.op) {
    case 'eq':
      return column.eq(value());
    case 'ne':
      return column.ne(value());
    case 'lt':
      return column.lt(value());
    case 'lte':
      return column.lte(value());
    case 'gt':
      return column.gt(value());
    case 'gte':
      return column.gte(value());
    case 'contains': {
      if (!TEXT_TYPES.has(ir.type.logical) || typeof filter.value !== 'string') {
        throw new StudioError(
          400,
          `"contains" needs a text column and text; ${ir.name} is ${ir.type.raw}`,
        );
      }
      // `%` and `_` typed by the user stay LIKE's wildcards (`\%` finds a `%`), as Core's
      // LIKE reads them on every dialect.
      return (column as Column<string>).ilike(`%${filter.value}%`);
    }
    case 'isNull':
      return column.isNull();
    case 'isNotNull':
      return column.isNotNull();
    default:
      throw new StudioError(
        400,
        `unknown filter operator ${JSON.stringify(filter.op)}; use ${FILTER_OPERATORS.join(', ')}`,
      );
  }
}

/** One page of `table` under the request's filters and sorting, and the matching total. */
export async function browse(
  engine: Engine,
  table: StudioTable,
  request: BrowseRequest,
): Promise<BrowsePage> {
  const filters = listOf<Filter>(request.filters, 'filters', 'filter', '{ column, op, value }');
  const sort = listOf<SortKey>(request.sort, 'sort', 'sort', '{ column, direction }');
  const conditions = filters.map((f) => condition(table, f));
  const where = conditions.length === 0 ? null : and(...conditions);
  const limit = request.limit ?? 50;
  const offset = request.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new StudioError(400, `limit must be an integer from 1 to ${MAX_PAGE}, found ${limit}`);
  }
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new StudioError(400, `offset must be a whole number, found ${offset}`);
  }
  const order: OrderBy[] = sort.map((s) => {
    const ir = columnOf(table, s.column);
    if (UNORDERED.has(ir.type.logical) || ir.type.arrayDims > 0) {
      throw new StudioError(
        400,
        `${table.ir.name}.${ir.name} is ${ir.type.raw}: it has no order to sort by`,
      );
    }
    if (s.direction !== 'asc' && s.direction !== 'desc') {
      throw new StudioError(
        400,
        `sort direction must be "asc" or "desc", found ${JSON.stringify(s.direction)}`,
      );
    }
    const column = columnExpression(table, ir);
    return s.direction === 'desc' ? column.desc() : column.asc();
  });
  // The key last, so that pages are stable when the sort column has equal values.
  for (const name of table.primaryKey) {
    if (!sort.some((s) => s.column === name)) {
      order.push(columnExpression(table, columnOf(table, name)).asc());
    }
  }
  let query = selectRows(table, engine.dialect.name);
  if (where) query = query.where(where);
  if (order.length > 0) query = query.orderBy(...order);
  const page = await engine.execute(query.limit(limit).offset(offset));
  let counting = select(count().as('total')).from(table.table);
  if (where) counting = counting.where(where);
  const [totals] = (await engine.execute(counting)).rows as { total: number | bigint | string }[];
  return {
    rows: (page.rows as Record<string, unknown>[]).map((row) => encodeRow(table, row)),
    total: Number(totals?.total ?? 0),
  };
}

/**
 * A list of the request (JSON from the browser, so of any shape) whose items are objects;
 * anything else is a 400 naming it, never a TypeError further on.
 */
function listOf<T>(value: unknown, name: string, item: string, shape: string): readonly T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new StudioError(400, `${name} must be a list, found ${JSON.stringify(value)}`);
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new StudioError(
        400,
        `each ${item} must be an object ${shape}, found ${JSON.stringify(entry)}`,
      );
  }
  return value as readonly T[];
}
