/**
 * Public API of the orm area (see docs/orm.md): `Model` and `registerModel` for generated
 * clients, state inspection, errors, type helpers.
 */
export { Model, registerModel, type RelationTargets } from './model.js';
export { inspect, InstanceState, type ObjectStatus } from './instance-state.js';
export type { MappedTable } from './mapper.js';
export type {
  ColumnNames,
  ColumnValues,
  ModelClass,
  RelationNames,
  RelationTarget,
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
