/**
 * `dbgen generate --out src` by mistake in a CommonJS project: the client's package.json
 * ("type": "module") beside the project's own `.js` files broke `require` in them, and
 * generate exited 0. It now refuses, names the files, and writes nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli.js';

let app = '';
before(() => {
  app = mkdtempSync(join(tmpdir(), 'dbgen-out-src-'));
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "type": "commonjs" }\n');
  writeFileSync(join(app, 'schema.dbml'), 'Table users {\n  id integer [pk]\n}\n');
  mkdirSync(join(app, 'src'));
  writeFileSync(join(app, 'src', 'app.js'), 'console.log(require("node:path").sep);\n');
});
after(() => rmSync(app, { recursive: true, force: true }));

test("generate --out into a folder of the project's own code exits 1 and writes nothing", async () => {
  const run = await runCli(['generate', '--schema', 'schema.dbml', '--out', 'src'], app);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^error: .*src holds source files that dbgen did not generate \(app\.js\);.* --out .*src\/db\.$/,
  );
  assert.deepEqual(readdirSync(join(app, 'src')), ['app.js']);
  const own = spawnSync(process.execPath, ['src/app.js'], { cwd: app, encoding: 'utf8' });
  assert.equal(own.stderr, '');
  assert.equal(own.stdout.trim(), '/');
});

test('a dedicated folder inside it is fine', async () => {
  const run = await runCli(['generate', '--schema', 'schema.dbml', '--out', 'src/db'], app);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(readdirSync(join(app, 'src', 'db')).includes('package.json'));
});
