/**
 * Public API of the orm area (see docs/orm.md): `Model` and `registerModel` for generated
 * clients; `Session` (identity map, unit of work, transactions) and `withSession`; the
 * Query API with `selectinload` / `joinedload` options and the `any` / `has` relation
 * predicates; state inspection; errors; type helpers.
 */
export { Model, registerModel, type RelationTargets } from './mapping/model.js';
export { InstanceState, type ObjectStatus } from './state/instance-state.js';
export { inspect } from './state/lazy-state.js';
export type { MappedTable } from './mapping/mapper.js';
export type { FindMethod, GetMethod, InitOf, LoadMethod } from './mapping/generated-types.js';
export {
  Session,
  type NestedTransaction,
  type SessionConnection,
  type SessionEngine,
  type SessionOptions,
} from './session/session.js';
export { withSession } from './session/scoped.js';
export { Query, type AggregateRow, type RelationPath } from './query/query.js';
export { selectinload, joinedload, type LoadOption } from './query/options.js';
export { any, has } from './relations/relation-sql.js';
export type {
  ColumnNames,
  ColumnValues,
  FilterByValues,
  ModelClass,
  RelationNames,
  RelationTarget,
  ToOneRelationNames,
} from './mapping/types.js';
export {
  AfterCommitError,
  InvalidRequestError,
  MappingError,
  MultipleResultsFoundError,
  NoResultFoundError,
  OrmError,
  RelationNotLoadedError,
  StaleDataError,
  TenantViolationError,
} from './errors.js';
export { SessionEvents } from './events/session-events.js';
export type {
  AfterFlushEvent,
  AnyChanges,
  BeforeFlushEvent,
  Changes,
  EventName,
  Handler,
  ObjectEvent,
  ObjectEventName,
  SessionEventMap,
  SessionEventName,
  TransactionEvent,
} from './events/event-types.js';
export {
  columnFilter,
  modelFilter,
  softDeleteFilter,
  tenantFilter,
  SOFT_DELETE,
  type Filter,
} from './criteria/filter.js';
export type { SessionFilters } from './criteria/session-criteria.js';
