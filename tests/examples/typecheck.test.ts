/**
 * The examples (and the demo that runs them) compile under the strictest settings, against
 * the built packages and the generated client, the way a user's project would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureExampleClient, repoRoot } from './support.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function runTsc(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('examples/ and scripts/demo/ type-check (tsc -p examples/tsconfig.json)', async () => {
  await ensureExampleClient();
  const build = runTsc(['-b', join(repoRoot, 'packages/generator')]);
  assert.equal(build.status, 0, `building the packages failed:\n${build.output}`);
  const check = runTsc(['-p', join(repoRoot, 'examples/tsconfig.json')]);
  assert.equal(check.output, '');
  assert.equal(check.status, 0);
});
