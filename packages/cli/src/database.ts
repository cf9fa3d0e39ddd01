/** Opening the database, and turning the runtime's user-facing errors into CLI errors. */
import {
  connectForMigrations,
  DatabaseUrlError,
  DataLossError,
  DriverNotInstalledError,
  MigrationFailedError,
  MigrationFileError,
  MigrationHistoryError,
  MigrationStateError,
  RenameUndecidedError,
  redactUrl,
  type MigrationConnection,
} from '@dbgen/runtime';
import { CliError } from './errors.js';

/** Opens the migration connection for `url`; a failure is a user error naming the URL. */
export async function openConnection(url: string, cwd: string): Promise<MigrationConnection> {
  try {
    return await connectForMigrations(url, cwd);
  } catch (error) {
    // Both are one line that says what to do; a driver error is not a connection failure.
    if (error instanceof DatabaseUrlError || error instanceof DriverNotInstalledError)
      throw new CliError(error.message);
    throw new CliError(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
  }
}

const USER_ERRORS = [
  DataLossError,
  MigrationFailedError,
  MigrationFileError,
  MigrationHistoryError,
  MigrationStateError,
  RenameUndecidedError,
  DatabaseUrlError,
];

/** Runs `body`, turning the runtime's user-facing errors into {@link CliError}s. */
export async function asCliErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (USER_ERRORS.some((kind) => error instanceof kind))
      throw new CliError((error as Error).message);
    throw error;
  }
}
