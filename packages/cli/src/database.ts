/** Opening the database, and turning the runtime's user-facing errors into CLI errors. */
import {
  connectForMigrations,
  DatabaseNotFoundError,
  DatabaseUrlError,
  DataLossError,
  DataMigrationError,
  DriverNotInstalledError,
  MigrationFailedError,
  MigrationFileError,
  MigrationHistoryError,
  MigrationStateError,
  MultipleHeadsError,
  RenameUndecidedError,
  StoppedRunError,
  redactUrl,
  type MigrationConnection,
} from '@dbgen/runtime';
import type { UrlSource } from './config.js';
import { databaseErrorLine } from './database-errors.js';
import { CliError } from './errors.js';
import type { CommandContext } from './command-context.js';

/** The database a command runs against, and where its URL came from. */
export interface DatabaseTarget {
  readonly url: string;
  readonly urlSource: UrlSource;
}

export interface OpenOptions {
  /** The command only reads: a SQLite file that does not exist is an error, not created. */
  readonly readOnly?: boolean;
}

/**
 * Opens the migration connection for `target` and names the database (password hidden)
 * and where its URL came from on stderr: a deploy log then shows which database a
 * command touched. A failure is a one-line user error naming the URL.
 */
export async function openConnection(
  target: DatabaseTarget,
  context: CommandContext,
  options: OpenOptions = {},
): Promise<MigrationConnection> {
  try {
    const connection = await connectForMigrations(target.url, context.cwd, {
      mustExist: options.readOnly ?? false,
    });
    context.output.error(`database: ${redactUrl(target.url)} (from ${target.urlSource})`);
    return connection;
  } catch (error) {
    // Each is one line that says what to do; a driver error is not a connection failure.
    if (
      error instanceof DatabaseUrlError ||
      error instanceof DatabaseNotFoundError ||
      error instanceof DriverNotInstalledError
    )
      throw new CliError(error.message);
    const reason = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new CliError(`cannot connect to ${redactUrl(target.url)}: ${reason}`);
  }
}

const USER_ERRORS = [
  DataLossError,
  DataMigrationError,
  MigrationFailedError,
  MigrationFileError,
  MigrationHistoryError,
  MigrationStateError,
  MultipleHeadsError,
  RenameUndecidedError,
  StoppedRunError,
  DatabaseUrlError,
  DatabaseNotFoundError,
];

/**
 * Runs `body`, turning the runtime's user-facing errors into {@link CliError}s, and a
 * database's refusal (a missing privilege, say) into one line with exit 1.
 */
export async function asCliErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (USER_ERRORS.some((kind) => error instanceof kind))
      throw new CliError((error as Error).message);
    const line = databaseErrorLine(error);
    if (line !== null) throw new CliError(line);
    throw error;
  }
}
