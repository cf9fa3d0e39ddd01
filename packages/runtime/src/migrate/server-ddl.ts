/**
 * The DDL renderer for the server a migration connection is on: the dialect's own for
 * that server (`Dialect.ddlFor`, e.g. MariaDB's or MySQL 8's) or, when the dialect's DDL
 * is the same for every server, its `ddl`.
 */
import type { DdlDialect } from '../schema/render.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';

/** The DDL `connection`'s server accepts. */
export async function serverDdl(connection: MigrationConnection): Promise<DdlDialect> {
  const dialect = dialectNamed(connection.dialect);
  return dialect.ddlFor ? dialect.ddlFor(connection) : dialect.ddl;
}
