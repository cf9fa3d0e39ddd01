/**
 * MySQL/MariaDB full-text search SQL over the FULLTEXT index (search-ddl.ts). The condition
 * asks, in boolean mode, for rows holding every word, as the other dialects do; the rank is
 * natural-language relevance, higher for better matches. MATCH must name exactly the
 * index's columns, in its order.
 *
 * dbgen's MySQL text columns use a binary collation (utf8mb4_nopad_bin: the same comparisons
 * as PostgreSQL and SQLite), and a FULLTEXT index compares words by its columns'
 * collation: `bread` does not find `Bread`. Each word is therefore asked for as written,
 * in lower case, capitalised and in upper case (`+(bread Bread BREAD)`): the spellings
 * text is written in. A word in other mixed case (`bReAd`) is not found.
 */
import { sql } from '../../core/raw.js';
import type { TextSearchSql } from '../../core/search-contract.js';

function spellings(word: string): string[] {
  const lower = word.toLowerCase();
  const capital = lower.charAt(0).toUpperCase() + lower.slice(1);
  return [...new Set([word, lower, capital, word.toUpperCase()])];
}

export const mysqlTextSearch: TextSearchSql = ({ table, qualifier, words }) => {
  const columns = sql.join((table.search?.columns ?? []).map((c) => sql.id(qualifier, c)));
  const every = words.map((w) => `+(${spellings(w).join(' ')})`).join(' ');
  const any = words.flatMap(spellings).join(' ');
  return {
    match: sql`match (${columns}) against (${every} in boolean mode)`,
    rank: sql`match (${columns}) against (${any} in natural language mode)`,
  };
};
