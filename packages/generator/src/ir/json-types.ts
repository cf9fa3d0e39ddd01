/**
 * `@dbgen type: Address` on a json/jsonb column: the generated client types the column's
 * values as `Address` instead of `JsonValue`, imported from the module named once in the
 * project (`dbgen_types: './json-types.js'`) or, for one table, in its note
 * (`@dbgen types: '...'`). Like Drizzle's `$type<T>()` and Prisma's typed JSON, this is a
 * promise of the schema's author, not a check: the runtime still checks only that values
 * are JSON (docs/schema.md, "Typed JSON columns").
 */
import { CODES } from './codes.js';
import type { Reporter, TableDraft } from './context.js';

export function assignJsonTypes(
  tables: readonly TableDraft[],
  projectModule: string | null,
  reporter: Reporter,
): void {
  for (const table of tables) {
    const module = table.ext.typesModule ?? projectModule;
    for (const column of table.columns) {
      const name = column.ext.type;
      if (name === undefined) continue;
      const where = column.extSpan ?? column.span;
      const { logical, arrayDims, raw } = column.type;
      if (arrayDims > 0 || (logical !== 'json' && logical !== 'jsonb')) {
        reporter.error(
          CODES.badExtension,
          `@dbgen type: column '${table.name}.${column.name}' is ${raw}; a TypeScript type can be named only for a json or jsonb column`,
          where,
        );
        continue;
      }
      if (module === null || module === '') {
        reporter.error(
          CODES.badExtension,
          `@dbgen type: ${name} on column '${table.name}.${column.name}' needs the module to import it from: ` +
            `add dbgen_types: './json-types.js' to the Project, or @dbgen types: '...' to the table's note`,
          where,
        );
        continue;
      }
      column.ext = { ...column.ext, typeFrom: module };
    }
  }
}
