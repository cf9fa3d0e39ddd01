/**
 * Reading a table's full-text search back from PostgreSQL: the generated `tsvector`
 * column that search-ddl.ts adds is not a column of the schema but its `@dbgen search:`,
 * so it is taken out of the columns (with its GIN index), and the searched columns and
 * configuration are read from its expression as PostgreSQL keeps it:
 * `(setweight(to_tsvector('english'::regconfig, COALESCE((title)::text, ''::text)), 'A'::"char") || ...)`.
 */
import type { SearchIR, TableIR } from '../../schema/ir.js';
import { SEARCH_VECTOR_COLUMN, searchObjectNames } from '../../schema/search.js';

const CONFIG = /to_tsvector\('((?:[^']|'')+)'::regconfig/i;
const COLUMN = /COALESCE\(\(?"?((?:[^"(),]|"")+?)"?\)?(?:::[a-z ]+)?, ''/gi;

export function foldPostgresSearch(table: TableIR): TableIR {
  const vector = table.columns.find(
    (c) => c.name === SEARCH_VECTOR_COLUMN && c.type.raw === 'tsvector' && c.generated,
  );
  if (vector?.generated === undefined) return table;
  const expression = vector.generated.expression;
  const columns = [...expression.matchAll(COLUMN)].map((m) => (m[1] ?? '').replace(/""/g, '"'));
  const language = CONFIG.exec(expression)?.[1]?.replace(/''/g, "'");
  const search: SearchIR = {
    columns,
    ...(language !== undefined && language !== 'simple' ? { language } : {}),
  };
  const index = searchObjectNames(table.name).index;
  return {
    ...table,
    columns: table.columns.filter((c) => c !== vector),
    indexes: table.indexes.filter((i) => i.name !== index),
    search,
  };
}
