// Which command starts the dbgen language server for a workspace. Kept apart from
// extension.js (which needs VS Code's `vscode` module) so the repository's tests can run
// it with plain node and start the very server it names.
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');

/** The CLI subcommand of the language server; vscode-languageclient appends `--stdio`. */
const LSP_ARGS = ['lsp'];

/**
 * The server's command and arguments: the configured `dbgen.path`, else the workspace's
 * own dbgen (node_modules/.bin, as `npm install @dbgen/cli` links it), else `dbgen` on
 * the PATH.
 * @param {string | undefined} workspaceRoot
 * @param {string | undefined} configuredPath
 * @returns {{ command: string, args: string[] }}
 */
function serverCommand(workspaceRoot, configuredPath) {
  if (configuredPath) return { command: configuredPath, args: [...LSP_ARGS] };
  const bin = process.platform === 'win32' ? 'dbgen.cmd' : 'dbgen';
  if (workspaceRoot) {
    const local = join(workspaceRoot, 'node_modules', '.bin', bin);
    if (existsSync(local)) return { command: local, args: [...LSP_ARGS] };
  }
  return { command: bin, args: [...LSP_ARGS] };
}

module.exports = { LSP_ARGS, serverCommand };
