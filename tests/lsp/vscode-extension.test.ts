/**
 * The VS Code extension in editors/vscode (not published, not built, not installed by the
 * monorepo): its manifest is valid and declares .dbml, its grammar is valid JSON for the
 * scope it names, and the command it starts is a real `dbgen lsp` that answers the
 * protocol's handshake (run with plain node, as VS Code would spawn it).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import {
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
} from 'vscode-languageserver-protocol';
import { COMMANDS } from '../../packages/cli/src/commands/catalog.js';
import { uriOf } from './client.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXTENSION = join(ROOT, 'editors', 'vscode');

interface Manifest {
  name: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
  };
  dependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as Manifest;
const require = createRequire(import.meta.url);
const { LSP_ARGS, serverCommand } = require(join(EXTENSION, 'server-command.js')) as {
  LSP_ARGS: string[];
  serverCommand(root?: string, configured?: string): { command: string; args: string[] };
};

test('the manifest declares the dbml language for .dbml files, its grammar and entry', () => {
  const language = manifest.contributes.languages.find((l) => l.id === 'dbml');
  assert.ok(language);
  assert.deepEqual(language.extensions, ['.dbml']);
  assert.ok(manifest.activationEvents.includes('onLanguage:dbml'));
  assert.ok(existsSync(join(EXTENSION, manifest.main)), manifest.main);
  assert.ok(existsSync(join(EXTENSION, language.configuration)));
  assert.ok(manifest.dependencies['vscode-languageclient']);
  const grammar = manifest.contributes.grammars[0]!;
  assert.equal(grammar.language, 'dbml');
  const tm = JSON.parse(readFileSync(join(EXTENSION, grammar.path), 'utf8')) as {
    scopeName: string;
  };
  assert.equal(tm.scopeName, grammar.scopeName);
  for (const file of [manifest.main, 'server-command.js']) {
    const check = spawnSync(process.execPath, ['--check', join(EXTENSION, file)], {
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, `${file} is valid JavaScript: ${check.stderr}`);
  }
  const extension = readFileSync(join(EXTENSION, manifest.main), 'utf8');
  assert.match(extension, /TransportKind\.stdio/, 'vscode-languageclient adds --stdio');
});

test("the extension's command is the CLI's lsp command", () => {
  assert.deepEqual(LSP_ARGS, ['lsp']);
  assert.ok(COMMANDS.some((c) => c.name === LSP_ARGS[0]));
  assert.deepEqual(serverCommand(ROOT, '/opt/dbgen'), { command: '/opt/dbgen', args: ['lsp'] });
  assert.deepEqual(serverCommand('/nonexistent', ''), { command: 'dbgen', args: ['lsp'] });
});

test(
  'the command it starts in this repository answers initialize and shuts down',
  { timeout: 60_000 },
  async () => {
    const { command, args } = serverCommand(ROOT, '');
    assert.equal(command, join(ROOT, 'node_modules', '.bin', 'dbgen'));
    const child = spawn(command, [...args, '--stdio'], { cwd: ROOT, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    connection.listen();
    try {
      const result = await Promise.race([
        connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri: uriOf(ROOT),
          capabilities: {},
        }),
        exited.then((code): never => {
          throw new Error(`the server exited (${code}): ${stderr}`);
        }),
      ]);
      assert.equal(result.serverInfo?.name, 'dbgen');
      assert.equal(result.capabilities.documentFormattingProvider, true);
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  },
);
