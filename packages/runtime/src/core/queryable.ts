import type { QueryNode } from './nodes.js';

/**
 * Anything that is a query (a select or a compound select): usable as a subquery in
 * `in`, `exists`, scalar positions, CTEs and `insert ... select`.
 */
export interface Queryable {
  toQueryNode(): QueryNode;
}

export function isQueryable(value: unknown): value is Queryable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Queryable>).toQueryNode === 'function'
  );
}
