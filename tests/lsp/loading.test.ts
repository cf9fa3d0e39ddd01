/**
 * The protocol library is loaded by `dbgen lsp` alone: other commands never import it
 * (the command catalog is lazy), and without it `dbgen lsp` says what to install, in one
 * line, exit 1, no stack trace. Runs the built CLI (dist), as a user's install would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');

describe('dbgen lsp: loading the protocol library', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-lsp-load-'));
    // Logs every module resolved; with HIDE set, the protocol packages cannot be found.
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (process.env.HIDE && specifier.startsWith('vscode-languageserver')) {
    const error = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(join(dir, 'loaded.log'))}, result.url + '\\n');
  return result;
}\n`,
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
    );
    writeFileSync(join(dir, 'schema.dbml'), 'Table t {\n  id int [pk]\n}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], env: Record<string, string> = {}) => {
    rmSync(join(dir, 'loaded.log'), { force: true });
    const result = spawnSync(
      process.execPath,
      ['--import', join(dir, 'register.mjs'), BIN, ...args],
      {
        cwd: dir,
        encoding: 'utf8',
        input: '',
        timeout: 60_000,
        env: { ...process.env, ...env },
      },
    );
    const loaded = readFileSync(join(dir, 'loaded.log'), 'utf8').split('\n');
    return { ...result, loaded };
  };

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
