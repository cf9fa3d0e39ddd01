/**
 * The DDL renderer for the server a migration connection is on: the dialect's own for
 * that server (`Dialect.ddlFor`, e.g. MariaDB's or MySQL 8's) or, when the dialect's DDL
 * is the same for every server, its `ddl`. What the server lacks is refused while
 * rendering, so rendering everything a run will send, before sending any, keeps a
 * non-transactional database (MySQL) from being left half-changed.
 */
import type { DdlDialect } from '../schema/render.js';
import { renderOperations } from '../schema/render.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import type { MigrationFile } from './files.js';
import { appliedRevisions, schemaOf } from './graph.js';
import { readHistoryIfAny } from './history.js';
import { inMigration } from './in-migration.js';

/** The DDL `connection`'s server accepts. */
export async function serverDdl(connection: MigrationConnection): Promise<DdlDialect> {
  const dialect = dialectNamed(connection.dialect);
  return dialect.ddlFor ? dialect.ddlFor(connection) : dialect.ddl;
}

/**
 * Renders, for the connected server, every migration of `goal` not applied yet, in the
 * order `migrate up` runs them; throws what the server lacks (an UnsupportedFeatureError)
 * before the run applies its first migration. Reads the history without creating it, so
 * that it can run before the history tables are made: a refused run changes nothing.
 */
export async function renderPending(
  connection: MigrationConnection,
  migrations: readonly MigrationFile[],
  goal: ReadonlySet<string>,
): Promise<void> {
  const ddl = await serverDdl(connection);
  const applied = appliedRevisions(await readHistoryIfAny(connection), migrations);
  // Graph order puts parents first, so each pending migration's parents are in `state`.
  let state = schemaOf(migrations, applied);
  for (const m of migrations) {
    if (goal.has(m.revision) && !applied.has(m.revision))
      state = inMigration(m, 'up', () => renderOperations(m.up, ddl, state).state);
  }
}

/**
 * The same for a downgrade: renders the `down` of every migration it would revert (those
 * not in `keep`, or the last `steps` applied), in the order it reverts them; throws
 * before the first is reverted.
 */
export async function renderReverts(
  connection: MigrationConnection,
  migrations: readonly MigrationFile[],
  to: { readonly keep: ReadonlySet<string> } | { readonly steps: number },
): Promise<void> {
  const ddl = await serverDdl(connection);
  const applied = new Set(appliedRevisions(await readHistoryIfAny(connection), migrations));
  for (let reverted = 0; !('steps' in to) || reverted < to.steps; reverted++) {
    // As `downgrade` picks them: the applied migration last in graph order.
    const m = migrations.findLast(
      (x) => applied.has(x.revision) && !('keep' in to && to.keep.has(x.revision)),
    );
    if (m === undefined) return;
    // From what the applied migrations hold, as the run renders each.
    const before = schemaOf(migrations, applied);
    inMigration(m, 'down', () => renderOperations(m.down, ddl, before));
    applied.delete(m.revision);
  }
}
