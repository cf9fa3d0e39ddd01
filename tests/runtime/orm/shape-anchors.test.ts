// The object kept alive per mapper for its hidden class (shape-anchors.ts) must hold no
// user data: each column value is swapped for a stand-in of the same kind. And the anchors
// must do their job: code compiled against per-session classes survives a full collection.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { placeholderOf } from '../../../packages/runtime/src/orm/state/shape-anchors.js';

test('placeholderOf: a stand-in of the same kind, never the value itself', () => {
  assert.equal(placeholderOf(42), 0);
  assert.equal(placeholderOf(1.5), 0);
  assert.equal(placeholderOf('secret'), '');
  assert.equal(placeholderOf(true), false);
  assert.equal(placeholderOf(12n), 0n);
  assert.equal(placeholderOf(null), null);
  assert.equal(placeholderOf(undefined), undefined);
  assert.equal(placeholderOf(new Date(0)), null);
  assert.equal(placeholderOf(Buffer.from('secret')), null);
  assert.equal(placeholderOf({ token: 'secret' }), null);
});

test('a full collection between select-in loads on fresh sessions keeps their optimized code', () => {
  // V8 internals are only visible with natives syntax, so the load runs in a child process.
  const script = fileURLToPath(new URL('./fixtures/code-after-gc.ts', import.meta.url));
  const out = execFileSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--expose-gc',
      '--conditions=dbgen-source',
      '--import',
      'tsx',
      script,
    ],
    { encoding: 'utf8' },
  );
  const { loaded, before, after } = JSON.parse(out) as {
    loaded: number;
    before: string[];
    after: string[];
  };
  assert.equal(loaded, 60);
  // Compiled against the maps of a child-group list and of an object state, which die
  // with their session: without their anchors the collection discards this code.
  for (const name of ['ChildGroups.list', 'InstanceState.relations'])
    assert.ok(before.includes(name), `${name} was optimized for the test`);
  assert.deepEqual(after, before);
});
