/**
 * The studio's page ships in the published CLI: `npm pack` of @dbgen/cli holds the static
 * files, and the packed `dist/studio/assets.js` finds and reads them where the tarball puts
 * them (the layout a user's node_modules has).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
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
  const files = readdirSync(join(ROOT, 'packages/cli/src/studio/static'));
  assert.ok(files.length >= 8, files.join(', '));
  for (const file of files) {
    const path = file === 'index.html' ? '/' : `/${file}`;
    const asset = await assets.readAsset(path);
    assert.ok(asset, `${path} is served from the package`);
    assert.equal(asset.type, TYPES[file.split('.').pop()!]);
    const source = readFileSync(join(ROOT, 'packages/cli/src/studio/static', file));
    assert.ok(asset.body.equals(source), `${path} is the repository's ${file}`);
  }
  for (const outside of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/index.html.js',
    '/nope.js',
  ]) {
    assert.equal(await assets.readAsset(outside), null, outside);
  }
});
