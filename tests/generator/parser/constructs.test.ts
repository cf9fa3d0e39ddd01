/** One test per construct: the exact AST (spans aside) `parseDbml` builds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDbml } from '@dbgen/generator';
import { elementsOf, firstElement } from './helpers.js';

const str = (value: string, multiline = false) => ({ kind: 'string', value, multiline });
const qn = (...parts: string[]) => ({ parts });
const flag = (name: string) => ({ name, value: null });

test('Project with custom properties and a note', () => {
  assert.deepEqual(
    firstElement(
      "project shop {\n  database_type: 'PostgreSQL'\n  dbgen_naming: snake\n  Note: 'n'\n}",
    ),
    {
      kind: 'project',
      name: 'shop',
      properties: [
        { key: 'database_type', value: str('PostgreSQL') },
        { key: 'dbgen_naming', value: { kind: 'identifier', name: qn('snake') } },
      ],
      note: { kind: 'note', value: 'n' },
    },
  );
});

test('Table: schema-qualified quoted name, alias, settings; case-insensitive keywords', () => {
  assert.deepEqual(
    firstElement(
      'TABLE "my schema".orders As O [headercolor: #3498DB, note: \'t\'] {\n  id int\n}',
    ),
    {
      kind: 'table',
      name: qn('my schema', 'orders'),
      alias: 'O',
      settings: [
        { name: 'headercolor', value: { kind: 'color', value: '#3498DB' } },
        { name: 'note', value: str('t') },
      ],
      members: [
        {
          kind: 'column',
          name: 'id',
          type: { name: qn('int'), args: [], arrayDims: 0, raw: 'int' },
          settings: [],
        },
      ],
    },
  );
});

test('columns: types with arguments, arrays, quoted and schema-qualified types', () => {
  const table = firstElement(
    [
      'Table t {',
      '  a decimal(10, 2)',
      '  b "double precision"',
      '  c int[][]',
      '  d integer[3][3]',
      '  e auth.status',
      '  f int (+-1)',
      '  g varchar("MAX")',
      '}',
    ].join('\n'),
  ) as { members: { type: unknown }[] };
  assert.deepEqual(
    table.members.map((m) => m.type),
    [
      { name: qn('decimal'), args: ['10', '2'], arrayDims: 0, raw: 'decimal(10,2)' },
      { name: qn('double precision'), args: [], arrayDims: 0, raw: 'double precision' },
      { name: qn('int'), args: [], arrayDims: 2, raw: 'int[][]' },
      { name: qn('integer'), args: [], arrayDims: 2, raw: 'integer[3][3]' },
      { name: qn('auth', 'status'), args: [], arrayDims: 0, raw: 'auth.status' },
      { name: qn('int'), args: ['+-1'], arrayDims: 0, raw: 'int(+-1)' },
      { name: qn('varchar'), args: ['MAX'], arrayDims: 0, raw: 'varchar(MAX)' },
    ],
  );
});

test('column settings: every kind of default, check, note, pk/null flags, old bare settings', () => {
  const table = firstElement(
    [
      'Table t {',
      "  a int [primary key, NOT NULL, unique, increment, default: -1.5, note: 'n']",
      "  b text [null, default: `now()`, check: `b <> ''`]",
      '  c bool [default: TRUE, default: null, default: \'x\', default: "y", default: status.active]',
      '  d int PK unique',
      '}',
    ].join('\n'),
  ) as { members: { settings: unknown }[] };
  assert.deepEqual(
    table.members.map((m) => m.settings),
    [
      [
        flag('primary key'),
        flag('not null'),
        flag('unique'),
        flag('increment'),
        { name: 'default', value: { kind: 'number', value: '-1.5' } },
        { name: 'note', value: str('n') },
      ],
      [
        flag('null'),
        { name: 'default', value: { kind: 'expression', sql: 'now()' } },
        { name: 'check', value: { kind: 'expression', sql: "b <> ''" } },
      ],
      [
        { name: 'default', value: { kind: 'boolean', value: true } },
        { name: 'default', value: { kind: 'null' } },
        { name: 'default', value: str('x') },
        { name: 'default', value: str('y') },
        { name: 'default', value: { kind: 'identifier', name: qn('status', 'active') } },
      ],
      [flag('pk'), flag('unique')],
    ],
  );
});

test('inline refs: all four operators, schema-qualified and same-table targets', () => {
  const table = firstElement(
    'Table t {\n  a int [ref: > users.id]\n  b int [ref: < s.u.id, ref: - x.y]\n  c int [ref: <> z.w]\n  d int [ref: -a]\n}',
  ) as { members: { settings: { value: unknown }[] }[] };
  const target = (table: string[], column: string) => ({
    table: { parts: table },
    columns: [column],
  });
  assert.deepEqual(
    table.members.map((m) => m.settings.map((s) => s.value)),
    [
      [{ kind: 'inlineRef', operator: '>', target: target(['users'], 'id') }],
      [
        { kind: 'inlineRef', operator: '<', target: target(['s', 'u'], 'id') },
        { kind: 'inlineRef', operator: '-', target: target(['x'], 'y') },
      ],
      [{ kind: 'inlineRef', operator: '<>', target: target(['z'], 'w') }],
      [{ kind: 'inlineRef', operator: '-', target: target([], 'a') }],
    ],
  );
});

test('indexes: single, composite, expression, mixed, settings, old space-separated form', () => {
  const table = firstElement(
    [
      'Table t {',
      '  a int',
      '  indexes {',
      "    (a, b) [pk, name: 'ab']",
      "    a [unique, type: hash, note: 'n']",
      '    `lower(b)`',
      '    (`a*2`, b)',
      '    a b',
      '  }',
      '}',
    ].join('\n'),
  ) as { members: unknown[] };
  const col = (name: string) => ({ kind: 'column', name });
  const expr = (sql: string) => ({ kind: 'expression', sql });
  assert.deepEqual(table.members[1], {
    kind: 'indexes',
    indexes: [
      {
        kind: 'index',
        parts: [col('a'), col('b')],
        settings: [flag('pk'), { name: 'name', value: str('ab') }],
      },
      {
        kind: 'index',
        parts: [col('a')],
        settings: [
          flag('unique'),
          { name: 'type', value: { kind: 'identifier', name: qn('hash') } },
          { name: 'note', value: str('n') },
        ],
      },
      { kind: 'index', parts: [expr('lower(b)')], settings: [] },
      { kind: 'index', parts: [expr('a*2'), col('b')], settings: [] },
      { kind: 'index', parts: [col('a'), col('b')], settings: [] },
    ],
  });
});

test('checks blocks, table notes (both forms), partial injections, nested records', () => {
  const table = firstElement(
    [
      'Table t {',
      '  ~base',
      '  n int',
      '  checks {',
      "    `n > 0` [name: 'positive']",
      '  }',
      "  Note: 'short'",
      '  Note {',
      "    'braced'",
      '  }',
      '  records (n) {',
      '    1',
      '    -2',
      '  }',
      '}',
    ].join('\n'),
  ) as { members: unknown[] };
  assert.deepEqual(table.members.slice(0, 1).concat(table.members.slice(2)), [
    { kind: 'partialInjection', name: 'base' },
    {
      kind: 'checks',
      checks: [
        {
          kind: 'check',
          expression: 'n > 0',
          settings: [{ name: 'name', value: str('positive') }],
        },
      ],
    },
    { kind: 'note', value: 'short' },
    { kind: 'note', value: 'braced' },
    {
      kind: 'records',
      table: null,
      columns: ['n'],
      rows: [
        { values: [{ kind: 'number', value: '1' }] },
        { values: [{ kind: 'number', value: '-2' }] },
      ],
    },
  ]);
});

test('Ref: short and long forms, names, composite endpoints, settings', () => {
  assert.deepEqual(
    elementsOf(
      [
        'Ref: a.id < b.a_id',
        'Ref fk_name: s.a.(x, y) > s.b.(x, y) [delete: cascade, update: no action, color: #aabbcc]',
        'Ref long {',
        '  a.id - b.id [inactive]',
        '}',
      ].join('\n'),
    ),
    [
      {
        kind: 'ref',
        name: null,
        from: { table: qn('a'), columns: ['id'] },
        operator: '<',
        to: { table: qn('b'), columns: ['a_id'] },
        settings: [],
        short: true,
      },
      {
        kind: 'ref',
        name: qn('fk_name'),
        from: { table: qn('s', 'a'), columns: ['x', 'y'] },
        operator: '>',
        to: { table: qn('s', 'b'), columns: ['x', 'y'] },
        settings: [
          { name: 'delete', value: { kind: 'identifier', name: qn('cascade') } },
          { name: 'update', value: { kind: 'identifier', name: qn('no action') } },
          { name: 'color', value: { kind: 'color', value: '#aabbcc' } },
        ],
        short: true,
      },
      {
        kind: 'ref',
        name: qn('long'),
        from: { table: qn('a'), columns: ['id'] },
        operator: '-',
        to: { table: qn('b'), columns: ['id'] },
        settings: [flag('inactive')],
        short: false,
      },
    ],
  );
});

test('Enum: schema-qualified, quoted values, value notes', () => {
  assert.deepEqual(firstElement('enum v2.job_status {\n  created [note: \'new\']\n  "A+"\n}'), {
    kind: 'enum',
    name: qn('v2', 'job_status'),
    values: [
      { name: 'created', settings: [{ name: 'note', value: str('new') }] },
      { name: 'A+', settings: [] },
    ],
  });
});

test('TableGroup with settings and a note; sticky notes with settings', () => {
  assert.deepEqual(
    elementsOf(
      "TableGroup g [color: #111] {\n  a\n  s.b\n  Note: 'grouped'\n}\nNote reminder [color: none] {\n  'remember'\n}",
    ),
    [
      {
        kind: 'tableGroup',
        name: qn('g'),
        tables: [qn('a'), qn('s', 'b')],
        settings: [{ name: 'color', value: { kind: 'color', value: '#111' } }],
        note: { kind: 'note', value: 'grouped' },
      },
      {
        kind: 'stickyNote',
        name: 'reminder',
        value: 'remember',
        settings: [{ name: 'color', value: { kind: 'identifier', name: qn('none') } }],
      },
    ],
  );
});

test("multi-line strings: the spec's indentation normalisation, escapes, line continuation", () => {
  const table = firstElement(
    "Table t {\n  id int [note: '''\n\n    # Title\n      * item that \\\n'continues'\n    it\\'s\n\n  ''']\n}",
  ) as { members: { settings: { value: unknown }[] }[] };
  assert.deepEqual(table.members[0]?.settings[0]?.value, {
    kind: 'string',
    value: "# Title\n  * item that 'continues'\nit's\n\n",
    multiline: true,
  });
  assert.deepEqual(
    (
      firstElement("Table t {\n  a int [note: 'tab\\there \\u0041 \\\\ \\'q\\'']\n}") as {
        members: { settings: { value: unknown }[] }[];
      }
    ).members[0]?.settings[0]?.value,
    str("tab\there A \\ 'q'"),
  );
});

test('TablePartial and top-level Records with empty fields', () => {
  assert.deepEqual(
    elementsOf(
      "TablePartial base [headercolor: #fff] {\n  id int [pk]\n}\nrecords s.users(id, name) {\n  1, 'a'\n  2,,\n  , `now()`\n}",
    ),
    [
      {
        kind: 'tablePartial',
        name: 'base',
        settings: [{ name: 'headercolor', value: { kind: 'color', value: '#fff' } }],
        members: [
          {
            kind: 'column',
            name: 'id',
            type: { name: qn('int'), args: [], arrayDims: 0, raw: 'int' },
            settings: [flag('pk')],
          },
        ],
      },
      {
        kind: 'records',
        table: qn('s', 'users'),
        columns: ['id', 'name'],
        rows: [
          { values: [{ kind: 'number', value: '1' }, str('a')] },
          { values: [{ kind: 'number', value: '2' }, { kind: 'null' }, { kind: 'null' }] },
          { values: [{ kind: 'null' }, { kind: 'expression', sql: 'now()' }] },
        ],
      },
    ],
  );
});

test('use and reuse declarations', () => {
  assert.deepEqual(
    elementsOf(
      "use * from './base'\nreuse {\n  table auth.users as u\n  tableGROUP g\n} from '../x.dbml'",
    ),
    [
      { kind: 'use', reexport: false, selections: null, path: './base' },
      {
        kind: 'use',
        reexport: true,
        selections: [
          { elementKind: 'table', name: qn('auth', 'users'), alias: 'u' },
          { elementKind: 'tablegroup', name: qn('g'), alias: null },
        ],
        path: '../x.dbml',
      },
    ],
  );
});

test('comments are kept in DbmlFile.comments with their spans; other blocks are kept', () => {
  const { file, diagnostics } = parseDbml(
    '// one\nTable t { /* two */\n  id int\n}\nDiagramView v {\n  Tables { * }\n}\n',
    'f.dbml',
  );
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    file.comments.map((c) => [c.text, c.span.line, c.span.column, c.span.endColumn]),
    [
      ['// one', 1, 1, 7],
      ['/* two */', 2, 11, 20],
    ],
  );
  const other = file.elements[1];
  assert.equal(other?.kind, 'other');
  assert.deepEqual(
    other?.kind === 'other' ? [other.keyword, other.span.line, other.span.endLine] : null,
    ['DiagramView', 5, 7],
  );
});

test('spans are 1-based, end-exclusive, and stop before a trailing comment', () => {
  const { file } = parseDbml('Table t {\n  id int [pk] // key\n}\n', 'f.dbml');
  const table = file.elements[0];
  assert.ok(table?.kind === 'table');
  const column = table.members[0];
  assert.ok(column?.kind === 'column');
  assert.deepEqual(column.span, {
    file: 'f.dbml',
    line: 2,
    column: 3,
    endLine: 2,
    endColumn: 14,
    offset: 12,
    endOffset: 23,
  });
  assert.deepEqual(column.nameSpan, {
    file: 'f.dbml',
    line: 2,
    column: 3,
    endLine: 2,
    endColumn: 5,
    offset: 12,
    endOffset: 14,
  });
});
