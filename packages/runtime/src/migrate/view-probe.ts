/**
 * Which live views `dbgen push` must make anew because their query changed. PostgreSQL
 * and MySQL/MariaDB keep a view's query rewritten (names qualified, parentheses and casts
 * added, `SELECT *` expanded), so the schema's query cannot be compared with it as text.
 * The database is asked instead: the wanted query is made into a throwaway view, and
 * what the database keeps of it is compared with what it keeps of the live view. SQLite
 * keeps the query as written, so the two texts are compared directly. Both sides compare
 * in the canonical spelling of ./sql-expression.ts (tokens; quotes, case of keywords and
 * spacing aside).
 */
import type { SchemaIR, TableIR } from '../schema/ir.js';
import { quoteIdent } from '../schema/render.js';
import type { MigrationConnection } from './connection.js';
import { expressionKey } from './sql-expression.js';

const PROBE = '_dbgen_view_probe';

/** What the server keeps of `query` as a view's query, or null when it refuses it. */
async function keptQuery(connection: MigrationConnection, query: string): Promise<string | null> {
  const name = quoteIdent(PROBE);
  if (connection.dialect === 'postgres') {
    // A temporary view: gone with the session whatever happens, seen by no one else.
    try {
      await connection.query(`CREATE OR REPLACE TEMPORARY VIEW ${name} AS ${query}`);
      const [row] = await connection.query(
        `SELECT pg_get_viewdef('pg_temp.${name}'::regclass, true) AS v`,
      );
      return String(row?.['v'] ?? '')
        .trim()
        .replace(/;$/, '');
    } catch {
      return null; // reads what does not exist yet: made anew either way
    } finally {
      await connection.query(`DROP VIEW IF EXISTS pg_temp.${name}`).catch(() => undefined);
    }
  }
  // MySQL/MariaDB have no temporary views: a view of dbgen's own name, dropped at once.
  try {
    await connection.query(`CREATE OR REPLACE VIEW ${name} AS ${query}`);
    const [row] = await connection.query(
      `SELECT VIEW_DEFINITION AS v FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${PROBE}'`,
    );
    return String(row?.['v'] ?? '');
  } catch {
    return null;
  } finally {
    await connection.query(`DROP VIEW IF EXISTS ${name}`).catch(() => undefined);
  }
}

/**
 * The keys of the views in both `live` and `wanted` whose query is not the wanted one.
 * Views whose query is the same text need no asking.
 */
export async function changedViewQueries(
  connection: MigrationConnection,
  live: SchemaIR,
  wanted: SchemaIR,
): Promise<Set<string>> {
  const changed = new Set<string>();
  for (const view of wanted.tables.filter((t): t is TableIR & { view: object } => !!t.view)) {
    const twin = live.tables.find((t) => t.key === view.key)?.view;
    const query = view.view?.sql ?? '';
    if (!twin || expressionKey(twin.sql) === expressionKey(query)) continue;
    if (connection.dialect !== 'postgres' && connection.dialect !== 'mysql') {
      changed.add(view.key); // kept as written (SQLite): the texts differ, so do the queries
      continue;
    }
    const kept = await keptQuery(connection, query);
    if (kept === null || expressionKey(kept) !== expressionKey(twin.sql)) changed.add(view.key);
  }
  return changed;
}
