/** `@dbgen where:` / `include:` in index notes: read into the IR, and bad ones reported where written. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOk, diagnose, table, withoutSpans } from './helpers.js';

test('where and include come out of the index note; the rest of the note stays', () => {
  const { ir } = compileOk(
    [
      'Table users {',
      '  id int [pk]',
      '  email varchar',
      '  name text',
      '  status text',
      '  indexes {',
      "    email [unique, note: '@dbgen where: `status IN (\\'a\\', \\'b\\')`, include: (name, status)']",
      "    `lower(email)` [type: gin, note: '''Search.\n    @dbgen where: `name IS NOT NULL`''']",
      '    name',
      '  }',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(withoutSpans(table(ir, 'public.users').indexes), [
    {
      name: null,
      parts: [{ kind: 'column', name: 'email' }],
      unique: true,
      type: null,
      note: null,
      where: "status IN ('a', 'b')",
      include: ['name', 'status'],
    },
    {
      name: null,
      parts: [{ kind: 'expression', sql: 'lower(email)' }],
      unique: false,
      type: 'gin',
      note: 'Search.',
      where: 'name IS NOT NULL',
    },
    // A plain index has neither key, so snapshots from before these existed compare equal.
    {
      name: null,
      parts: [{ kind: 'column', name: 'name' }],
      unique: false,
      type: null,
      note: null,
    },
  ]);
});

test('an unknown key, an empty predicate, a bad include list and an unknown include column are errors', () => {
  const source = [
    'Table users {', // 1
    '  id int [pk]',
    '  email varchar',
    '  indexes {',
    "    email [note: '@dbgen wher: `x`']", // 5
    "    id [note: '@dbgen where']", // 6
    "    (id, email) [note: '@dbgen include: (a b)']", // 7
    "    (email, id) [note: '@dbgen include: (nope)']", // 8
    '  }',
    '}',
  ].join('\n');
  const found = diagnose(source)
    .filter((d) => d.code.startsWith('DBML2'))
    .map((d) => `${d.code}@${d.span?.line}: ${d.message}`);
  assert.deepEqual(found, [
    "DBML240@5: unknown @dbgen index setting 'wher'; expected one of: where, include, constraint",
    'DBML240@6: @dbgen where: expected a SQL predicate in backticks, found no value',
    "DBML240@7: @dbgen include: expected column names in parentheses, e.g. (name, email), found '(a b)'",
    "DBML202@8: column 'nope' does not exist in table 'users' (in an index's @dbgen include)",
  ]);
});
