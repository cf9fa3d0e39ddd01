/** Picking a dialect's DDL and introspector by name, and the whole-schema DDL. */
import type { SchemaIR } from '../schema/ir.js';
import { mysqlDdl } from '../dialects/mysql/ddl.js';
import { introspectMysql } from '../dialects/mysql/introspect.js';
import { postgresDdl } from '../dialects/postgres/ddl.js';
import { introspectPostgres } from '../dialects/postgres/introspect.js';
import { sqliteDdl } from '../dialects/sqlite/ddl.js';
import { introspectSqlite } from '../dialects/sqlite/introspect.js';
import type { MigrationConnection } from './connection.js';
import { createSchemaOps } from './create-schema.js';
import { renderOperations, type DdlDialect, type DialectName } from './render.js';
import { emptySchema } from './state.js';

/** The history table's name; introspection leaves it out. */
export const HISTORY_TABLE = 'dbgen_migrations';

export const DDL_DIALECTS: Readonly<Record<DialectName, DdlDialect>> = {
  postgres: postgresDdl,
  sqlite: sqliteDdl,
  mysql: mysqlDdl,
};

/** The CREATE statements for `ir`, in dependency order (what `dbgen sql` prints). */
export function createSchemaSql(ir: SchemaIR, dialect: DialectName): string[] {
  return renderOperations(createSchemaOps(ir), DDL_DIALECTS[dialect], emptySchema()).steps.flatMap(
    (step) => step.statements,
  );
}

/** The schema of the connected database, without dbgen's history table. */
export function introspect(
  connection: MigrationConnection,
  exclude: readonly string[] = [HISTORY_TABLE],
): Promise<SchemaIR> {
  if (connection.dialect === 'mysql') return introspectMysql(connection, { exclude });
  return connection.dialect === 'postgres'
    ? introspectPostgres(connection, { exclude })
    : introspectSqlite(connection, { exclude });
}
