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
    const broken = await client.nextDiagnostics(mainUri, seen);
    assert.ok(broken.length > 0);
    assert.ok(
      broken.some((d) => d.code === 'DBML151' && d.range.start.line === 0),
      `the use names an element auth.dbml no longer exports: ${JSON.stringify(broken)}`,
    );
    await client.change(ws.auth, AUTH, 3);
    assert.deepEqual(await client.nextDiagnostics(mainUri, seen + 1), []);
  });
});
