/**
 * The immutable state of a Query and the parts of its SELECT (WHERE, joins, ordering,
 * limits) shared by every terminal: `all()`, `count()`, `exists()`, `aggregate()`.
 */
import {
  node,
  type ExpressionNode,
  type JoinNode,
  type OrderNode,
  type SelectionNode,
} from '../../core/nodes.js';
import type { ColumnTypeIR } from '../../schema/ir.js';
import { OrmError } from '../errors.js';
import type { Mapper, RelationMapping } from '../mapping/mapper.js';
import type { LoadOption } from './options.js';
import { tableNode } from '../sql.js';

export interface QueryState {
  readonly where: readonly ExpressionNode[];
  readonly joins: readonly JoinNode[];
  /** Qualifiers already used in FROM / JOIN (to alias a table joined twice). */
  readonly used: readonly string[];
  readonly orderBy: readonly OrderNode[];
  readonly groupBy: readonly ExpressionNode[];
  readonly having: ExpressionNode | null;
  readonly limit: number | null;
  readonly offset: number | null;
  readonly distinct: boolean;
  readonly options: readonly LoadOption[];
  readonly populateExisting: boolean;
  /** Session filters this query leaves out (`withDeleted()`, `withoutFilters()`), or null. */
  readonly filtersOff: ReadonlySet<string> | null;
  /** A join along a collection: a parent row repeats per child (key-filtered.ts). */
  readonly repeatsRows: boolean;
}

export const INTEGER: ColumnTypeIR = {
  logical: 'integer',
  raw: 'integer',
  name: 'integer',
  args: [],
  arrayDims: 0,
};

/** The initial state of `query(Model)`. */
export function initialQueryState(mapper: Mapper): QueryState {
  return {
    where: [],
    joins: [],
    used: [mapper.ir.name],
    orderBy: [],
    groupBy: [],
    having: null,
    limit: null,
    offset: null,
    distinct: false,
    options: [],
    populateExisting: false,
    filtersOff: null,
    repeatsRows: false,
  };
}

/** The SELECT parts of the query's state, with `selections` as the column list. */

/** The query's conditions as one WHERE expression (ANDed), or null. */
export function whereOf(conditions: readonly ExpressionNode[]): ExpressionNode | null {
  if (conditions.length === 0) return null;
  if (conditions.length === 1) return conditions[0] as ExpressionNode;
  return node({
    kind: 'logical' as const,
    op: 'and' as const,
    items: Object.freeze([...conditions]),
  });
}

export function queryParts(mapper: Mapper, s: QueryState, selections: readonly SelectionNode[]) {
  const where = whereOf(s.where);
  return {
    selections,
    from: [tableNode(mapper.ir)],
    joins: s.joins,
    where,
    groupBy: s.groupBy,
    having: s.having,
    orderBy: s.orderBy,
    limit: s.limit,
    offset: s.offset,
    distinct: s.distinct && s.groupBy.length === 0,
  };
}

export interface JoinedPlan {
  readonly rel: RelationMapping;
  readonly target: Mapper;
  /** Row keys of the target's properties (aliased selections). */
  readonly keys: readonly string[];
  /** Position of the target's first column in the select list (rows as value arrays). */
  readonly at: number;
}

export function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0)
    throw new OrmError(`${what}() takes a non-negative integer, got ${String(n)}`);
  return n;
}

export function countStar(): ExpressionNode {
  return node({
    kind: 'function',
    name: 'count',
    args: [],
    distinct: false,
    star: true,
    resultType: INTEGER,
  });
}
