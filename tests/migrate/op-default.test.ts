// A column default in a migration file (JavaScript, so any shape gets through the types):
// a string, a finite number, a boolean, null, { sql } or { number } becomes the IR's
// default; anything else is refused naming the operation and column. An IR-shaped
// `{ kind: 'number', value: 7 }` was accepted and rendered `DEFAULT undefined`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { op, type Operation } from '@dbgen/runtime';

const added = (value: unknown): Operation =>
  op.addColumn('users', { name: 'age', type: 'integer', default: value as never });

test('the default forms a migration may write become the IR default', () => {
  const defaultOf = (value: unknown) =>
    (added(value) as { column: { default: unknown } }).column.default;
  assert.deepEqual(defaultOf(7), { kind: 'number', value: 7 });
  assert.deepEqual(defaultOf('x'), { kind: 'string', value: 'x' });
  assert.deepEqual(defaultOf(false), { kind: 'boolean', value: false });
  assert.equal(defaultOf(null), null);
  assert.deepEqual(defaultOf({ sql: 'now()' }), { kind: 'expression', sql: 'now()' });
  assert.deepEqual(defaultOf({ number: '12.50' }), { kind: 'number', value: '12.50' });
});

test('any other default is refused, naming the operation and the column', () => {
  for (const bad of [{ kind: 'number', value: 7 }, { number: 'abc' }, NaN, new Date(0), [1]]) {
    assert.throws(() => added(bad), /addColumn users: column "age": default .* is not a default/);
  }
  assert.throws(
    () => op.alterColumn('users', 'age', { default: { kind: 'string', value: 'x' } as never }),
    /alterColumn users: column "age": default/,
  );
});
