/**
 * `@dbgen softDelete: column` on a table note: checks the column (it must exist and be a
 * nullable timestamp/date, set to now on delete, or a boolean, set to true) and records it
 * in the table's ORM facts. The runtime's sessions then soft-delete and hide such rows
 * (docs/events.md).
 */
import { CODES } from './codes.js';
import { columnOf, type Reporter, type TableDraft } from './context.js';

const TIME_TYPES = new Set(['timestamp', 'timestamptz', 'date']);

export function assignSoftDeleteColumns(tables: readonly TableDraft[], reporter: Reporter): void {
  for (const table of tables) {
    const chosen = table.ext.softDeleteColumn;
    if (chosen === undefined || table.synthesized) continue;
    const where = table.extSpan ?? table.span;
    const column = columnOf(table, chosen);
    if (column === undefined) {
      reporter.error(
        CODES.badExtension,
        `@dbgen softDelete: column '${chosen}' does not exist in table '${table.name}'`,
        where,
      );
      continue;
    }
    const logical = column.type.logical;
    if (column.type.arrayDims > 0 || (!TIME_TYPES.has(logical) && logical !== 'boolean')) {
      reporter.error(
        CODES.badExtension,
        `@dbgen softDelete: column '${table.name}.${chosen}' must be a timestamp, date or boolean, found ${column.type.raw}`,
        column.span,
      );
      continue;
    }
    if (logical !== 'boolean' && !column.nullable) {
      reporter.error(
        CODES.badExtension,
        `@dbgen softDelete: column '${table.name}.${chosen}' must be nullable (NULL marks a row that is not deleted)`,
        column.span,
      );
      continue;
    }
    table.softDeleteColumn = chosen;
  }
}
