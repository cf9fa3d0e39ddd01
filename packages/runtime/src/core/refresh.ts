/**
 * Refreshing a PostgreSQL materialized view (`@dbgen view: ..., materialized`): its rows
 * are stored, and recomputed only when asked. The statement is built here and run like any
 * other (`engine.execute`, `session.execute`), so it joins the caller's transaction.
 */
import { CompileError } from './errors.js';
import { sql, type RawSql } from './raw.js';
import type { TableMembers } from './table.js';

export interface RefreshOptions {
  /**
   * `REFRESH ... CONCURRENTLY`: readers are not blocked while it runs (PostgreSQL needs a
   * unique index on the view for it, and refuses it inside a transaction block otherwise).
   */
  readonly concurrently?: boolean;
}

/** `REFRESH MATERIALIZED VIEW <view>`; throws a CompileError for anything else. */
export function refreshMaterializedView(
  view: TableMembers<unknown>,
  options: RefreshOptions = {},
): RawSql {
  if (!view.$ir.view?.materialized)
    throw new CompileError(
      `"${view.$ir.name}" is not a materialized view (declare it with @dbgen view: \`...\`, materialized)`,
    );
  const concurrently = options.concurrently ? sql.raw('CONCURRENTLY ') : sql.raw('');
  return sql`REFRESH MATERIALIZED VIEW ${concurrently}${sql.id(view.$ir.schema, view.$ir.name)}`;
}
