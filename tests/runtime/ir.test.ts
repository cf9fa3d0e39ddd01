import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IR_VERSION, qualifiedKey } from '@dbgen/runtime';

test('tables are keyed by schema and name', () => {
  assert.equal(qualifiedKey('public', 'users'), 'public.users');
  assert.equal(qualifiedKey('auth', 'users'), 'auth.users');
  assert.equal(IR_VERSION, 1);
});
