/**
 * `@dbgen constraint` in a unique index's note: the index is the table's unique
 * constraint (DBML has no named or composite one), so a pulled constraint builds back as
 * a constraint, not as a unique index push would swap it for. Misuse is reported.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOk, diagnose, table, withoutSpans } from './helpers.js';

const schema = (index: string): string =>
  [
    'Table t {',
    '  id int [pk]',
    '  a text',
    '  b text',
    '  indexes {',
    `    ${index}`,
    '  }',
    '}',
  ].join('\n');

test('a unique index marked @dbgen constraint is a unique constraint, not an index', () => {
  const { ir } = compileOk(schema("(a, b) [unique, name: 'ab_uq', note: '@dbgen constraint']"));
  const t = table(ir, 'public.t');
  assert.deepEqual(withoutSpans(t.uniques), [{ name: 'ab_uq', columns: ['a', 'b'] }]);
  assert.deepEqual(t.indexes, []);
});

test('without the mark it stays a unique index', () => {
  const { ir } = compileOk(schema("(a, b) [unique, name: 'ab_uq']"));
  assert.deepEqual(table(ir, 'public.t').uniques, []);
  assert.equal(table(ir, 'public.t').indexes.length, 1);
});

test('@dbgen constraint on what cannot be a unique constraint is an error where written', () => {
  for (const [index, message] of [
    ["a [name: 'x', note: '@dbgen constraint']", /needs `unique`/],
    ["`lower(a)` [unique, note: '@dbgen constraint']", /columns, not expressions/],
    ["a [unique, type: hash, note: '@dbgen constraint']", /no index type/],
    ["a [unique, note: '@dbgen constraint: yes']", /takes no value/],
  ] as const) {
    const errors = diagnose(schema(index)).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, index);
    assert.equal(errors[0]?.code, 'DBML240');
    assert.match(errors[0]?.message ?? '', message);
    assert.equal(errors[0]?.span?.line, 6);
  }
});
