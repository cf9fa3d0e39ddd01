/**
 * Full-text search (`@dbgen search: (title, body)` in a table note): the searched columns
 * must exist and hold text, and a view has no search of its own (search its table).
 * Each mistake is reported where the note is; the search is then left out of the IR.
 */
import { CODES } from './codes.js';
import { columnOf, type Reporter, type TableDraft } from './context.js';

/** The name of the `tsvector` column (the runtime's SEARCH_VECTOR_COLUMN). */
const SEARCH_VECTOR_COLUMN = 'search_vector';

const TEXT_TYPES = new Set(['text', 'varchar', 'char']);

export function validateSearch(tables: readonly TableDraft[], reporter: Reporter): void {
  for (const table of tables) {
    const columns = table.ext.search;
    if (columns === undefined) continue;
    const where = table.extSpan ?? table.span;
    const problems: string[] = [];
    if (table.ext.view !== undefined) problems.push('a view cannot have a search');
    for (const name of columns) {
      const column = columnOf(table, name);
      if (column === undefined) problems.push(`column '${name}' does not exist`);
      else if (!TEXT_TYPES.has(column.type.logical) || column.type.arrayDims > 0)
        problems.push(`column '${name}' is ${column.type.raw}, not text (text, varchar, char)`);
    }
    if (new Set(columns).size !== columns.length) problems.push('a column is named twice');
    // PostgreSQL keeps the search in a generated column of this name (docs/schema.md).
    if (columnOf(table, SEARCH_VECTOR_COLUMN) !== undefined)
      problems.push(
        `its column '${SEARCH_VECTOR_COLUMN}' is the name PostgreSQL's search column takes`,
      );
    for (const problem of problems) {
      reporter.error(CODES.badExtension, `@dbgen search on '${table.name}': ${problem}`, where);
    }
    if (problems.length > 0) {
      delete table.ext.search;
      delete table.ext.searchLanguage;
    }
  }
}
