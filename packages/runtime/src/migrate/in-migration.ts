/**
 * An operation that cannot apply to the schema before it (`op.dropColumn` of a column
 * that is not there) is reported by the schema state as `dropColumn: column t.x does not
 * exist`; run over a history of migrations, that says nothing of which file to fix. This
 * names the migration (file and revision) and the direction in front of the message.
 */
import { basename } from 'node:path';
import { MigrationStateError } from '../schema/state.js';
import { UnsupportedFeatureError } from '../schema/unsupported.js';
import type { MigrationFile } from './files.js';

/** `body()`, its MigrationStateError prefixed with the migration it happened in. */
export function inMigration<T>(
  migration: MigrationFile,
  direction: 'up' | 'down',
  body: () => T,
): T {
  try {
    return body();
  } catch (error) {
    // What a dialect lacks names its index or column already, and callers catch it by
    // its class (UnsupportedFeatureError): it is left as it is.
    if (!(error instanceof MigrationStateError) || error instanceof UnsupportedFeatureError)
      throw error;
    throw new MigrationStateError(
      `${basename(migration.path)} (${migration.revision}), ${direction}: ${error.message}`,
    );
  }
}
