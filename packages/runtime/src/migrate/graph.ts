/**
 * Migrations form a graph, as Alembic's do: each migration names its parent (or, for a
 * merge migration, its parents), so two developers who each add a migration on their own
 * branch give two heads, and a merge migration (parents = both heads, no operations)
 * joins them again. Everything else sees the graph through this file:
 *
 * - a stable topological order (each migration after all its parents; between
 *   migrations that do not depend on each other, the file name decides), which is
 *   exactly the old chain order for a history without branches;
 * - the heads; the revisions a target stands for (a revision and its ancestors);
 * - which revisions the history table says are applied, and the schema they leave.
 *
 * The history table records every applied revision (not only the heads, as Alembic's
 * `alembic_version` does), so a database migrated before branches existed reads the same.
 */
import { basename } from 'node:path';
import type { SchemaIR } from '../schema/ir.js';
import { applyOperations, emptySchema } from '../schema/state.js';
import { MigrationFileError, type MigrationFile } from './files.js';
import { MigrationHistoryError, verifyHistory, type HistoryRow } from './history.js';
import { inMigration } from './in-migration.js';

/**
 * `migrations` (in file-name order) in a stable topological order: each after all its
 * parents; among those ready at once, the one whose file name sorts first. Throws
 * {@link MigrationFileError} for a parent no file has, or a cycle.
 */
export function orderMigrations(
  migrations: readonly MigrationFile[],
  dir: string,
): MigrationFile[] {
  const byRevision = new Map(migrations.map((m) => [m.revision, m]));
  for (const m of migrations) {
    const missing = m.parents.find((p) => !byRevision.has(p));
    if (missing !== undefined) {
      throw new MigrationFileError(`${m.path}: its parent ${missing} is not a migration in ${dir}`);
    }
  }
  const ordered: MigrationFile[] = [];
  const placed = new Set<string>();
  const waiting = [...migrations];
  while (waiting.length > 0) {
    const ready = waiting.findIndex((m) => m.parents.every((p) => placed.has(p)));
    if (ready === -1) {
      throw new MigrationFileError(
        `the parents of ${waiting.map((m) => basename(m.path)).join(', ')} form a cycle; a migration cannot follow itself`,
      );
    }
    const [next] = waiting.splice(ready, 1);
    if (!next) break;
    ordered.push(next);
    placed.add(next.revision);
  }
  return ordered;
}

/** The migrations no other migration follows, in order (one for a history without branches). */
export function headsOf(migrations: readonly MigrationFile[]): MigrationFile[] {
  const followed = new Set(migrations.flatMap((m) => m.parents));
  return migrations.filter((m) => !followed.has(m.revision));
}

/** Migrations that follow `revision` (its children). */
export function childrenOf(
  migrations: readonly MigrationFile[],
  revision: string,
): MigrationFile[] {
  return migrations.filter((m) => m.parents.includes(revision));
}

/** `revision` and every migration it descends from. */
export function ancestry(migrations: readonly MigrationFile[], revision: string): Set<string> {
  const byRevision = new Map(migrations.map((m) => [m.revision, m]));
  const out = new Set<string>();
  const stack = [revision];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (out.has(next)) continue;
    out.add(next);
    stack.push(...(byRevision.get(next)?.parents ?? []));
  }
  return out;
}

/**
 * Where a target points (see `resolveTarget`): `'heads'` for `head`/`heads` (every head,
 * so with branches every migration), or one migration by index, -1 being base (none).
 * Heads have their own value: a revision that happens to sort last in graph order is one
 * branch's head, and stands for its own ancestry only.
 */
export type TargetPoint = 'heads' | number;

/** The revisions applied once the database is at `at`: every migration for `'heads'`, else the migration and its ancestors. */
export function revisionsAt(migrations: readonly MigrationFile[], at: TargetPoint): Set<string> {
  // Every migration is an ancestor of some head, so all heads means all migrations.
  if (at === 'heads') return new Set(migrations.map((x) => x.revision));
  const m = migrations[at];
  return m ? ancestry(migrations, m.revision) : new Set();
}

/**
 * The revisions the history table records as applied, checked against the files (a
 * missing or changed file is an error naming the fix, see `verifyHistory`) and against
 * the graph: an applied migration whose parent is not applied cannot be.
 */
export function appliedRevisions(
  history: readonly HistoryRow[],
  migrations: readonly MigrationFile[],
): Set<string> {
  verifyHistory(history, migrations);
  const applied = new Set(history.map((row) => row.revision));
  for (const m of migrations) {
    if (!applied.has(m.revision)) continue;
    const missing = m.parents.find((p) => !applied.has(p));
    if (missing !== undefined) {
      throw new MigrationHistoryError(
        `${basename(m.path)} (revision ${m.revision}) is recorded as applied but its parent ${missing} is not. ` +
          `Record what the database really holds with \`dbgen migrate stamp <rev>\` (runs no migration).`,
      );
    }
  }
  return applied;
}

/** The schema `applied` leaves: the replay of their `up` operations, in graph order. */
export function schemaOf(
  migrations: readonly MigrationFile[],
  applied: ReadonlySet<string>,
): SchemaIR {
  return migrations
    .filter((m) => applied.has(m.revision))
    .reduce((state, m) => inMigration(m, 'up', () => applyOperations(state, m.up)), emptySchema());
}

/** The applied migrations no applied migration follows: where the database is. */
export function appliedHeads(
  migrations: readonly MigrationFile[],
  applied: ReadonlySet<string>,
): MigrationFile[] {
  return headsOf(migrations.filter((m) => applied.has(m.revision)));
}

/** Several heads where one is needed (`migrate new`): names them and the fix. */
export class MultipleHeadsError extends Error {
  constructor(
    readonly heads: readonly MigrationFile[],
    action: string,
  ) {
    super(
      `the migrations have ${heads.length} heads (${heads.map((h) => `${basename(h.path)} (${h.revision})`).join(', ')}), ` +
        `so ${action} would not know which to follow; join them first with \`dbgen migrate merge\``,
    );
    this.name = 'MultipleHeadsError';
  }
}
