// The object kept alive per mapper for its hidden class (shape-anchors.ts) must hold no
// user data: each column value is swapped for a stand-in of the same kind.
import assert from 'node:assert/strict';
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
