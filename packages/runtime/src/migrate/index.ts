// Public API of the migrate area; see docs/contracts.md and docs/migrations.md.
export type { Operation, OperationKind, OperationOf, EnumRef } from '../schema/operations.js';
export { OPERATION_KINDS } from '../schema/operations.js';
export { parseType, enumType, typeKey } from '../schema/types.js';
export { UnsupportedFeatureError } from '../schema/unsupported.js';
export { normalizeSchema, defaultName } from './names.js';
export { unsupportedFeatures, type SchemaRefusal } from './ddl-check.js';
export {
  applyOperation,
  applyOperations,
  emptySchema,
  MigrationStateError,
} from '../schema/state.js';
export {
  renderOperations,
  quoteIdent,
  quoteString,
  type DdlDialect,
  type DialectName,
  type RenderedStep,
} from '../schema/render.js';
export { createSchemaOps, orderTables } from './create-schema.js';
export { diffSchemas, type SchemaDiff, type DiffOptions } from './diff.js';
export {
  renameQuestions,
  invertRenames,
  RenameUndecidedError,
  type Renames,
  type RenameQuestion,
} from './renames.js';
export { comparableSchema } from './compare.js';
export { schemaDrift } from './drift.js';
export {
  connectForMigrations,
  dialectOfUrl,
  DatabaseUrlError,
  DatabaseNotFoundError,
  type ConnectForMigrationsOptions,
  type MigrationConnection,
  type Row,
} from './connection.js';
export { createSchemaSql, introspect, HISTORY_TABLE } from './dialects.js';
export { op, type MigrationOps } from './op.js';
export { tableKey, type ColumnSpec, type TableSpec } from './op-spec.js';
export { operationSource } from './op-source.js';
export { loadMigrations } from './load.js';
export {
  headsOf,
  childrenOf,
  ancestry,
  appliedHeads,
  schemaOf,
  revisionsAt,
  MultipleHeadsError,
  type TargetPoint,
} from './graph.js';
export { mergeHeads, type MergeResult } from './merge.js';
export {
  readSnapshot,
  writeMigration,
  migrationSource,
  checksumOf,
  migrationChecksum,
  MigrationFileError,
  type MigrationFile,
  type SourceFormatter,
} from './files.js';
export {
  MigrationHistoryError,
  readHistory,
  readHistoryIfAny,
  historyTableExists,
  type HistoryRow,
} from './history.js';
export { upgrade, downgrade, stamp, type RunnerOptions } from './runner.js';
export {
  abandon,
  describeStoppedRun,
  listStoppedRuns,
  pickStoppedRun,
  type StoppedRun,
} from './abandon.js';
export { migrationStatus, type MigrationStatus } from './status.js';
export { resolveTarget, stateAfter, migrationLabel } from './targets.js';
export {
  MigrationFailedError,
  MigrationChangedMidwayError,
  DataLossError,
  StoppedRunError,
} from './run-errors.js';
export { offlineSql } from './offline-sql.js';
export {
  newMigration,
  unmigratedChanges,
  migratedSchema,
  type NewMigrationOptions,
  type NewMigrationResult,
} from './autogenerate.js';
export {
  awaitHead,
  awaitMigrations,
  MigrationsPendingError,
  type ReadinessOptions,
} from './readiness.js';
export { planPush, pushSchema, type PushPlan, type PushOptions } from './push.js';
export { resetDatabase, planReset, type ResetOptions, type ResetPlan } from './reset.js';
export {
  DEFAULT_BATCH_SIZE,
  type BatchSpec,
  type BatchChanges,
  type DataContext,
  type DataStepContext,
  type DataFunction,
  type DataRow,
} from './data-op.js';
export { DataMigrationError } from './data-batch.js';
export type { DataProgressReport } from './data-run.js';
export { DATA_PROGRESS_TABLE } from './data-progress.js';
