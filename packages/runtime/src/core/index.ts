// Public API of the core area; see docs/contracts.md and docs/runtime-core.md.
export type { JsonValue } from './json.js';
export type { Containable, ElementOf, JsonPath } from './json-array-ops.js';
export * from './nodes.js';
export type { Queryable } from './queryable.js';
export { Expression, Aliased, OrderBy, and, or, not, type Operand } from './expression.js';
export { FunctionExpression, frame, type OverOptions } from './function-expression.js';
export {
  Column,
  defineTable,
  isTable,
  type Table,
  type TableMembers,
  type RowOf,
  type ColumnsOf,
  type GeneratedColumnsOf,
  type GeneratedMark,
} from './table.js';
export { sql, RawSql, Identifier } from './raw.js';
export { refreshMaterializedView, type RefreshOptions } from './refresh.js';
export * from './errors.js';
export type {
  SqlDialect,
  DialectCapabilities,
  IsolationLevel,
  TransactionOptions,
} from './dialect.js';
export type {
  Driver,
  DriverArrayResult,
  DriverConnection,
  DriverResult,
  DriverRow,
  ResultShape,
  RunCallback,
} from './driver.js';
export {
  compile,
  type Compilable,
  type CompiledQuery,
  type ResultColumn,
} from './compiler/compile.js';
export {
  clearCompileCache,
  compileCacheStats,
  configureCompileCache,
  type CompileCacheOptions,
  type CompileCacheStats,
} from './compiler/cache.js';
export {
  Connection,
  type Executor,
  type Params,
  type Savepoint,
  type StreamOptions,
  type EngineTransactionOptions,
  type ConnectOptions,
} from './connection.js';
export type { StatementOptions } from './statement-limits.js';
export { Engine } from './engine.js';
export { createEngine } from './create-engine.js';
export type { EngineOptions, EngineSettings } from './engine-options.js';
export type { EchoOption, ExecuteResult, StatementRow } from './run.js';
export { redactUrl, DatabaseUrlError } from './url.js';
export type {
  Dialect,
  DriverSettings,
  IntrospectOptions,
  MigrationRules,
  SqlRow,
  SqlSession,
  StoredSchemaFacts,
} from './dialect-contract.js';
export {
  registerDialect,
  dialectNamed,
  dialectNames,
  dialectForUrl,
  parseDatabaseUrl,
  DriverNotInstalledError,
} from './dialect-lookup.js';
export { lazyDriver } from './lazy-driver.js';
export {
  select,
  selectFrom,
  SelectQuery,
  CompoundQuery,
  type LockOptions,
  type SetOperand,
} from './select.js';
export {
  insertInto,
  update,
  deleteFrom,
  InsertQuery,
  UpdateQuery,
  DeleteQuery,
  type ValuesOf,
} from './mutation.js';
export type { SelectArg, RowOfArgs } from './selection.js';
export type { DuplicateOutputName, OuterJoined, SourceKey, SourcesOfArgs } from './row-shape.js';
export type { SourceMark } from './source-mark.js';
export type { CombinedRow, NullableRow } from './set-operand.js';
export type { Source, DerivedSource, Cte, SourceColumns } from './source.js';
export { valuesTable } from './values-source.js';
export {
  count,
  countDistinct,
  sum,
  avg,
  min,
  max,
  coalesce,
  lower,
  upper,
  fn,
  rowNumber,
  rank,
  denseRank,
  lag,
  lead,
  firstValue,
  cast,
  value,
  param,
  caseWhen,
  exists,
  notExists,
  star,
  cte,
  recursiveCte,
  logicalType,
} from './functions.js';
export type {
  StatementEvent,
  StatementListener,
  StatementListenerOptions,
} from './observe/statement-event.js';
export type { TracingOption, TracingOptions } from './observe/options.js';
export type { OtelSpan, OtelTracer } from './observe/otel-types.js';
export { ReplicaUnavailableError, type ReplicaProblem } from './routing/errors.js';
export type { ReplicaOptions } from './routing/options.js';
export type { ReplicaStatus, ReplicaHealth } from './routing/replica-set.js';
export type { RoutedExecutor } from './routing/routed-executor.js';
export { RoutingSession, type RoutingSessionOptions } from './routing/routing-session.js';
export type { ReplicationProbe, ReplicaState } from './routing/replication.js';
export { PoolerError } from './pooler/transaction-pooling.js';
export { ImplicitCommitError } from './transaction-abort.js';
export { textSearch, type TextSearch } from './search.js';
export type { TextSearchSql, TextSearchTarget } from './search-contract.js';
