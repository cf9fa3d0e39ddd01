/**
 * Views (`@dbgen view:` in a table note): a view is declared as a table whose columns
 * describe the rows it returns, so that the client types them like any table's. In the
 * database it has no indexes, checks, defaults or foreign keys: each is reported where
 * written, rather than left out of the DDL without a word.
 */
import type { SourceSpan } from '@dbgen/runtime';
import { CODES } from './codes.js';
import type { Reporter, TableDraft } from './context.js';

export function validateViews(tables: readonly TableDraft[], reporter: Reporter): void {
  const views = new Set(tables.filter((t) => t.ext.view !== undefined).map((t) => t.key));
  const report = (table: TableDraft, what: string, span: SourceSpan | undefined): void =>
    reporter.error(
      CODES.badExtension,
      `'${table.name}' is a view (@dbgen view) and cannot have ${what}`,
      span ?? table.extSpan ?? table.span,
    );
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      if (views.has(table.key)) report(table, `a foreign key (a ref to ${fk.target})`, fk.span);
      else if (views.has(fk.target)) {
        const target = tables.find((t) => t.key === fk.target);
        if (target) report(target, `a foreign key pointing at it (from ${table.name})`, fk.span);
      }
    }
    if (!views.has(table.key)) continue;
    for (const index of table.indexes) report(table, 'an index', index.span);
    for (const check of table.checks) report(table, 'a check', check.span);
    for (const column of table.columns) {
      if (column.default !== null)
        report(table, `a default (column '${column.name}')`, column.span);
      if (column.checks.length > 0) report(table, `a check (column '${column.name}')`, column.span);
      if (column.ext.generated) report(table, `a generated column ('${column.name}')`, column.span);
    }
  }
}
