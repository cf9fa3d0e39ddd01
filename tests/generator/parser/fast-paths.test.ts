/**
 * The parser reads flag settings (`pk`, `not null`), all-number type arguments and line
 * breaks without invoking their rules (parser-base.ts). These tests hold the AST and the
 * errors of those inputs to what the rules give: same settings, spans and messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDbml } from '@dbgen/generator';
import type { ColumnNode, TableNode } from '../../../packages/generator/src/dbml/ast.js';

function columns(source: string): ColumnNode[] {
  const result = parseDbml(source, 'x.dbml');
  assert.deepEqual(result.diagnostics, []);
  const table = result.file.elements[0] as TableNode;
  return table.members as ColumnNode[];
}

test('flag settings of one and two words keep their names and spans', () => {
  const [id] = columns('Table t {\n  id int [pk,  not  null, default: 1, unique]\n}\n');
  assert.deepEqual(
    id!.settings.map((s) => [s.name, s.value?.kind ?? null, s.span.column, s.span.endColumn]),
    [
      ['pk', null, 11, 13],
      ['not null', null, 16, 25],
      ['default', 'number', 27, 37],
      ['unique', null, 39, 45],
    ],
  );
  const notNull = id!.settings[1]!;
  assert.deepEqual(notNull.nameSpan, notNull.span);
  assert.equal(notNull.span.line, 2);
});

test('type arguments: all numbers, or mixed, give the same args and raw text', () => {
  const [a, b, c, d] = columns(
    'Table t {\n  a decimal(10, 2)\n  b decimal(10, x)\n  c numeric(-1, 2)\n  d varchar()\n}\n',
  );
  assert.deepEqual(a!.type.args, ['10', '2']);
  assert.equal(a!.type.raw, 'decimal(10,2)');
  assert.deepEqual(b!.type.args, ['10', 'x']);
  assert.deepEqual(c!.type.args, ['-1', '2']);
  assert.deepEqual(d!.type.args, []);
  assert.equal(d!.type.raw, 'varchar()');
});

test('settings of more words still go through the rule', () => {
  const [id] = columns('Table t {\n  id int [pk, not null x y]\n}\n');
  assert.deepEqual(
    id!.settings.map((s) => s.name),
    ['pk', 'not null x y'],
  );
});

test('errors next to the fast paths are the rules’ errors', () => {
  const errors = (source: string): unknown[] =>
    parseDbml(source, 'x.dbml').diagnostics.map((d) => [
      d.code,
      d.message,
      d.span?.line,
      d.span?.column,
    ]);
  assert.deepEqual(errors('Table t {\n  a decimal(10, )\n}\n'), [
    [
      'DBML121',
      "expected a type argument (a number or a name) in the type arguments, found ')'",
      2,
      17,
    ],
  ]);
  assert.deepEqual(errors('Table t {\n  id int [pk,]\n}\n'), [
    ['DBML122', "expected a name in the setting, found ']'", 2, 14],
  ]);
});
