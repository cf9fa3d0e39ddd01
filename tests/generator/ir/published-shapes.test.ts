/**
 * DBML as the reference reads it and as exporters publish it (issue 15, items 24–37): the
 * IR keeps what was written, or says in a located diagnostic what it changed or refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileOk, diagnose, semanticCodes, table } from './helpers.js';

const located = (source: string): string[] =>
  diagnose(source).map((d) => `${d.severity} ${d.code}@${d.span?.line ?? '?'}`);

test('24: increment on a custom type makes an auto-incrementing integer, with a warning', () => {
  const { ir, diagnostics } = compileOk('Table t {\n  id intaaaa [pk, increment]\n}');
  const id = table(ir, 'public.t').columns[0];
  assert.equal(id?.autoIncrement, true);
  assert.equal(id?.type.logical, 'integer');
  assert.deepEqual(
    diagnostics.map((d) => `${d.severity} ${d.code}@${d.span?.line}`),
    ['warning DBML243@2'],
  );
  assert.match(diagnostics[0]?.message ?? '', /'t\.id'.*'intaaaa'/);
});

test('24: increment on a type that cannot auto-increment is a located error', () => {
  assert.deepEqual(located('Table t {\n  id int [pk]\n  code varchar(10) [increment]\n}'), [
    'error DBML243@3',
  ]);
  assert.deepEqual(located('Table t {\n  id int [pk, increment]\n}'), []);
  // Off the lone integer primary key, SQLite cannot generate the values: said, not dropped.
  assert.deepEqual(located('Table t {\n  id int [pk]\n  n int [increment]\n}'), [
    'warning DBML243@3',
  ]);
});

test('25: a named check from a partial is named <table>.<name> in each table', () => {
  const { ir } = compileOk(
    "TablePartial money {\n  amount int\n  checks { `amount < 100` [name: 'not_too_much_money'] }\n}\n" +
      'Table a {\n  id int [pk]\n  ~money\n}\nTable b {\n  id int [pk]\n  ~money\n}',
  );
  assert.deepEqual(
    ir.tables.map((t) => t.checks.map((c) => c.name)),
    [['a.not_too_much_money'], ['b.not_too_much_money']],
  );
});

test('25: a check name two tables of one schema use is a warning (MySQL refuses it)', () => {
  const source =
    "Table a {\n  id int [pk]\n  checks { `id > 0` [name: 'positive'] }\n}\n" +
    "Table b {\n  id int [pk]\n  checks { `id > 0` [name: 'positive'] }\n}\n" +
    "Table s.c {\n  id int [pk]\n  checks { `id > 0` [name: 'positive'] }\n}";
  assert.deepEqual(located(source), ['warning DBML246@7']);
});

test('26: float is double precision unless a precision or MySQL says single', () => {
  const logical = (source: string): string[] =>
    table(compileOk(source).ir, 'public.t').columns.map((c) => c.type.logical);
  assert.deepEqual(
    logical('Table t {\n  a float\n  b float(24)\n  c float(53)\n  d FLOAT\n  e real\n}'),
    ['double', 'real', 'double', 'double', 'real'],
  );
  assert.deepEqual(
    logical("Project p { database_type: 'MySQL' }\nTable t {\n  a float\n  b float(40)\n}"),
    ['real', 'double'],
  );
});

test('27: join tables are named and shaped as @dbml/core names them, across schemas', () => {
  const { ir } = compileOk(
    'Table a.t { id int [pk] }\nTable b.t { id int [pk] }\nRef: a.t.id <> b.t.id\n' +
      'Table x { id int [pk] }\nTable y { id int [pk] }\nTable s.x_y { id int [pk] }\nRef: x.id <> y.id',
  );
  assert.deepEqual(
    table(ir, 'a.t_t').columns.map((c) => c.name),
    ['t_id', 't_id(1)'],
  );
  assert.ok(ir.tables.some((t) => t.key === 'public.x_y(1)'));
});

test('29: two columns with one property: a warning and a deterministic fallback name', () => {
  const { ir, diagnostics } = compileOk(
    'Table t {\n  id int [pk]\n  createdAt timestamp\n  created_at timestamp\n  "created at" timestamp\n}',
  );
  assert.deepEqual(
    table(ir, 'public.t').columns.map((c) => c.propertyName),
    ['id', 'createdAt', 'created_at', 'createdAt2'],
  );
  assert.deepEqual(
    diagnostics.map((d) => `${d.severity} ${d.code}@${d.span?.line}`),
    ['warning DBML234@4', 'warning DBML234@5'],
  );
  // The note override stays, and a clash it causes stays an error.
  const named = compileOk(
    "Table t {\n  id int [pk]\n  createdAt timestamp\n  created_at timestamp [note: '@dbgen property: createdAtColumn']\n}",
  );
  assert.deepEqual(
    table(named.ir, 'public.t').columns.map((c) => c.propertyName),
    ['id', 'createdAt', 'createdAtColumn'],
  );
  assert.deepEqual(named.diagnostics, []);
  assert.deepEqual(
    semanticCodes(
      "Table t {\n  id int [pk]\n  createdAt timestamp\n  other timestamp [note: '@dbgen property: createdAt']\n}",
    ),
    ['DBML234@4'],
  );
});

test('30: a text default on a numeric column is a warning and is left out', () => {
  const { ir, diagnostics } = compileOk(
    "Table t {\n  id int [pk]\n  status tinyint [default: '1 active, 2 pending review']\n  n int [default: '42']\n}",
  );
  assert.deepEqual(
    table(ir, 'public.t').columns.map((c) => c.default),
    [null, null, { kind: 'string', value: '42' }],
  );
  assert.deepEqual(
    diagnostics.map((d) => `${d.severity} ${d.code}@${d.span?.line}`),
    ['warning DBML224@3'],
  );
  assert.match(diagnostics[0]?.message ?? '', /left out/);
  // Other mismatches stay errors.
  assert.deepEqual(semanticCodes('Table t {\n  id int [pk]\n  d date [default: 1]\n}'), [
    'DBML224@3',
  ]);
});

test('31: a one-to-one written child.fk - parent.id puts the key on the child', () => {
  const { ir } = compileOk(
    'Table users { id int [pk] }\n' +
      'Table profiles {\n  id int [pk]\n  user_id int\n}\nRef: profiles.user_id - users.id\n' +
      'Table settings {\n  id int [pk]\n  userId int [unique]\n}\nRef: settings.userId - users.id\n' +
      'Table avatars {\n  id int [pk]\n  user_id int [unique]\n}\nRef: users.id - avatars.user_id',
  );
  for (const child of ['profiles', 'settings', 'avatars']) {
    const fks = table(ir, `public.${child}`).foreignKeys;
    assert.equal(fks.length, 1, child);
    assert.equal(fks[0]?.target, 'public.users');
    assert.deepEqual(fks[0]?.targetColumns, ['id']);
    const owning = table(ir, `public.${child}`).orm.relations.find((r) => r.owning);
    assert.equal(owning?.target, 'public.users', child);
  }
  assert.deepEqual(table(ir, 'public.users').foreignKeys, []);
  // Both sides primary keys (a shared key): the written side is kept.
  const shared = compileOk(
    'Table users { id int [pk] }\nTable extras { user_id int [pk] }\nRef: users.id - extras.user_id',
  );
  assert.equal(table(shared.ir, 'public.extras').foreignKeys[0]?.target, 'public.users');
});

test("32: Prisma's Bytes is bytes", () => {
  const { ir } = compileOk('Table t {\n  id Int [pk]\n  data Bytes\n}');
  assert.equal(table(ir, 'public.t').columns[1]?.type.logical, 'bytes');
});

test('33: 0/1 defaults of boolean columns become true/false', () => {
  const { ir } = compileOk(
    "Table t {\n  id int [pk]\n  a bit [default: 1]\n  b bit [default: 0]\n  c boolean [default: '1']\n  d boolean [default: 'no']\n}",
  );
  assert.deepEqual(
    table(ir, 'public.t')
      .columns.slice(1)
      .map((c) => c.default),
    [
      { kind: 'boolean', value: true },
      { kind: 'boolean', value: false },
      { kind: 'boolean', value: true },
      { kind: 'boolean', value: false },
    ],
  );
});

test('34: a quoted array type reads as the unquoted one', () => {
  const quoted = compileOk(
    'Table t {\n  id int [pk]\n  a "text[]"\n  b "integer[]"\n  c "character varying[]"\n  d "double precision[]"\n  e "varchar(20)"\n}',
  );
  const plain = compileOk(
    'Table t {\n  id int [pk]\n  a text[]\n  b integer[]\n  c "character varying"[]\n  d "double precision"[]\n  e varchar(20)\n}',
  );
  const shape = (ir: typeof quoted.ir): unknown[] =>
    table(ir, 'public.t').columns.map((c) => [
      c.type.logical,
      c.type.name,
      c.type.args,
      c.type.arrayDims,
    ]);
  assert.deepEqual(shape(quoted.ir), shape(plain.ir));
  assert.deepEqual(shape(quoted.ir)[2], ['integer', 'integer', [], 1]);
});

test('36: ~partial inside a TablePartial is a located error', () => {
  assert.deepEqual(
    located(
      'TablePartial base {\n  id int [pk]\n  ~stamps\n}\nTablePartial stamps { created_at timestamp }\nTable t {\n  ~base\n}',
    ),
    ['error DBML244@3'],
  );
});

test('37: a type that names a table, or nothing known, is a warning', () => {
  const diagnostics = diagnose(
    'Table users {\n  id int [pk]\n  posts posts\n  x nosuchtype\n  ip inet\n  g postgis.geometry\n}\nTable posts { id int [pk] }',
  );
  assert.deepEqual(
    diagnostics.map((d) => `${d.severity} ${d.code}@${d.span?.line}`),
    ['warning DBML245@3', 'warning DBML245@4'],
  );
  assert.match(diagnostics[0]?.message ?? '', /'users\.posts'.*table/);
  assert.match(diagnostics[1]?.message ?? '', /'nosuchtype'.*'users\.x'/);
});
