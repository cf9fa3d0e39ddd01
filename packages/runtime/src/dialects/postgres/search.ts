/**
 * PostgreSQL full-text search SQL: the generated `tsvector` column (search-ddl.ts) matched
 * with `@@ plainto_tsquery(config, words)` (every word, stemmed by the configuration) and
 * ranked by `ts_rank`, which weighs the first searched column highest.
 */
import { sql } from '../../core/raw.js';
import type { TextSearchSql } from '../../core/search-contract.js';
import { SEARCH_VECTOR_COLUMN, searchLanguage } from '../../schema/search.js';

export const postgresTextSearch: TextSearchSql = ({ table, qualifier, words }) => {
  const language = searchLanguage(table.search ?? { columns: [] });
  const vector = sql.id(qualifier, SEARCH_VECTOR_COLUMN);
  const query = sql`plainto_tsquery(${language}::regconfig, ${words.join(' ')})`;
  return {
    match: sql`(${vector} @@ ${query})`,
    rank: sql`ts_rank(${vector}, ${query})`,
  };
};
