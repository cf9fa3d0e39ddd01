/** The whole-schema DDL and introspection, through the dialect contract. */
import type { SchemaIR } from '../schema/ir.js';
import type { Dialect } from '../core/dialect-contract.js';
import { dialectNamed, resolveDialect } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import { createSchemaOps } from './create-schema.js';
import { renderOperations } from '../schema/render.js';
import { emptySchema } from '../schema/state.js';
import { DATA_PROGRESS_TABLE } from './data-progress.js';

/** The history table's name; introspection leaves it out. */
export const HISTORY_TABLE = 'dbgen_migrations';

/** The CREATE statements for `ir`, in dependency order (what `dbgen sql` prints). */
export function createSchemaSql(ir: SchemaIR, dialect: Dialect | string): string[] {
  return renderOperations(
    createSchemaOps(ir),
    resolveDialect(dialect).ddl,
    emptySchema(),
  ).steps.flatMap((step) => step.statements);
}

/** dbgen's own tables on `dialect`: the history, and the progress of stopped runs. */
export function ownTables(dialect: string): string[] {
  const progress = dialectNamed(dialect).migrations.progress?.table;
  return [HISTORY_TABLE, ...(progress === undefined ? [] : [progress]), DATA_PROGRESS_TABLE];
}

/** The schema of the connected database, without dbgen's own tables. */
export function introspect(
  connection: MigrationConnection,
  exclude: readonly string[] = ownTables(connection.dialect),
): Promise<SchemaIR> {
  return dialectNamed(connection.dialect).introspect(connection, { exclude });
}
