// V8's internals (%HaveSameMap, %HasDictionaryElements, ...) are visible only with natives
// syntax, which is off in the test runner: such checks run in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `body` (an ES module, imports relative to the repository root) under
 * --allow-natives-syntax and returns what it printed, parsed as JSON.
 */
export function runNative(body: string): unknown {
  const out = spawnSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', body],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}
