/**
 * File system failures on a path the user gave (`--out nodir/x.dbml`, `--out` naming a
 * file where a folder is wanted, `--migrations` naming a file): the user's mistake, so
 * one line naming the path and what is wrong with it, exit 1, not a stack trace.
 */
import { CliError } from './errors.js';

/** What each error code says of the path it names. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EEXIST: 'a file of that name is in the way',
  ENOTDIR: 'a file stands where a folder is needed',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
};

/** Node's error of a file operation (it carries the code, the call and the path). */
interface FileSystemError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
}

export function isFileSystemError(error: unknown): error is FileSystemError {
  return (
    error instanceof Error &&
    typeof (error as Partial<FileSystemError>).code === 'string' &&
    typeof (error as Partial<FileSystemError>).path === 'string' &&
    REASONS[(error as FileSystemError).code] !== undefined
  );
}

/** `cannot write out/x.dbml: no such file or folder (ENOENT)`, or null for another error. */
export function fileErrorLine(error: unknown, action?: string): string | null {
  if (!isFileSystemError(error)) return null;
  const verb = action ?? VERBS[error.syscall ?? ''] ?? 'use';
  // Writing a new file, ENOENT is about its folder: the file is not meant to exist yet.
  const reason =
    error.code === 'ENOENT' && verb === 'write'
      ? 'the folder it goes in does not exist'
      : REASONS[error.code];
  return `cannot ${verb} ${error.path}: ${reason} (${error.code})`;
}

/** The word for what the failed call was doing, where `action` was not given. */
const VERBS: Readonly<Record<string, string>> = {
  open: 'open',
  mkdir: 'create the folder',
  scandir: 'read the folder',
  rename: 'replace',
  unlink: 'delete',
  rmdir: 'delete the folder',
  stat: 'read',
  lstat: 'read',
  write: 'write',
};

/** `body`, with a file system error of the user's path turned into a {@link CliError}. */
export function asFileErrors<T>(body: () => T, action?: string): T {
  try {
    return body();
  } catch (error) {
    const line = fileErrorLine(error, action);
    if (line !== null) throw new CliError(line);
    throw error;
  }
}
