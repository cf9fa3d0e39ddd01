/**
 * A browser test that cannot get Chromium is never skipped silently: `skipLoudly` prints a
 * banner with the reason on stderr, and the runner reports the test as skipped with it.
 * Run in a child `node --test` so that the skip shows in its report, not in this one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const SUPPORT = pathToFileURL(resolve(import.meta.dirname, '../support/chromium.ts')).href;

/** This process's environment without the runner's marker (with it, the child runs nothing). */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  return env;
}

test('skipLoudly: a banner with the reason on stderr, and the test reported as skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-skip-'));
  try {
    const file = join(dir, 'skipped.test.ts');
    writeFileSync(
      file,
      [
        `import { test } from 'node:test';`,
        `import { skipLoudly } from ${JSON.stringify(SUPPORT)};`,
        `test('needs a browser', (t) => skipLoudly(t, "apt-get update failed (exit 100)\\nCould not resolve 'deb.debian.org'"));`,
      ].join('\n'),
    );
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=tap', file],
      { encoding: 'utf8', env: childEnv() },
    );
    assert.equal(run.status, 0, run.stderr);
    // The runner passes a test file's stderr on as `# ` comment lines: the banner stays whole.
    const output = `${run.stderr}${run.stdout}`.replace(/^# /gm, '');
    const banner = [
      '!'.repeat(78),
      '!!! BROWSER TEST SKIPPED: needs a browser',
      '!!! apt-get update failed (exit 100)',
      "!!! Could not resolve 'deb.debian.org'",
      '!'.repeat(78),
    ].join('\n');
    assert.ok(output.includes(banner), output);
    assert.match(
      run.stdout,
      /ok 1 - needs a browser # SKIP SKIPPED LOUDLY: apt-get update failed \(exit 100\)/,
    );
    assert.match(run.stdout, /# skipped 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
