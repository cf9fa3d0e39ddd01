// What the page shows: the schema, the open table with its filters, sorting and page.

export const PAGE_SIZE = 50;

export const OPERATORS = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  contains: 'contains',
  isNull: 'is null',
  isNotNull: 'is not null',
};

export const state = {
  schema: null,
  table: null,
  filters: [],
  sort: [],
  offset: 0,
  total: 0,
  rows: [],
  editing: null,
};

/** The schema's table of `key`. */
export function tableOf(key) {
  return state.schema.tables.find((t) => t.key === key);
}

/** A value as the user reads and types it. */
