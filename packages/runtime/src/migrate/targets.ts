/**
 * Naming migrations: where a target (`head`, `base`, a revision, its prefix, a file number
 * or name) points, the schema a prefix of the migrations builds, and a migration's label
 * in messages.
 */
import type { SchemaIR } from '../schema/ir.js';
import { applyOperations, emptySchema } from '../schema/state.js';
import type { MigrationFile } from './files.js';
import type { TargetPoint } from './graph.js';
import { MigrationFailedError } from './run-errors.js';
import { inMigration } from './in-migration.js';

/**
 * Where a target points: `'heads'` for `head` (or `heads`: with several heads, all of
 * them), else an index into `migrations`, -1 for `base` (nothing applied). See `revisionsAt`.
 */
export function resolveTarget(migrations: readonly MigrationFile[], target: string): TargetPoint {
  if (target === 'head' || target === 'heads') return 'heads';
  if (target === 'base') return -1;
  const matches = migrations
    .map((m, index) => ({ m, index }))
    .filter(
      ({ m }) => m.revision === target || m.revision.startsWith(target) || namedBy(m, target),
    );
  const exact = matches.find(({ m }) => m.revision === target);
  if (exact) return exact.index;
  if (matches.length === 1 && matches[0]) return matches[0].index;
  throw new MigrationFailedError(
    matches.length === 0
      ? `no migration matches "${target}" (use a revision, its prefix, a file number like 0002, head or base)`
      : `"${target}" matches several migrations: ${matches.map(({ m }) => m.revision).join(', ')}`,
  );
}

/** The schema after the first `count` migrations' `up`. */
export function stateAfter(migrations: readonly MigrationFile[], count: number): SchemaIR {
  return migrations
    .slice(0, count)
    .reduce((state, m) => inMigration(m, 'up', () => applyOperations(state, m.up)), emptySchema());
}

/** Whether `target` is `m`'s file number (`0002` of `0002_add_age.js`) or its name. */
export function namedBy(m: MigrationFile, target: string): boolean {
  return m.name === target || fileName(m).startsWith(`${target}_`);
}

const fileName = (m: MigrationFile): string => m.path.split(/[\\/]/).pop() ?? m.name;

export function migrationLabel(m: MigrationFile): string {
  return `${fileName(m)} (${m.revision})`;
}

/** {@link migrationLabel} of `revision`'s file among `migrations`, else `revision <rev>`. */
export function labelOfRevision(migrations: readonly MigrationFile[], revision: string): string {
  const migration = migrations.find((m) => m.revision === revision);
  return migration === undefined ? `revision ${revision}` : migrationLabel(migration);
}
