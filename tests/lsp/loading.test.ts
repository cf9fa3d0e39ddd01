/**
 * The protocol library is loaded by `dbgen lsp` alone: other commands never import it
 * (the command catalog is lazy), and without it `dbgen lsp` says what to install, in one
 * line, exit 1, no stack trace. Runs the built CLI (dist), as a user's install would.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { moduleLog } from '../support/module-log.js';

describe('dbgen lsp: loading the protocol library', () => {
  // Logs every module resolved; with HIDE set, the protocol packages cannot be found.
  const { run } = moduleLog({
    hide: 'vscode-languageserver',
    files: { 'schema.dbml': 'Table t {\n  id int [pk]\n}\n' },
  });

  test('dbgen check and dbgen format load no protocol package', () => {
    for (const args of [
      ['check', 'schema.dbml'],
      ['format', '--check', 'schema.dbml'],
    ]) {
      const { status, stderr, loaded } = run(args);
      assert.equal(status, 0, stderr);
      assert.ok(
        loaded.some((url) => url.includes('/packages/generator/')),
        'the log works',
      );
      assert.deepEqual(
        loaded.filter((url) =>
          /node_modules\/vscode-|\/cli\/(dist|src)\/(lsp\/|commands\/lsp)/.test(url),
        ),
        [],
      );
    }
  });

  test('without the protocol packages, dbgen lsp names what to install', () => {
    const { status, stderr, stdout } = run(['lsp', '--stdio'], { HIDE: '1' });
    assert.equal(status, 1);
    assert.equal(stdout, '');
    assert.match(
      stderr.trim(),
      /^error: dbgen lsp needs the language server packages: npm install --save-dev vscode-languageserver vscode-languageserver-textdocument$/,
    );
  });
});
