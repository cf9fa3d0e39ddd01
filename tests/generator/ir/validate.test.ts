import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, semanticCodes } from './helpers.js';

// Each case: the schema (line 1 is the first line) and the exact `code@line` list expected.
const CASES: [string, string, string[]][] = [
  ['unknown table in a ref', 'Table a { id int [pk] }\nRef: a.id > b.id', ['DBML201@2']],
  [
    'unknown column in a ref',
    'Table a { id int [pk] }\nTable b { id int [pk] }\nRef: a.x > b.id',
    ['DBML202@3'],
  ],
  [
    'unknown column in an inline ref',
    'Table a { id int [pk] }\nTable b {\n  id int [pk]\n  a_id int [ref: > a.nope]\n}',
    ['DBML202@4'],
  ],
  [
    'unknown enum in a default',
    'Table a {\n  id int [pk]\n  s text [default: nope.x]\n}',
    ['DBML203@3'],
  ],
  [
    'qualified type near an enum schema (warning)',
    'Enum auth.role {\n  admin\n}\nTable a {\n  id int [pk]\n  r auth.rol\n}',
    ['DBML203@6'],
  ],
  ['unknown partial', 'Table a {\n  id int [pk]\n  ~nope\n}', ['DBML204@3']],
  [
    'unknown enum value (enum.value)',
    'Enum e { x }\nTable a {\n  id int [pk]\n  s e [default: e.y]\n}',
    ['DBML205@4'],
  ],
  [
    'unknown enum value (string)',
    "Enum e { x }\nTable a {\n  id int [pk]\n  s e [default: 'y']\n}",
    ['DBML205@4'],
  ],
  ['duplicate table', 'Table a { id int [pk] }\nTable a { id int [pk] }', ['DBML210@2']],
  ['duplicate column', 'Table a {\n  id int [pk]\n  id int\n}', ['DBML211@2', 'DBML211@3']],
  ['duplicate enum', 'Enum e { x }\nEnum e { y }', ['DBML212@2']],
  ['duplicate enum value', 'Enum e {\n  x\n  x\n}', ['DBML213@3']],
  [
    'duplicate index name',
    "Table a {\n  id int [pk]\n  b int\n  indexes {\n    id [name: 'i']\n    b [name: 'i']\n  }\n}",
    ['DBML214@6'],
  ],
  ['duplicate alias', 'Table a as X { id int [pk] }\nTable b as X { id int [pk] }', ['DBML215@2']],
  [
    'duplicate table group',
    'Table a { id int [pk] }\nTableGroup g { a }\nTableGroup g { }',
    ['DBML216@3'],
  ],
  [
    'table in two groups',
    'Table a { id int [pk] }\nTableGroup g {\n  a\n}\nTableGroup h {\n  a\n}',
    ['DBML217@6'],
  ],
  [
    'two refs between the same columns',
    'Table a { id int [pk] }\nTable b { id int [pk] }\nRef: a.id > b.id\nRef: b.id < a.id',
    ['DBML218@3', 'DBML218@4'],
  ],
  [
    'FK type mismatch (warning)',
    'Table a { id int [pk] }\nTable b {\n  id int [pk]\n  a_id varchar [ref: > a.id]\n}',
    ['DBML220@4'],
  ],
  [
    'composite ref arity',
    'Table a {\n  id int [pk]\n  x int\n}\nTable b {\n  id int [pk]\n  y int\n}\nRef: a.(id, x) > b.(y)',
    ['DBML221@9'],
  ],
  [
    'a column referencing itself',
    'Table a {\n  id int [pk]\n  p int [ref: > a.p]\n}',
    ['DBML222@3'],
  ],
  ['pk with null', 'Table a {\n  id int [pk, null]\n}', ['DBML223@2']],
  ['null with not null', 'Table a {\n  id int [pk]\n  b int [null, not null]\n}', ['DBML223@3']],
  [
    'string default on an integer',
    "Table a {\n  id int [pk]\n  n int [default: 'x']\n}",
    ['DBML224@3'],
  ],
  [
    'fractional default on an integer',
    'Table a {\n  id int [pk]\n  n int [default: 1.5]\n}',
    ['DBML224@3'],
  ],
  [
    'null default on not null',
    'Table a {\n  id int [pk]\n  n int [not null, default: null]\n}',
    ['DBML224@3'],
  ],
  [
    'number default on a boolean',
    'Table a {\n  id int [pk]\n  b boolean [default: 7]\n}',
    ['DBML224@3'],
  ],
  ['no primary key (warning)', 'Table a {\n  x int\n}', ['DBML225@1']],
  [
    'two primary keys',
    'Table a {\n  id int [pk]\n  b int\n  indexes {\n    b [pk]\n  }\n}',
    ['DBML226@5'],
  ],
  [
    'a bare name as default',
    'Table a {\n  id int [pk]\n  s text [default: nope]\n}',
    ['DBML228@3'],
  ],
  [
    'two relations with the same name',
    "Table u { id int [pk] }\nTable p {\n  id int [pk]\n  a_id int [ref: > u.id, note: '@dbgen relation: x']\n  b_id int [ref: > u.id, note: '@dbgen relation: x']\n}",
    ['DBML230@5'],
  ],
  [
    'relation named like a column',
    "Table u { id int [pk] }\nTable p {\n  id int [pk]\n  name text\n  a_id int [ref: > u.id, note: '@dbgen relation: name']\n}",
    ['DBML231@5'],
  ],
  ['reserved property', 'Table a {\n  id int [pk]\n  constructor int\n}', ['DBML232@3']],
  ['$ property', 'Table a {\n  id int [pk]\n  "$x" int\n}', ['DBML232@3']],
  [
    'two tables, one class',
    'Table user { id int [pk] }\nTable users { id int [pk] }',
    ['DBML233@2'],
  ],
  [
    'two columns, one property',
    'Table a {\n  id int [pk]\n  user_id int\n  userId int\n}',
    ['DBML234@4'],
  ],
  [
    'unknown extension key',
    "Table a {\n  id int [pk, note: '@dbgen colour: red']\n}",
    ['DBML240@2'],
  ],
  [
    'unknown project extension',
    "Project p {\n  dbgen_versoin: 'v'\n}\nTable a { id int [pk] }",
    ['DBML240@2'],
  ],
  [
    'version column not an integer',
    "Table a {\n  id int [pk]\n  v text [note: '@dbgen version']\n}",
    ['DBML241@3'],
  ],
  [
    'records with too many values',
    'Table a {\n  id int [pk]\n  records (id) {\n    1, 2\n  }\n}',
    ['DBML242@4'],
  ],
  ['empty enum', 'Enum e {\n}\nTable a {\n  id int [pk]\n}', ['DBML219@1']],
  ['table without columns', 'Table a {\n}', ['DBML227@1']],
  [
    'duplicate partial',
    'TablePartial p {\n  id int\n}\nTablePartial p {\n  x int\n}\nTable a {\n  id int [pk]\n}',
    ['DBML216@4'],
  ],
  [
    'two Records blocks for one table',
    'Table a {\n  id int [pk]\n  records (id) {\n    1\n  }\n}\nrecords a(id) {\n  2\n}',
    ['DBML229@7'],
  ],
  [
    'unknown referential action',
    'Table a {\n  id int [pk]\n}\nTable b {\n  id int [pk]\n}\nRef: a.id > b.id [delete: explode]',
    ['DBML235@7'],
  ],
  [
    'check that is not an expression',
    "Table a {\n  id int [pk]\n  n int [check: 'x > 1']\n}",
    ['DBML236@3'],
  ],
  [
    'unknown column in an index',
    'Table a {\n  id int [pk]\n  indexes {\n    nope\n  }\n}',
    ['DBML202@4'],
  ],
  [
    'unknown columns in a named and an unnamed index',
    "Table a {\n  id int [pk]\n  indexes {\n    (id, gone) [name: 'i']\n    nope\n  }\n}",
    ['DBML202@4', 'DBML202@5'],
  ],
  [
    'pk index on a null column',
    'Table a {\n  id int [null]\n  indexes {\n    id [pk]\n  }\n}',
    ['DBML223@2'],
  ],
  ['unknown table in a group', 'TableGroup g {\n  nope\n}', ['DBML201@2']],
  ['unknown table in records', 'records nope(id) {\n  1\n}', ['DBML201@1']],
];

