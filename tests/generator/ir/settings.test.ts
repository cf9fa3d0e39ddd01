import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOk, diagnose, semanticCodes } from './helpers.js';

test('a misspelt column setting is an error at the setting, naming what is accepted', () => {
  const [diagnostic, ...rest] = diagnose('Table users {\n  id int [pk, nul]\n}\n');
  assert.deepEqual(rest, []);
  assert.equal(diagnostic?.code, 'DBML237');
  assert.equal(diagnostic?.severity, 'error');
  assert.deepEqual([diagnostic?.span?.line, diagnostic?.span?.column], [2, 15]);
  assert.equal(
    diagnostic?.message,
    "unknown column setting 'nul'; expected one of: pk, primary key, null, not null, unique, increment, default, note, ref, check",
  );
});

test('unknown settings are reported on every element that takes settings', () => {
  const source = [
    'Table users [headcolor: #fff] {', // 1
    '  id int [pk]',
    '  email varchar',
    '  indexes {',
    '    email [uniq]', // 5
    '  }',
    '  checks {',
    '    `id > 0` [nme: "positive"]', // 8
    '  }',
    '}',
    'Enum role { admin [colour: "x"] }', // 11
    'Ref: users.id < users.id [ondelete: cascade]', // 12
    'TableGroup g [colr: #fff] { users }', // 13
  ].join('\n');
  const unknown = semanticCodes(source).filter((c) => c.startsWith('DBML237'));
  assert.deepEqual(unknown, [
    'DBML237@1',
    'DBML237@5',
    'DBML237@8',
    'DBML237@11',
    'DBML237@12',
    'DBML237@13',
  ]);
});

test('every setting the spec lists is accepted', () => {
  compileOk(
    [
      'Table users [headercolor: #3498DB, note: "people"] {',
      "  id int [pk, increment, not null, unique, note: 'key', check: `id > 0`]",
      "  email varchar [null, default: 'x']",
      '  indexes { email [name: "by_email", type: btree, unique, note: "n"] }',
      '  checks { `id > 0` [name: "positive"] }',
      '}',
      'Table posts { id int [primary key] \n author int [ref: > users.id] }',
      'Ref r: posts.id - users.id [delete: cascade, update: no action, color: #fff]',
      'TableGroup g [color: #fff, note: "n"] { users }',
    ].join('\n'),
  );
});
