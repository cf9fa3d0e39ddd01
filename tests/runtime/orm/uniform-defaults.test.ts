// Which default texts of a SQLite table the rowid path takes as one value per INSERT
// statement (orm/flush/uniform-defaults.ts): those it reads from each statement's last row
// instead of comparing every row's values. A text taken wrongly would give every object of
// a statement one row's value; one refused wrongly only costs the comparison.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantPerStatement } from '../../../packages/runtime/src/orm/flush/uniform-defaults.js';

test('literals, CURRENT_* and date functions of literals are one value per statement', () => {
  for (const text of [
    '5',
    '-1.5e3',
    '+.5',
    '1.',
    '0x1F',
    "x'00ff'",
    'NULL',
    'true',
    'CURRENT_TIMESTAMP',
    'current_date',
    "'a''b'",
    "( 'x(y' )",
    '((1))',
    "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    "datetime('now', 'localtime')",
    "unixepoch('now', 'subsec')",
    "datetime(1700000000, 'unixepoch')",
    "'''||random()||'''", // one string literal, quotes doubled inside
  ])
    assert.equal(constantPerStatement(text), true, text);
});

test('anything else is compared: functions, operators, names, calls without arguments', () => {
  for (const text of [
    'random()',
    '(abs(random()) % 1000000000)',
    'hex(randomblob(4))',
    "upper('new')",
    "'a' || 'b'",
    "(strftime('%s', 'now') + random())",
    "(case when random() & 1 then 'A' else 'a' end)",
    "(datetime('now') || 'x')",
    'julianday()',
    'CURRENT_TIMESTAMP()',
    '"status"',
    'status',
    "'x' collate nocase",
  ])
    assert.equal(constantPerStatement(text), false, text);
});
