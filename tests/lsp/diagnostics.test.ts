/**
 * `dbgen lsp` diagnostics, through a real client over stdio: what an editor shows is what
 * `dbgen check --json` prints for the same file (codes, severities, lines and columns), and
 * an unsaved change in an imported file re-checks the open files that import it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic as DbgenDiagnostic } from '@dbgen/generator';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { runCli } from '../support/cli.js';
import { LspClient, uriOf } from './client.js';
import { AUTH, makeWorkspace, MAIN, type Workspace } from './fixture.js';

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
  let ws: Workspace;
  let client: LspClient;
  before(async () => {
    ws = makeWorkspace();
    client = new LspClient(ws.dir);
    await client.initialize(ws.dir);
  });
  after(async () => {
    const code = await client.close();
    assert.equal(code, 0, `the server exits 0 after shutdown + exit\n${client.stderr}`);
    ws.remove();
  });

  test('an open file with errors gets the codes, severities and ranges of dbgen check', async () => {
    const path = join(ws.dir, 'broken.dbml');
    writeFileSync(path, BROKEN);
    const published = await client.open(path, BROKEN);
    const run = await runCli(['check', path, '--json'], ws.dir);
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
    const path = join(ws.dir, 'unsaved.dbml');
    writeFileSync(path, 'Table t {\n  id int [pk]\n}\n');
    assert.deepEqual(await client.open(path, 'Table t {\n  id int [pk]\n}\n'), []);
    const uri = uriOf(path);
    const seen = client.diagnosticsCount(uri);
    await client.change(path, 'Table t {\n  id int [pk]\n  id int\n}\n', 2);
    const after = await client.nextDiagnostics(uri, seen);
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
    assert.deepEqual(await client.open(ws.main, MAIN), [], 'the fixture is clean');
    await client.open(ws.auth, AUTH);
    const mainUri = uriOf(ws.main);
    const seen = client.diagnosticsCount(mainUri);
    // `users` renamed in auth.dbml (unsaved): main.dbml's `use { table users }` now fails.
    await client.change(ws.auth, AUTH.replace('Table users', 'Table members'), 2);
    // Nothing else changed main.dbml: only this change can make it fail.
    const broken = await client.nextDiagnostics(mainUri, seen, (list) => list.length > 0);
    assert.deepEqual(
      broken.filter((d) => d.code === 'DBML151').map((d) => [d.range.start.line, d.message]),
      [[0, "'./auth' exports no table named 'users'"]],
    );
    const fixedFrom = client.diagnosticsCount(mainUri);
    await client.change(ws.auth, AUTH, 3);
    assert.deepEqual(
      await client.nextDiagnostics(mainUri, fixedFrom, (list) => list.length === 0),
      [],
    );
  });

  test("a closed imported file shows what the importer's check found in it", async () => {
    const lib = join(ws.dir, 'lib.dbml');
    const app = join(ws.dir, 'app.dbml');
    const libText = 'Table tags {\n  id int [pk]\n  id int\n}\n';
    const appText =
      "use * from './lib'\n\nTable notes {\n  id int [pk]\n  tag int [ref: > tags.id]\n}\n";
    writeFileSync(lib, libText);
    writeFileSync(app, appText);
    const libUri = uriOf(lib);
    const seenLib = client.diagnosticsCount(libUri);
    assert.deepEqual(await client.open(app, appText), [], 'app.dbml itself is fine');
    const shown = await client.nextDiagnostics(libUri, seenLib, (list) => list.length > 0);
    const run = await runCli(['check', app, '--json'], ws.dir);
    const expected = (JSON.parse(run.stdout) as DbgenDiagnostic[]).filter(
      (d) => d.span?.file === lib,
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(
      shown.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]),
      expected.map((d) => [d.code, d.span!.line - 1, d.span!.column - 1, d.message]),
    );
    // Opened, lib.dbml speaks for itself; fixed and closed, the importer clears it.
    await client.open(lib, libText);
    const seen = client.diagnosticsCount(libUri);
    await client.change(lib, 'Table tags {\n  id int [pk]\n}\n', 2);
    assert.deepEqual(await client.nextDiagnostics(libUri, seen, (list) => list.length === 0), []);
  });

  test('a file saved elsewhere (a watched-file event) re-checks the open files reading it', async () => {
    const lib = join(ws.dir, 'saved-lib.dbml');
    const app = join(ws.dir, 'saved-app.dbml');
    writeFileSync(lib, 'Table labels {\n  id int [pk]\n}\n');
    const appText =
      "use * from './saved-lib'\n\nTable items {\n  id int [pk]\n  label int [ref: > labels.id]\n}\n";
    writeFileSync(app, appText);
    assert.deepEqual(await client.open(app, appText), []);
    const appUri = uriOf(app);
    const seen = client.diagnosticsCount(appUri);
    writeFileSync(lib, 'Table tags {\n  id int [pk]\n}\n'); // `labels` is gone
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(lib), type: FileChangeType.Changed }],
    });
    const broken = await client.nextDiagnostics(appUri, seen, (list) => list.length > 0);
    assert.ok(
      broken.some((d) => d.severity === 1 && d.range.start.line === 4),
      `the ref to labels.id fails: ${JSON.stringify(broken)}`,
    );
  });
});
