import { Command, CommanderError } from 'commander';
import { CliError } from './errors.js';
import { fileErrorLine } from './file-errors.js';
import { consoleOutput, type Output } from './output.js';
import { COMMANDS } from './commands/catalog.js';
import { addExamples } from './help-examples.js';

import type { CommandContext } from './command-context.js';

export type { CommandContext } from './command-context.js';

/**
 * Runs the CLI with `argv` (without node and script) and resolves to the exit code:
 * 0 ok, 1 user error (bad schema, failed migration), 2 usage error.
 */
export async function main(
  argv: readonly string[],
  options: { output?: Output; cwd?: string } = {},
): Promise<number> {
  const output = options.output ?? consoleOutput;
  let exitCode = 0;
  const context: CommandContext = {
    output,
    cwd: options.cwd ?? process.cwd(),
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };
  const program = new Command('dbgen')
    .description('dbgen: a schema-first data layer for TypeScript (DBML in, typed client out)')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => output.info(text.trimEnd()),
      writeErr: (text) => output.error(text.trimEnd()),
    });
  // Only the command being run is loaded; the others stand in with their summaries, for
  // `--help` and for commander's "did you mean" on a mistyped name.
  const [first, second] = argv.filter((arg) => !arg.startsWith('-'));
  const requested = first === 'help' ? second : first;
  for (const entry of COMMANDS) {
    if (entry.name === requested) {
      (await entry.load()).register(program, context);
      addExamples(program.commands.at(-1)!);
    } else program.command(entry.name).description(entry.summary);
  }
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successes; everything else commander rejects is usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      output.error(`error: ${error.message}`);
      return error.exitCode;
    }
    // A path the user gave that cannot be read or written (a missing folder, a file in
    // the way) is their mistake wherever it surfaced: one line, exit 1.
    const fileLine = fileErrorLine(error);
    if (fileLine !== null) {
      output.error(`error: ${fileLine}`);
      return 1;
    }
    output.error(
      `dbgen: internal error (please report it):\n${(error as Error).stack ?? String(error)}`,
    );
    return 70;
  }
}
