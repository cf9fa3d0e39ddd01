/**
 * PostgreSQL full-text search DDL: a stored generated `tsvector` column built from the
 * searched columns (each weighted, first heaviest, so a title hit outranks a body hit) and
 * a GIN index on it. Dropping removes the column, which takes its index along.
 */
import type { SearchIR, TableKey } from '../../schema/ir.js';
import { quoteIdent, quoteString, splitKey } from '../../schema/render.js';
import {
  SEARCH_VECTOR_COLUMN,
  searchLanguage,
  searchObjectNames,
  searchWeight,
} from '../../schema/search.js';

/** The expression the generated column holds (immutable, as PostgreSQL requires). */
export function postgresSearchVector(search: SearchIR): string {
  const config = `${quoteString(searchLanguage(search))}::regconfig`;
  return search.columns
    .map(
      (c, i) =>
        `setweight(to_tsvector(${config}, coalesce(${quoteIdent(c)}::text, '')), '${searchWeight(i).letter}')`,
    )
    .join(' || ');
}

export function createPostgresSearch(key: TableKey, search: SearchIR): string[] {
  const [schema, name] = splitKey(key);
  const table = `${quoteIdent(schema)}.${quoteIdent(name)}`;
  return [
    `ALTER TABLE ${table} ADD COLUMN ${quoteIdent(SEARCH_VECTOR_COLUMN)} tsvector GENERATED ALWAYS AS (${postgresSearchVector(search)}) STORED`,
    `CREATE INDEX ${quoteIdent(searchObjectNames(name).index)} ON ${table} USING gin (${quoteIdent(SEARCH_VECTOR_COLUMN)})`,
  ];
}

export function dropPostgresSearch(key: TableKey): string[] {
  const [schema, name] = splitKey(key);
  return [
    `ALTER TABLE ${quoteIdent(schema)}.${quoteIdent(name)} DROP COLUMN ${quoteIdent(SEARCH_VECTOR_COLUMN)}`,
  ];
}
