/**
 * `dbgen lsp` diagnostics, through a real client over stdio: what an editor shows is what
 * `dbgen check --json` prints for the same file (codes, severities, lines and columns), and
 * an unsaved change in an imported file re-checks the open files that import it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic as DbgenDiagnostic } from '@dbgen/generator';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { runCli } from '../support/cli.js';
import { uriOf } from './client.js';
import { AUTH, MAIN } from './fixture.js';
import { lspSession } from './session.js';

const BROKEN = `Table users {
  id int [pk]
  id int
  name varchar(
}

Table posts {
  author int [ref: > nobody.id]
}
`;

describe('dbgen lsp: diagnostics', { timeout: 60_000 }, () => {
  const lsp = lspSession();

  test('an open file with errors gets the codes, severities and ranges of dbgen check', async () => {
    const path = join(lsp.ws.dir, 'broken.dbml');
    writeFileSync(path, BROKEN);
    const published = await lsp.client.open(path, BROKEN);
    const run = await runCli(['check', path, '--json'], lsp.ws.dir);
    assert.equal(run.code, 1);
    const expected = (JSON.parse(run.stdout) as DbgenDiagnostic[]).filter(
      (d) => d.span === undefined || d.span.file === path,
    );
    assert.ok(expected.length >= 2, `the fixture has several problems: ${run.stdout}`);
    assert.deepEqual(
      published.map((d) => ({
        code: d.code,
        severity: d.severity === 1 ? 'error' : 'warning',
        message: d.message,
        range: d.range,
      })),
      expected.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        range: {
          start: { line: d.span!.line - 1, character: d.span!.column - 1 },
          end: { line: d.span!.endLine - 1, character: d.span!.endColumn - 1 },
        },
      })),
    );
    assert.ok(published.every((d) => d.source === 'dbgen'));
  });

  test('the unsaved text is checked, not the file on disk', async () => {
    const path = join(lsp.ws.dir, 'unsaved.dbml');
    writeFileSync(path, 'Table t {\n  id int [pk]\n}\n');
    assert.deepEqual(await lsp.client.open(path, 'Table t {\n  id int [pk]\n}\n'), []);
    const uri = uriOf(path);
    const seen = lsp.client.diagnosticsCount(uri);
    await lsp.client.change(path, 'Table t {\n  id int [pk]\n  id int\n}\n', 2);
    const after = await lsp.client.nextDiagnostics(uri, seen);
    assert.deepEqual(
      after.map((d) => [d.code, d.range.start.line]),
      [
        ['DBML211', 1],
        ['DBML211', 2],
      ],
      'both declarations of the duplicate column',
    );
  });

  test('a change in an imported file re-checks the open file that imports it', async () => {
    assert.deepEqual(await lsp.client.open(lsp.ws.main, MAIN), [], 'the fixture is clean');
    await lsp.client.open(lsp.ws.auth, AUTH);
    const mainUri = uriOf(lsp.ws.main);
    const seen = lsp.client.diagnosticsCount(mainUri);
    // `users` renamed in auth.dbml (unsaved): main.dbml's `use { table users }` now fails.
    await lsp.client.change(lsp.ws.auth, AUTH.replace('Table users', 'Table members'), 2);
    // Nothing else changed main.dbml: only this change can make it fail.
    const broken = await lsp.client.nextDiagnostics(mainUri, seen, (list) => list.length > 0);
    assert.deepEqual(
      broken.filter((d) => d.code === 'DBML151').map((d) => [d.range.start.line, d.message]),
      [[0, "'./auth' exports no table named 'users'"]],
    );
    const fixedFrom = lsp.client.diagnosticsCount(mainUri);
    await lsp.client.change(lsp.ws.auth, AUTH, 3);
    assert.deepEqual(
      await lsp.client.nextDiagnostics(mainUri, fixedFrom, (list) => list.length === 0),
      [],
    );
  });

  test("a closed imported file shows what the importer's check found in it", async () => {
    const lib = join(lsp.ws.dir, 'lib.dbml');
    const app = join(lsp.ws.dir, 'app.dbml');
    const libText = 'Table tags {\n  id int [pk]\n  id int\n}\n';
    const appText =
      "use * from './lib'\n\nTable notes {\n  id int [pk]\n  tag int [ref: > tags.id]\n}\n";
    writeFileSync(lib, libText);
    writeFileSync(app, appText);
    const libUri = uriOf(lib);
    const seenLib = lsp.client.diagnosticsCount(libUri);
    assert.deepEqual(await lsp.client.open(app, appText), [], 'app.dbml itself is fine');
    const shown = await lsp.client.nextDiagnostics(libUri, seenLib, (list) => list.length > 0);
    const run = await runCli(['check', app, '--json'], lsp.ws.dir);
    const expected = (JSON.parse(run.stdout) as DbgenDiagnostic[]).filter(
      (d) => d.span?.file === lib,
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(
      shown.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]),
      expected.map((d) => [d.code, d.span!.line - 1, d.span!.column - 1, d.message]),
    );
    // Opened, lib.dbml speaks for itself; fixed and closed, the importer clears it.
    await lsp.client.open(lib, libText);
    const seen = lsp.client.diagnosticsCount(libUri);
    await lsp.client.change(lib, 'Table tags {\n  id int [pk]\n}\n', 2);
    assert.deepEqual(
      await lsp.client.nextDiagnostics(libUri, seen, (list) => list.length === 0),
      [],
    );
  });

  test('a file saved elsewhere (a watched-file event) re-checks the open files reading it', async () => {
    const lib = join(lsp.ws.dir, 'saved-lib.dbml');
    const app = join(lsp.ws.dir, 'saved-app.dbml');
    writeFileSync(lib, 'Table labels {\n  id int [pk]\n}\n');
    const appText =
      "use * from './saved-lib'\n\nTable items {\n  id int [pk]\n  label int [ref: > labels.id]\n}\n";
    writeFileSync(app, appText);
    assert.deepEqual(await lsp.client.open(app, appText), []);
    const appUri = uriOf(app);
    const seen = lsp.client.diagnosticsCount(appUri);
    writeFileSync(lib, 'Table tags {\n  id int [pk]\n}\n'); // `labels` is gone
    await lsp.client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(lib), type: FileChangeType.Changed }],
    });
    const broken = await lsp.client.nextDiagnostics(appUri, seen, (list) => list.length > 0);
    assert.ok(
      broken.some((d) => d.severity === 1 && d.range.start.line === 4),
      `the ref to labels.id fails: ${JSON.stringify(broken)}`,
    );
  });
});
