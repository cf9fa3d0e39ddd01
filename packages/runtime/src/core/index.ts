// Public API of the core area; see docs/contracts.md and docs/runtime-core.md.
export type { JsonValue } from './json.js';
export * from './nodes.js';
export type { Queryable } from './queryable.js';
export {
  Expression,
  FunctionExpression,
  Aliased,
  OrderBy,
  frame,
  and,
  or,
  not,
  type Operand,
  type OverOptions,
} from './expression.js';
export {
  Column,
  defineTable,
  isTable,
  type Table,
  type TableMembers,
  type RowOf,
} from './table.js';
