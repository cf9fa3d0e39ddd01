/**
 * Public API of the orm area (see docs/orm.md): `Model` and `registerModel` for generated
 * clients; `Session` (identity map, unit of work, transactions) and `withSession`; the
 * Query API with `selectinload` / `joinedload` options and the `any` / `has` relation
 * predicates; state inspection; errors; type helpers.
 */
export { Model, registerModel, type RelationTargets } from './model.js';
export { InstanceState, type ObjectStatus } from './instance-state.js';
export { inspect } from './lazy-state.js';
export type { MappedTable } from './mapper.js';
export type { FindMethod, GetMethod, InitOf, LoadMethod } from './generated-types.js';
export {
  Session,
  type NestedTransaction,
  type SessionConnection,
  type SessionEngine,
  type SessionOptions,
} from './session.js';
export { withSession } from './scoped.js';
export { Query, type AggregateRow, type RelationPath } from './query.js';
export { selectinload, joinedload, type LoadOption } from './options.js';
export { any, has } from './relation-sql.js';
export type {
  ColumnNames,
  ColumnValues,
  FilterByValues,
  ModelClass,
  RelationNames,
  RelationTarget,
  ToOneRelationNames,
} from './types.js';
export {
  InvalidRequestError,
  MappingError,
  MultipleResultsFoundError,
  NoResultFoundError,
  OrmError,
  RelationNotLoadedError,
  StaleDataError,
} from './errors.js';
