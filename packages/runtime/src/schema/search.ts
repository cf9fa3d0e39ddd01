/**
 * Full-text search (`@dbgen search:` on a table): the names of what each dialect keeps
 * for it and how a user's query text becomes search terms. Shared by the DDL (dialects),
 * the Core's `textSearch` and introspection, so all three agree on the names.
 */
import type { SearchIR } from './ir.js';

/** The PostgreSQL `tsvector` generated column dbgen adds to a searchable table. */
export const SEARCH_VECTOR_COLUMN = 'search_vector';

/** Names of the objects that back a table's search, per dialect. */
export function searchObjectNames(table: string): {
  /** PostgreSQL's GIN index on the vector column; MySQL's FULLTEXT index. */
  readonly index: string;
  /** SQLite's FTS5 table. */
  readonly ftsTable: string;
  /** SQLite's sync triggers: after insert, delete, update. */
  readonly triggers: readonly [string, string, string];
} {
  return {
    index: `${table}_search_idx`,
    ftsTable: `${table}_fts`,
    triggers: [`${table}_fts_insert`, `${table}_fts_delete`, `${table}_fts_update`],
  };
}

/** The configuration searched with when the schema names none. */
export function searchLanguage(search: SearchIR): string {
  return search.language ?? 'simple';
}

/**
 * The words of a user's query: letters and digits in runs, everything else a separator.
 * Each dialect then asks for rows holding every word, so punctuation never reaches a
 * query syntax (FTS5's `NEAR`, `-`, quotes; MySQL's boolean operators) as an operator.
 */
export function searchWords(query: string): string[] {
  return query.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Relative weights of the searched columns, first column heaviest (PostgreSQL's A..D). */
export const SEARCH_WEIGHTS: readonly { readonly letter: string; readonly weight: number }[] = [
  { letter: 'A', weight: 1.0 },
  { letter: 'B', weight: 0.4 },
  { letter: 'C', weight: 0.2 },
  { letter: 'D', weight: 0.1 },
];

/** The weight of the column at `position` (columns past the fourth share D's). */
export function searchWeight(position: number): { letter: string; weight: number } {
  return SEARCH_WEIGHTS[Math.min(position, SEARCH_WEIGHTS.length - 1)] as {
    letter: string;
    weight: number;
  };
}
