/** How `migrate status`, `history` and `heads` show a branched history. */
import { childrenOf, headsOf, migrationLabel, type MigrationFile } from '@dbgen/runtime';

/** `current: 0002_x.js (rev)`, or both heads when the database holds two unmerged branches. */
export function currentLine(heads: readonly MigrationFile[]): string {
  if (heads.length === 0) return 'current: base (nothing applied)';
  if (heads.length === 1 && heads[0]) return `current: ${migrationLabel(heads[0])}`;
  return `current: ${heads.length} branches, at ${heads.map(migrationLabel).join(' and ')}`;
}

/** A line when the files have several heads (and what to do), otherwise null. */
export function headsNote(migrations: readonly MigrationFile[]): string | null {
  const heads = headsOf(migrations);
  if (heads.length < 2) return null;
  return `heads: ${heads.length} (${heads.map(migrationLabel).join(', ')}); join them with \`dbgen migrate merge\``;
}

/**
 * What `history` adds after a migration where the history branches: ` (merge of a, b)`,
 * ` (branch point)`, ` (head)` when there are several. Nothing for a straight history.
 */
export function graphNote(migrations: readonly MigrationFile[], m: MigrationFile): string {
  const notes: string[] = [];
  if (m.parents.length > 1) notes.push(`merge of ${m.parents.join(', ')}`);
  if (childrenOf(migrations, m.revision).length > 1) notes.push('branch point');
  if (headsOf(migrations).length > 1 && childrenOf(migrations, m.revision).length === 0)
    notes.push('head');
  return notes.length === 0 ? '' : `  (${notes.join('; ')})`;
}
