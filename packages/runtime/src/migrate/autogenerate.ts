/**
 * `migrate new` and `migrate check`: the schema compared with the snapshot stored by the
 * latest migration (or, when that snapshot is gone, with the replay of every migration).
 */
import type { SchemaIR } from '../schema/ir.js';
import { diffSchemas, type Renames } from './diff.js';
import {
  loadMigrations,
  readSnapshot,
  writeMigration,
  type MigrationFile,
  type SourceFormatter,
} from './files.js';
import { normalizeSchema } from './names.js';
import type { Operation } from './operations.js';
import { stateAfter } from './runner.js';

/** The schema the migrations in `migrations` leave behind. */
export function migratedSchema(migrations: readonly MigrationFile[]): SchemaIR {
  const last = migrations[migrations.length - 1];
  return (last && readSnapshot(last)) ?? stateAfter(migrations, migrations.length);
}

export interface NewMigrationOptions {
  readonly renames?: Renames;
  /** The open rename questions were answered: the rest are drops and adds. */
  readonly renamesDecided?: boolean;
  /** Write a migration with empty `up` and `down`, to fill in by hand. */
  readonly empty?: boolean;
  /** Formats the file before it is written (e.g. with prettier). */
  readonly format?: SourceFormatter;
}

export type NewMigrationResult =
  | {
      readonly written: true;
      readonly path: string;
      readonly up: Operation[];
      readonly down: Operation[];
    }
  | { readonly written: false };

/** Diffs `schema` against the migrations in `dir` and writes the next migration. */
export async function newMigration(
  dir: string,
  name: string,
  schema: SchemaIR,
  options: NewMigrationOptions = {},
): Promise<NewMigrationResult> {
  const migrations = await loadMigrations(dir);
  const previous = migratedSchema(migrations);
  const parent = migrations[migrations.length - 1]?.revision ?? null;
  if (options.empty) {
    return {
      written: true,
      path: await writeMigration(dir, name, parent, [], [], previous, options.format),
      up: [],
      down: [],
    };
  }
  const { up, down } = diffSchemas(previous, schema, {
    ...(options.renames ? { renames: options.renames } : {}),
    ...(options.renamesDecided !== undefined ? { renamesDecided: options.renamesDecided } : {}),
  });
  if (up.length === 0) return { written: false };
  return {
    written: true,
    path: await writeMigration(
      dir,
      name,
      parent,
      up,
      down,
      normalizeSchema(schema),
      options.format,
    ),
    up,
    down,
  };
}

/** The operations a new migration would need for `schema` (empty: the migrations hold it). */
export async function unmigratedChanges(dir: string, schema: SchemaIR): Promise<Operation[]> {
  const migrations = await loadMigrations(dir);
  return diffSchemas(migratedSchema(migrations), schema, { renamesDecided: true }).up;
}
