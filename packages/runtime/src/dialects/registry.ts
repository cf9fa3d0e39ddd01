/**
 * The built-in dialects, registered by name and URL scheme (see core/dialect-lookup.ts).
 * This is the one file outside a dialect's folder that imports it. A dialect module
 * loads no driver: each imports its driver package when an engine first connects.
 *
 * Adding a dialect: write `dialects/<name>/index.ts` exporting one object that
 * implements `Dialect` (core/dialect-contract.ts), then add it to BUILT_IN_DIALECTS.
 */
import type { Dialect } from '../core/dialect-contract.js';
import { registerDialect } from '../core/dialect-lookup.js';
import { mysqlDialect } from './mysql/index.js';
import { postgresDialect } from './postgres/index.js';
import { sqliteDialect } from './sqlite/index.js';

export const BUILT_IN_DIALECTS: readonly Dialect[] = [postgresDialect, sqliteDialect, mysqlDialect];

for (const dialect of BUILT_IN_DIALECTS) registerDialect(dialect);

export { mysqlDialect, postgresDialect, sqliteDialect };
// Parts of the built-in dialects that were public before dialects were plug-ins.
export { postgresDdl, postgresType } from './postgres/ddl.js';
export { introspectPostgres } from './postgres/introspect.js';
export { sqliteDdl, sqliteType, sqliteTableName } from './sqlite/ddl.js';
export { introspectSqlite } from './sqlite/introspect.js';
