/**
 * A mistake of the user's (bad flag value, missing file, failing schema): printed as a
 * one-line message with no stack trace, exit code 1. Anything else that escapes a
 * command is a dbgen bug and is printed with its stack.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
