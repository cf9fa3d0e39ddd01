/**
 * Reading a migrations folder: every migration file, checked against the others (one
 * revision per file, every parent present, no cycle) and put in graph order.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  FILE_PATTERN,
  loadMigrationFile,
  MigrationFileError,
  type MigrationFile,
} from './files.js';
import { orderMigrations } from './graph.js';

/**
 * Every migration in `dir`, each after its parents (a stable topological order: see
 * graph.ts). A missing folder is an empty history; a missing parent or a cycle is an
 * error. Branches (two migrations with one parent) are allowed: `migrate heads` lists
 * them and `migrate merge` joins them.
 */
export async function loadMigrations(dir: string): Promise<MigrationFile[]> {
  if (!existsSync(dir)) return [];
  // A file given as the folder is a mistake of the user's, not a read failure.
  if (!statSync(dir).isDirectory())
    throw new MigrationFileError(`${dir} is not a folder (the migrations folder must be one)`);
  const files = readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort();
  const migrations = await Promise.all(files.map((f) => loadMigrationFile(join(dir, f))));
  const byRevision = new Map<string, MigrationFile>();
  for (const m of migrations) {
    const twin = byRevision.get(m.revision);
    if (twin)
      throw new MigrationFileError(`${m.path} and ${twin.path} both have revision ${m.revision}`);
    byRevision.set(m.revision, m);
  }
  return orderMigrations(migrations, dir);
}
