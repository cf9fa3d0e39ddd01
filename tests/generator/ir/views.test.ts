/** `@dbgen view:` in a table note: the IR marks the table a view; what a view cannot have is an error where written. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOk, diagnose, table } from './helpers.js';

test('a view keeps its query and its columns; the rest of the note stays', () => {
  const { ir } = compileOk(
    [
      'Table players {',
      '  id int [pk]',
      '  score int',
      '}',
      'Table top {',
      '  id int [pk]',
      '  score int',
      "  Note: '''Best ones.",
      "  @dbgen view: `SELECT id, score FROM players WHERE score > 10 AND id IN (1, 2)`'''",
      '}',
    ].join('\n'),
  );
  const top = table(ir, 'public.top');
  assert.deepEqual(top.view, {
    sql: 'SELECT id, score FROM players WHERE score > 10 AND id IN (1, 2)',
  });
  assert.equal(top.note, 'Best ones.');
  assert.deepEqual(
    top.columns.map((c) => c.name),
    ['id', 'score'],
  );
  assert.equal('view' in table(ir, 'public.players'), false);
});

test('an index, a check, a default or a ref on a view is an error at its place', () => {
  const source = [
    'Table players {', // 1
    '  id int [pk]',
    '  top_id int [ref: > top.id]', // 3
    '}',
    'Table top {', // 5
    '  id int [pk]',
    '  score int [default: 0]', // 7
    '  indexes {',
    '    score', // 9
    '  }',
    '  checks {',
    '    `score > 0`', // 12
    '  }',
    "  Note: '@dbgen view: `SELECT id, 1 AS score FROM players`'",
    '}',
  ].join('\n');
  const found = diagnose(source)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}@${d.span?.line}: ${d.message}`);
  assert.deepEqual(found, [
    "DBML240@3: 'top' is a view (@dbgen view) and cannot have a foreign key pointing at it (from players)",
    "DBML240@7: 'top' is a view (@dbgen view) and cannot have a default (column 'score')",
    "DBML240@9: 'top' is a view (@dbgen view) and cannot have an index",
    "DBML240@12: 'top' is a view (@dbgen view) and cannot have a check",
  ]);
});

test('materialized marks a view materialized; alone it is an error', () => {
  const { ir } = compileOk(
    [
      'Table players {',
      '  id int [pk]',
      '}',
      'Table snapshot {',
      '  id int [pk]',
      "  Note: '@dbgen view: `SELECT id FROM players`, materialized'",
      '}',
    ].join('\n'),
  );
  assert.deepEqual(table(ir, 'public.snapshot').view, {
    sql: 'SELECT id FROM players',
    materialized: true,
  });
  const found = diagnose("Table t {\n  id int [pk]\n  Note: '@dbgen materialized'\n}\n")
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}@${d.span?.line}: ${d.message}`);
  assert.deepEqual(found, ['DBML240@3: @dbgen materialized needs a view: `SELECT ...` beside it']);
});
