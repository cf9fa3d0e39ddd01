// The built `dbgen` executable as a user's shell runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');

test('a reader that closes the pipe early (dbgen sql | head) is not a crash', () => {
  const run = spawnSync(
    'bash',
    [
      '-c',
      `set -o pipefail; node ${bin} sql --dialect sqlite --schema schema.example.dbml | head -1`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(run.stdout, 'CREATE TABLE "users" (\n');
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
});

test('exit codes: 0 for help, 2 for a usage error, 1 for a user error', () => {
  const help = spawnSync('node', [bin, '--help'], { cwd: root, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: dbgen/);
  const usage = spawnSync('node', [bin, 'frobnicate'], { cwd: root, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown command 'frobnicate'/);
  const missing = spawnSync('node', [bin, 'check', 'no-such.dbml'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^error: schema file not found: .*no-such\.dbml$/m);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});
