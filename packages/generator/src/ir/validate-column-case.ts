/**
 * Two columns of one table whose names differ only in case (`x` and `"X"`). SQLite and
 * MySQL/MariaDB compare column names without case, so the CREATE TABLE fails there
 * ("duplicate column name"): an error unless the schema declares PostgreSQL (which keeps
 * quoted names apart) as its `database_type`. No database declared counts as any of
 * them, as for tables (DBML249, validate-identifiers.ts) but stricter: a table name folds
 * only on some file systems, a column name always.
 */
import { CODES } from './codes.js';
import type { Reporter, TableDraft } from './context.js';

/** Reports each column whose name another column of its table has but for case. */
export function validateCaseFoldedColumns(
  tables: readonly TableDraft[],
  dialect: string | null,
  reporter: Reporter,
): void {
  if (dialect === 'postgres') return;
  const databases =
    dialect === 'sqlite' ? 'SQLite' : dialect === 'mysql' ? 'MySQL' : 'SQLite and MySQL';
  for (const table of tables) {
    // Most tables have no such pair: a map only of the lower-cased names seen.
    const seen = new Map<string, string>();
    for (const column of table.columns) {
      const folded = column.name.toLowerCase();
      const other = seen.get(folded);
      if (other === undefined) {
        seen.set(folded, column.name);
        continue;
      }
      if (other === column.name) continue; // a duplicate, reported as DBML211
      reporter.error(
        CODES.caseFoldedName,
        `columns '${other}' and '${column.name}' of table '${table.name}' differ only in case: ${databases} take${dialect === null ? '' : 's'} them as one column ("duplicate column name"); rename one (or declare database_type: 'PostgreSQL', which keeps them apart)`,
        column.span,
      );
    }
  }
}
