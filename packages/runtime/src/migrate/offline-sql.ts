/**
 * `migrate up --sql` / `down --sql`: the SQL a run would send, rendered without a database
 * (Alembic's offline mode), in the order the runner walks the migration graph.
 */
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationFile } from './files.js';
import { revisionsAt, schemaOf, type TargetPoint } from './graph.js';
import { historyTableSql } from './history.js';
import { migrationLabel } from './targets.js';
import { offlineSessionLines } from './offline-session.js';
import {
  quoteIdent,
  renderOperations,
  type DialectName,
  type RenderedStep,
} from '../schema/render.js';

/** A step's lines in `--sql` output; a data step is code, so it is named, not printed. */
function offlineLines(step: RenderedStep): string[] {
  return step.operation.kind === 'data'
    ? [`-- data step "${step.operation.name}": runs only against a database (migrate up/down)`]
    : step.statements.map((x) => `${x};`);
}

/**
 * The SQL `upgrade`/`downgrade` would run from `from` to `to`, for `--sql` (no database).
 * Each is a target point (see `resolveTarget`: every head, or a migration and its
 * ancestors, -1 for none) or the set of applied revisions.
 */
export function offlineSql(
  migrations: readonly MigrationFile[],
  dialect: DialectName,
  direction: 'up' | 'down',
  from: TargetPoint | ReadonlySet<string>,
  to: TargetPoint | ReadonlySet<string>,
): string {
  const out: string[] = offlineSessionLines(dialectNamed(dialect));
  const start = typeof from === 'object' ? new Set(from) : revisionsAt(migrations, from);
  const goal = typeof to === 'object' ? to : revisionsAt(migrations, to);
  const recordLiteral = (m: MigrationFile): string =>
    `INSERT INTO ${quoteIdent('dbgen_migrations')} ("revision", "name", "checksum") VALUES ('${m.revision}', '${m.name.replace(/'/g, "''")}', '${m.checksum}');`;
  if (direction === 'up') {
    if (start.size === 0) out.push(`${historyTableSql(dialect)};`, '');
    for (const m of migrations) {
      if (start.has(m.revision) || !goal.has(m.revision)) continue;
      const { steps } = renderOperations(
        m.up,
        dialectNamed(dialect).ddl,
        schemaOf(migrations, start),
      );
      start.add(m.revision);
      out.push(
        `-- ${migrationLabel(m)}: upgrade`,
        'BEGIN;',
        ...steps.flatMap(offlineLines),
        recordLiteral(m),
        'COMMIT;',
        '',
      );
    }
  } else {
    for (const m of [...migrations].reverse()) {
      if (!start.has(m.revision) || goal.has(m.revision)) continue;
      const { steps } = renderOperations(
        m.down,
        dialectNamed(dialect).ddl,
        schemaOf(migrations, start),
      );
      start.delete(m.revision);
      out.push(
        `-- ${migrationLabel(m)}: downgrade`,
        'BEGIN;',
        ...steps.flatMap(offlineLines),
        `DELETE FROM ${quoteIdent('dbgen_migrations')} WHERE "revision" = '${m.revision}';`,
        'COMMIT;',
        '',
      );
    }
  }
  return out.join('\n');
}
