/**
 * Reading a table's full-text search back from MySQL/MariaDB: its FULLTEXT index (named
 * by search-ddl.ts) is the table's `@dbgen search:`, not an index of the schema. The
 * language is not kept by the server (InnoDB's parser has none), so none is read back.
 */
import type { TableIR } from '../../schema/ir.js';
import { searchObjectNames } from '../../schema/search.js';

export function foldMysqlSearch(table: TableIR): TableIR {
  const name = searchObjectNames(table.name).index;
  const index = table.indexes.find((i) => i.name === name && i.type?.toLowerCase() === 'fulltext');
  if (index === undefined) return table;
  return {
    ...table,
    indexes: table.indexes.filter((i) => i !== index),
    search: { columns: index.parts.flatMap((p) => (p.kind === 'column' ? [p.name] : [])) },
  };
}
