/**
 * MySQL/MariaDB full-text search DDL: one FULLTEXT index over the searched columns (InnoDB
 * keeps it up to date itself). `language` has no meaning here: InnoDB's parser splits on
 * spaces and punctuation and drops its stopwords, whatever the language.
 */
import type { SearchIR } from '../../schema/ir.js';
import { searchObjectNames } from '../../schema/search.js';

/** `quote` is the dialect's identifier quoting; `tableName` its unquoted table name. */
export function createMysqlSearch(
  tableName: string,
  search: SearchIR,
  quote: (name: string) => string,
): string[] {
  const index = quote(searchObjectNames(tableName).index);
  // ALGORITHM=COPY: built in place on a table that had a FULLTEXT index before (its hidden
  // FTS_DOC_ID column stays), MariaDB 10.11 leaves the rows already there unindexed.
  return [
    `ALTER TABLE ${quote(tableName)} ADD FULLTEXT INDEX ${index} (${search.columns.map(quote).join(', ')}), ALGORITHM=COPY`,
  ];
}

export function dropMysqlSearch(tableName: string, quote: (name: string) => string): string[] {
  return [`DROP INDEX ${quote(searchObjectNames(tableName).index)} ON ${quote(tableName)}`];
}
