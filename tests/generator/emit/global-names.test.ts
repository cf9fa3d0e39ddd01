/**
 * A table whose class shadows a global the table's `.js` uses at import: the IR is parsed
 * with `JSON.parse(String.raw`...`)` before `export class String` (table `strings`) or
 * `export class JSON` (`@dbgen class: JSON`) is initialised, so the bare names threw
 * "Cannot access 'String' before initialization" when an app imported the client.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { generateClient } from '@dbgen/generator';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const app = mkdtempSync(join(tmpdir(), 'dbgen-global-names-'));
after(() => rmSync(app, { recursive: true, force: true }));

const SCHEMA = `Table strings {
  id integer [pk]
  label text
}
Table things {
  id integer [pk]
  string_id integer [ref: > strings.id]
  Note: '@dbgen class: JSON'
}
Table posts {
  id integer [pk]
  thing_id integer [ref: > things.id]
}
`;

test('a client with classes String and JSON imports in a fresh process', async () => {
  mkdirSync(join(app, 'node_modules', '@dbgen'), { recursive: true });
  symlinkSync(join(repo, 'packages', 'runtime'), join(app, 'node_modules', '@dbgen', 'runtime'));
  writeFileSync(join(app, 'schema.dbml'), SCHEMA);
  const result = await generateClient({ schema: 'schema.dbml', out: 'client', cwd: app });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.diagnostics));
  const index = pathToFileURL(join(app, 'client', 'index.js')).href;
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(index)});
       console.log(Object.keys(m).sort().join(','), m.String.c.$name, m.JSON.c.$name);`,
    ],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  assert.equal(run.stdout.trim(), 'JSON,Post,String,posts,strings,things strings things');
  // The files that declare or import the shadowing classes reach the globals explicitly.
  for (const file of ['strings.js', 'things.js', 'posts.js']) {
    const source = readFileSync(join(app, 'client', file), 'utf8');
    assert.match(source, /= globalThis\.JSON\.parse\(globalThis\.String\.raw`\{/, file);
  }
});
