/**
 * Full-text search in the Core: `textSearch(engine, posts, 'quick fox')` gives a condition
 * (rows holding every word of the query) and a rank (higher is a better match) over the
 * columns the schema's `@dbgen search:` names. Each dialect writes its own SQL through the
 * {@link TextSearchSql} hook (PostgreSQL `@@` and `ts_rank`, SQLite FTS5 `MATCH` and
 * `bm25`, MySQL/MariaDB `MATCH ... AGAINST`); docs/schema.md lists where they differ.
 */
import { searchWords } from '../schema/search.js';
import type { SqlDialect } from './dialect.js';
import { CompileError } from './errors.js';
import type { Expression } from './expression.js';
import { sql } from './raw.js';
import type { TextSearchSql } from './search-contract.js';
import type { TableMembers } from './table.js';

export interface TextSearch {
  /** True for the rows that hold every word of the query (in a searched column). */
  readonly match: Expression<boolean>;
  /** How well a row matches: higher is better; order by it descending. */
  readonly rank: Expression<number>;
}

/**
 * The condition and rank of a full-text search of `table` for the words of `query`.
 * `on` is the engine (or anything with its `dialect`). Punctuation in the query only
 * separates words: no query operators reach the database. A query without words matches
 * nothing. Throws a CompileError when the table has no `@dbgen search:`, or the dialect
 * has no full-text search.
 */
export function textSearch(
  on: { readonly dialect: SqlDialect },
  table: TableMembers<unknown>,
  query: string,
): TextSearch {
  const ir = table.$ir;
  if (ir.search === undefined)
    throw new CompileError(
      `table "${ir.name}" has no full-text search; declare one in its note: @dbgen search: (column, ...)`,
    );
  const hook = on.dialect.textSearch;
  if (hook === undefined)
    throw new CompileError(`the ${on.dialect.name} dialect has no full-text search`);
  const words = searchWords(query);
  if (words.length === 0) {
    return {
      match: sql.raw('1 = 0').asExpression<boolean>(),
      // Not the literal `0`: SQLite and MySQL read an integer in ORDER BY as a column number.
      rank: sql.raw('(1 - 1)').asExpression<number>(),
    };
  }
  const { match, rank } = hook({ table: ir, qualifier: table.$aliasName ?? table.$name, words });
  return { match: match.asExpression<boolean>(), rank: rank.asExpression<number>() };
}
