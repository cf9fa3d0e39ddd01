/**
 * The studio's page ships in the published CLI: `npm pack` of @dbgen/cli holds the static
 * files, and the packed `dist/studio/assets.js` finds and reads them where the tarball puts
 * them (the layout a user's node_modules has).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const STATIC = ['index.html', 'app.js', 'app.css'];
let dir = '';
let unpacked = '';

before(
  () => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'],
      {
        cwd: ROOT,
      },
    );
    dir = mkdtempSync(join(tmpdir(), 'dbgen-studio-pack-'));
    const tarball = execFileSync(
      'npm',
      ['pack', '--silent', '--pack-destination', dir, join(ROOT, 'packages/cli')],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    ).trim();
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
    unpacked = join(dir, 'package');
  },
  { timeout: 300_000 },
);

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the packed CLI holds the studio page and its built server finds it', async () => {
  const assets = (await import(pathToFileURL(join(unpacked, 'dist/studio/assets.js')).href)) as {
    readAsset(path: string): Promise<{ body: Buffer; type: string } | null>;
  };
  for (const [path, file, type] of [
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['/app.css', 'app.css', 'text/css; charset=utf-8'],
  ] as const) {
    const asset = await assets.readAsset(path);
    assert.ok(asset, `${path} is served from the package`);
    assert.equal(asset.type, type);
    const source = readFileSync(join(ROOT, 'packages/cli/src/studio/static', file));
    assert.ok(asset.body.equals(source), `${path} is the repository's ${file}`);
  }
  assert.equal(await assets.readAsset('/../package.json'), null);
  for (const file of STATIC) {
    assert.ok(readFileSync(join(unpacked, 'src/studio/static', file)).length > 0, file);
  }
});
