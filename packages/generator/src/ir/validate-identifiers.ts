/**
 * Names a database cannot take, or takes as one: an empty identifier (`Table "" {}`,
 * `"" text`) no database accepts, and two tables of one schema whose names differ only in
 * case, which SQLite (and MySQL on a case-insensitive file system) takes as one table.
 * PostgreSQL keeps quoted names apart, so the latter is an error only when the project's
 * `database_type` folds case (SQLite), and a warning otherwise. And names PostgreSQL cuts
 * to one (it keeps 63 bytes).
 */
import { CODES } from './codes.js';
import type { Reporter, TableDraft } from './context.js';
import { validateCaseFoldedColumns } from './validate-column-case.js';

/** Every empty table or column name, as an error at its place in the file. */
export function validateEmptyNames(tables: readonly TableDraft[], reporter: Reporter): void {
  for (const table of tables) {
    if (table.name.trim() === '') {
      reporter.error(
        CODES.emptyName,
        `a table name is empty; no database takes an empty name`,
        table.span,
      );
    }
    for (const column of table.columns) {
      if (column.name.trim() !== '') continue;
      reporter.error(
        CODES.emptyName,
        `a column name of table '${table.name}' is empty; no database takes an empty name`,
        column.span,
      );
    }
  }
}

/** Tables of one schema whose names are one name to a database that ignores case. */
export function validateCaseFoldedNames(
  tables: readonly TableDraft[],
  dialect: string | null,
  reporter: Reporter,
): void {
  const seen = new Map<string, TableDraft>();
  for (const table of tables) {
    const key = `${table.schema}.${table.name.toLowerCase()}`;
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, table);
      continue;
    }
    if (other.name === table.name) continue; // a duplicate, reported elsewhere
    const message = `tables '${other.name}' and '${table.name}' differ only in case: SQLite, and MySQL on a case-insensitive file system, take them as one table`;
    if (dialect === 'sqlite') reporter.error(CODES.caseFoldedName, message, table.span);
    else if (dialect !== 'postgres') reporter.warning(CODES.caseFoldedName, message, table.span);
  }
  validateCaseFoldedColumns(tables, dialect, reporter);
  validateTruncatedNames(tables, dialect, reporter);
}

/** How many bytes of a name PostgreSQL keeps (NAMEDATALEN - 1); it drops the rest. */
const POSTGRES_NAME_BYTES = 63;

/** The part of `name` PostgreSQL keeps: its first 63 bytes, never half a character. */
function postgresName(name: string): string {
  let bytes = 0;
  let kept = '';
  for (const char of name) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > POSTGRES_NAME_BYTES) break;
    kept += char;
  }
  return kept;
}

/**
 * Tables of one schema, or columns of one table, that PostgreSQL takes as one name: it cuts
 * a longer name to its first 63 bytes (with a notice), so `CREATE TABLE` fails ("specified
 * more than once") or, for tables, the second is refused as existing.
 */
function validateTruncatedNames(
  tables: readonly TableDraft[],
  dialect: string | null,
  reporter: Reporter,
): void {
  if (dialect === 'sqlite' || dialect === 'mysql') return;
  const report = (message: string, span: TableDraft['span']): void =>
    reporter.error(
      CODES.truncatedName,
      `${message}: PostgreSQL keeps the first ${POSTGRES_NAME_BYTES} bytes of a name, so they are one name there; shorten one`,
      span,
    );
  const seen = new Map<string, TableDraft>();
  for (const table of tables) {
    const key = `${table.schema}.${postgresName(table.name)}`;
    const other = seen.get(key);
    if (other === undefined) seen.set(key, table);
    else if (other.name !== table.name)
      report(`tables '${other.name}' and '${table.name}'`, table.span);
    const columns = new Map<string, string>();
    for (const column of table.columns) {
      const cut = postgresName(column.name);
      const first = columns.get(cut);
      if (first === undefined) columns.set(cut, column.name);
      else if (first !== column.name)
        report(`columns '${first}' and '${column.name}' of table '${table.name}'`, column.span);
    }
  }
}
