import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Column, defineTable, type Column as C } from '@dbgen/runtime';
import { column, table } from '../../support/ir.js';

interface UsersColumns {
  readonly id: C<number>;
  readonly createdAt: C<Date>;
}

const users = defineTable<UsersColumns>(
  table('users', [
    column('id', 'integer', { primaryKey: true }),
    column('created_at', 'timestamptz'),
  ]),
);

test('defineTable exposes columns by property name and $ members', () => {
  assert.ok(users.id instanceof Column);
  assert.equal(users.createdAt.name, 'created_at');
  assert.equal(users.$name, 'users');
  assert.equal(users.$key, 'public.users');
  assert.deepEqual(Object.keys(users), ['id', 'createdAt']);
  assert.deepEqual(
    users.$columns.map((c) => c.name),
    ['id', 'created_at'],
  );
  const u = users.$alias('u');
  assert.equal(u.id.node.table, 'u');
  assert.equal(users.id.node.table, 'users');
});
