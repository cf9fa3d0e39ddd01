/**
 * A schema that declares its database (`Project { database_type: 'MySQL' }`) is checked,
 * at generate time, for what that database lacks (a GiST index on MySQL, an expression
 * index on MariaDB), with the runtime's own DDL rules, so the problem shows in the editor
 * and in `dbgen generate`, not first when a migration runs. Warnings: the schema is valid
 * DBML, and a refusal that depends on the server (MySQL 8 has expression indexes) may not
 * apply to the one used.
 */
import { unsupportedFeatures, type SchemaIR } from '@dbgen/runtime';
import { CODES } from './codes.js';
import type { Reporter } from './context.js';

/** The dialect a `database_type` names, or null (none, or one without a dbgen dialect). */
export function dialectOfDatabaseType(databaseType: string | null): string | null {
  if (databaseType === null) return null;
  if (/mysql|mariadb/i.test(databaseType)) return 'mysql';
  if (/postgres/i.test(databaseType)) return 'postgres';
  if (/sqlite/i.test(databaseType)) return 'sqlite';
  return null;
}

/** Reports what the declared database lacks of `ir`, one warning per table or index. */
export function checkTargetDialect(
  ir: SchemaIR,
  databaseType: string | null,
  reporter: Reporter,
): void {
  const dialect = dialectOfDatabaseType(databaseType);
  if (dialect === null) return;
  for (const { error, span } of unsupportedFeatures(ir, dialect)) {
    reporter.warning(
      CODES.unsupportedFeature,
      `${error.message}; database_type is ${databaseType}`,
      span,
    );
  }
}