for (const [name, source, expected] of CASES) {
  test(`diagnostic: ${name}`, () => {
    assert.deepEqual(semanticCodes(source), expected);
  });
}

test('every finding is located and has a message naming what was found', () => {
  const diagnostics = diagnose('Table a {\n  id int [pk]\n  n date [default: 1]\n}');
  assert.deepEqual(
    diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: d.span?.line,
      column: d.span?.column,
      file: d.span?.file,
    })),
    [
      {
        code: 'DBML224',
        severity: 'error',
        message:
          "the default of 'n' (date) must be a string literal or an expression, found the number 1",
        line: 3,
        column: 11,
        file: '/virtual/schema.dbml',
      },
    ],
  );
});

test('warnings do not withhold the IR; errors do', async () => {
  const { compileSchemaSource } = await import('@dbgen/generator');
  const warned = compileSchemaSource('Table a { x int }', '/v/a.dbml', {
    readFile: () => undefined,
  });
  assert.ok(warned.ir);
  const failed = compileSchemaSource('Table a { id int [pk] }\nRef: a.id > b.id', '/v/a.dbml', {
    readFile: () => undefined,
  });
  assert.equal(failed.ir, null);
});

test('a warning echoing a syntax error in the same table is left out; errors stay', () => {
  const diagnostics = diagnose(
    'Table users {\n  id int [pk\n  name varchar\n}\nRef: users.nope > users.id\n',
  );
  assert.ok(diagnostics.some((d) => d.code.startsWith('DBML1') && d.severity === 'error'));
  assert.ok(!diagnostics.some((d) => d.code === 'DBML225'));
  assert.ok(diagnostics.some((d) => d.code === 'DBML202'));
});
