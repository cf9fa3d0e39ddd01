/**
 * The dialect side of full-text search (core/search.ts): what a dialect's `textSearch`
 * hook is given and what it returns. Kept apart so that dialect.ts can name the hook
 * without importing the Core function that calls it.
 */
import type { TableIR } from '../schema/ir.js';
import type { RawSql } from './raw.js';

/** What a dialect's search hook is given: the table, how the query names it, the words. */
export interface TextSearchTarget {
  readonly table: TableIR;
  /** The name the searched row's table goes by in the query (its alias, else its name). */
  readonly qualifier: string;
  /** The query's words (never empty). */
  readonly words: readonly string[];
}

/** A dialect's full-text search SQL (optional in the dialect contract). */
export type TextSearchSql = (target: TextSearchTarget) => {
  readonly match: RawSql;
  readonly rank: RawSql;
};
