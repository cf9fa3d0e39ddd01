import type { Command } from 'commander';
import { CliError } from '../errors.js';
import type { CommandContext } from '../command-context.js';

/** The packages the server is built on: optional peers of @dbgen/cli, needed by `lsp` only. */
const PROTOCOL_PACKAGES = ['vscode-languageserver', 'vscode-languageserver-textdocument'];

function isMissingProtocolPackage(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    PROTOCOL_PACKAGES.some((name) => message?.includes(`'${name}`) === true)
  );
}

/**
 * `dbgen lsp [--stdio]`: the DBML language server, talking the Language Server Protocol
 * on stdin/stdout (editors start it; see docs/editor.md). It runs until the editor ends
 * it. `--stdio` is accepted because clients such as vscode-languageclient pass it.
 */
export function register(program: Command, _context: CommandContext): void {
  program
    .command('lsp')
    .description('run the DBML language server (Language Server Protocol over stdio)')
    .option('--stdio', 'talk over stdin/stdout (the default and only transport)')
    .option('--clientProcessId <pid>', 'exit when this process ends (passed by some editors)')
    .action(async () => {
      let server: typeof import('../lsp/server.js');
      try {
        server = await import('../lsp/server.js');
      } catch (error) {
        if (!isMissingProtocolPackage(error)) throw error;
        throw new CliError(
          `dbgen lsp needs the language server packages: npm install --save-dev ${PROTOCOL_PACKAGES.join(' ')}`,
        );
      }
      server.startLanguageServer(process.stdin, process.stdout);
      // The protocol library ends the process on `exit` or when stdin closes.
      await new Promise<never>(() => {});
    });
}
