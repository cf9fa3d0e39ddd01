// With tracing off (the default), @opentelemetry/api is never loaded: an app that does not
// trace need not install it. Checked in a fresh process, where nothing else loaded it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../../examples/support.js';

/** The @opentelemetry packages a fresh process loaded for an engine (traced or not). */
async function packagesLoaded(tracing: boolean): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-tracing-off-'));
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--conditions=dbgen-source',
        '--import',
        'tsx',
        join(repoRoot, 'tests/runtime/observe/fixtures/no-tracing.ts'),
        `sqlite:${join(dir, 'app.db')}`,
        ...(tracing ? ['tracing'] : []),
      ],
      { cwd: repoRoot },
    );
    assert.equal(stderr, '');
    return (JSON.parse(stdout) as { loaded: string[] }).loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('no @opentelemetry package is loaded when tracing is off', async () => {
  assert.deepEqual(await packagesLoaded(false), []);
});

test('(the probe sees it when tracing is on)', async () => {
  assert.deepEqual(await packagesLoaded(true), ['@opentelemetry/api']);
});
