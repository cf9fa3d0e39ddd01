/**
 * SQLite full-text search SQL: rows whose rowid the FTS5 table (search-ddl.ts) matches,
 * each word quoted as an FTS5 string so that none reads as an operator (`NEAR`, `AND`).
 * The rank is `-bm25(...)` (bm25 is lower for better matches; negated so that higher is
 * better everywhere), with the columns weighted as PostgreSQL weighs A, B, C, D.
 */
import { sql } from '../../core/raw.js';
import type { TextSearchSql } from '../../core/search-contract.js';
import { searchObjectNames, searchWeight } from '../../schema/search.js';
import { sqliteTableName } from './ddl.js';

export const sqliteTextSearch: TextSearchSql = ({ table, qualifier, words }) => {
  const fts = sql.id(searchObjectNames(sqliteTableName(table.schema, table.name)).ftsTable);
  const expression = words.map((w) => `"${w}"`).join(' ');
  const weights = sql.raw(
    (table.search?.columns ?? []).map((_, i) => searchWeight(i).weight.toFixed(1)).join(', '),
  );
  const row = sql.id(qualifier, 'rowid');
  return {
    match: sql`${row} in (select rowid from ${fts} where ${fts} match ${expression})`,
    // The ranks of all matches in a MATERIALIZED CTE, computed once and looked up per row:
    // a correlated MATCH (or a plain derived table, which SQLite flattens into the
    // correlated query) runs the full-text query once per row, 100 times slower on 20,000
    // rows (see docs/schema.md).
    rank: sql`coalesce((with ranked as materialized (select rowid as id, -bm25(${fts}, ${weights}) as score from ${fts} where ${fts} match ${expression}) select score from ranked where ranked.id = ${row}), 0)`,
  };
};
