// V8's internals (%HaveSameMap, %HasDictionaryElements, %DebugPrint, ...) are visible only
// with natives syntax, which is off in the test runner: such checks run in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `body` (an ES module, imports relative to the repository root, `@dbgen/*` from the
 * sources) under --allow-natives-syntax and returns what it printed.
 */
export function runNativeText(body: string): string {
  const out = spawnSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--conditions=dbgen-source',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      body,
    ],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

/** {@link runNativeText}, its output parsed as JSON. */
export function runNative(body: string): unknown {
  return JSON.parse(runNativeText(body));
}
