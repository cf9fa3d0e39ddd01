/**
 * `dbgen lsp` checks diagnostics once edits pause, not on every edit: a check is the whole
 * `dbgen check` of the file, and the server answers nothing while one runs, so a check
 * per keystroke queued behind quick edits and held up every request (a hover on a 1 MB
 * schema waited 27 s after ten edits). Opening and saving check at once.
 *
 * The first suite asks for a delay of an hour (`initializationOptions.diagnosticsDelay`),
 * so no timer can fire during it: what it sees does not depend on the machine's speed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol';
import { uriOf } from './client.js';
import { lspSession } from './session.js';

/** A schema with `broken` refs to a table that does not exist: one error each. */
function schemaWithBrokenRefs(broken: number): string {
  const tables = ['Table users {\n  id int [pk]\n}\n'];
  for (let i = 1; i <= broken; i++)
    tables.push(`Table t${i} {\n  id int [pk]\n  owner int [ref: > nobody.id]\n}\n`);
  return tables.join('\n');
}

const errorsOf = (list: readonly { severity?: number }[]): number =>
  list.filter((d) => d.severity === 1).length;

describe('dbgen lsp: edits are checked when they pause', { timeout: 60_000 }, () => {
  const lsp = lspSession({ diagnosticsDelay: 3_600_000 });

  test('edits wait, requests are answered meanwhile, a save checks the latest text', async () => {
    const path = join(lsp.ws.dir, 'typing.dbml');
    const uri = uriOf(path);
    const opened = await lsp.client.open(path, schemaWithBrokenRefs(1));
    assert.equal(errorsOf(opened), 1, 'opening checks at once');
    assert.equal(lsp.client.lastVersion(uri), 1, 'the diagnostics name the version checked');

    for (let version = 2; version <= 6; version++)
      await lsp.client.change(path, schemaWithBrokenRefs(version), version);
    const hovered = await lsp.client.alive(
      lsp.client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 7 },
      }),
    );
    assert.ok(hovered, 'the hover over `users` is answered');
    // The server handles messages in order: a check run for any edit would have been
    // published before the hover's answer.
    assert.equal(lsp.client.diagnosticsCount(uri), 1, 'no edit was checked yet');

    await lsp.client.save(path);
    const saved = await lsp.client.nextDiagnostics(uri, 1);
    assert.equal(errorsOf(saved), 6, 'the check after the save reads the sixth version');
    assert.equal(lsp.client.lastVersion(uri), 6);
    await lsp.client.alive(
      lsp.client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 7 },
      }),
    );
    assert.equal(lsp.client.diagnosticsCount(uri), 2, 'five edits, one check');
  });

  test('a save with nothing pending checks nothing again', async () => {
    const path = join(lsp.ws.dir, 'quiet.dbml');
    const uri = uriOf(path);
    await lsp.client.open(path, schemaWithBrokenRefs(2));
    await lsp.client.save(path);
    await lsp.client.alive(
      lsp.client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 7 },
      }),
    );
    assert.equal(lsp.client.diagnosticsCount(uri), 1);
  });
});

describe('dbgen lsp: the default delay', { timeout: 60_000 }, () => {
  const lsp = lspSession();

  test('edits are checked without a save once they pause', async () => {
    const path = join(lsp.ws.dir, 'unsaved.dbml');
    const uri = uriOf(path);
    await lsp.client.open(path, schemaWithBrokenRefs(1));
    for (let version = 2; version <= 4; version++)
      await lsp.client.change(path, schemaWithBrokenRefs(version), version);
    const checked = await lsp.client.nextDiagnostics(uri, 1, (list) => errorsOf(list) === 4);
    assert.equal(errorsOf(checked), 4);
    assert.equal(lsp.client.lastVersion(uri), 4);
  });
});
