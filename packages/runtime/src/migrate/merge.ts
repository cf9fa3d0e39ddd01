/**
 * `migrate merge`: joins the heads of a branched history with a merge migration, as
 * `alembic merge` does. The merge migration follows every head (`parent` is the list of
 * their revisions) and has no operations; once it exists there is one head again, and
 * `migrate new` can follow it.
 */
import { basename } from 'node:path';
import { writeMigration, type MigrationFile, type SourceFormatter } from './files.js';
import { headsOf, schemaOf } from './graph.js';
import { loadMigrations } from './load.js';
import { MigrationStateError } from '../schema/state.js';

export type MergeResult =
  | { readonly written: true; readonly path: string; readonly heads: readonly MigrationFile[] }
  | { readonly written: false; readonly heads: readonly MigrationFile[] };

/**
 * Writes a merge migration of every head in `dir`; with one head (or none) there is
 * nothing to merge and nothing is written. Branches that cannot both be applied (both
 * add the same column, say) are refused, naming what collides.
 */
export async function mergeHeads(
  dir: string,
  message?: string,
  options: { readonly format?: SourceFormatter } = {},
): Promise<MergeResult> {
  const migrations = await loadMigrations(dir);
  const heads = headsOf(migrations);
  if (heads.length < 2) return { written: false, heads };
  try {
    schemaOf(migrations, new Set(migrations.map((m) => m.revision)));
  } catch (error) {
    if (!(error instanceof MigrationStateError)) throw error;
    throw new MigrationStateError(
      `the branches ending at ${heads.map((h) => basename(h.path)).join(' and ')} cannot both be applied: ${error.message}. ` +
        'Change one branch (or add a migration on it) so that they no longer collide, then merge.',
    );
  }
  const name = message ?? `merge ${heads.map((h) => h.revision).join(' and ')}`;
  const parents = heads.map((h) => h.revision);
  const path = await writeMigration(dir, name, parents, [], [], null, options.format);
  return { written: true, path, heads };
}
