// The VS Code side of dbgen's DBML support: starts `dbgen lsp` over stdio through
// vscode-languageclient for every .dbml file. All the language smarts are in the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { serverCommand } = require('./server-command.js');

/** @type {LanguageClient | undefined} */
let client;

/** @param {import('vscode').ExtensionContext} context */
function activate(context) {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const configured = vscode.workspace.getConfiguration('dbgen').get('path');
  const { command, args } = serverCommand(root, configured);
  // A .cmd shim (Windows) only starts through a shell since Node's CVE-2024-27980 fix.
  const options = { cwd: root, shell: process.platform === 'win32' };
  const run = { command, args, transport: TransportKind.stdio, options };
  client = new LanguageClient(
    'dbgen',
    'dbgen DBML',
    { run, debug: run },
    {
      documentSelector: [{ scheme: 'file', language: 'dbml' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.dbml') },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
