import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchema } from '@dbgen/generator';

/** Compiles `/p/main.dbml` from in-memory files. */
function compileFiles(files: Record<string, string>) {
  return compileSchema('/p/main.dbml', { readFile: (path) => files[path] });
}

const errors = (result: ReturnType<typeof compileFiles>): string[] =>
  result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.span?.file}:${d.span?.line} ${d.message}`);

test('imported tables keep their declared names; aliases only rename them for the importer', () => {
  const result = compileFiles({
    '/p/main.dbml':
      "use { table auth.users as u } from './auth'\nuse { enum order_status as Status } from './enums.dbml'\nTable orders {\n  id int [pk]\n  user_id int [ref: > u.id]\n  status Status [default: 'new']\n}\n",
    '/p/auth.dbml': 'Table auth.users {\n  id int [pk]\n}\n',
    '/p/enums.dbml': 'Enum order_status {\n  new\n  done\n}\n',
  });
  assert.deepEqual(errors(result), []);
  assert.deepEqual(result.files, ['/p/main.dbml', '/p/auth.dbml', '/p/enums.dbml']);
  const ir = result.ir;
  assert.ok(ir);
  assert.deepEqual(
    ir.tables.map((t) => t.key),
    ['public.orders', 'auth.users'],
  );
  const orders = ir.tables[0];
  assert.deepEqual(orders?.foreignKeys[0]?.target, 'auth.users');
  assert.deepEqual(orders?.columns[2]?.type.enum, { schema: 'public', name: 'order_status' });
});

test('use is not transitive; reuse is', () => {
  const notVisible = compileFiles({
    '/p/main.dbml': "use * from './mid'\nTable a {\n  id int [pk]\n  b_id int [ref: > b.id]\n}\n",
    '/p/mid.dbml': "use * from './leaf'\n",
    '/p/leaf.dbml': 'Table b {\n  id int [pk]\n}\n',
  });
  assert.equal(notVisible.ir, null);
  assert.deepEqual(errors(notVisible), [
    "DBML201 /p/main.dbml:4 table 'b' does not exist in schema 'public'",
  ]);
  const visible = compileFiles({
    '/p/main.dbml': "use * from './mid'\nTable a {\n  id int [pk]\n  b_id int [ref: > b.id]\n}\n",
    '/p/mid.dbml': "reuse * from './leaf'\n",
    '/p/leaf.dbml': 'Table b {\n  id int [pk]\n}\n',
  });
  assert.deepEqual(errors(visible), []);
  assert.equal(visible.ir?.tables.find((t) => t.name === 'a')?.foreignKeys[0]?.target, 'public.b');
});

test('files may import each other in a cycle; each element is built once', () => {
  const result = compileFiles({
    '/p/main.dbml': "use * from './other'\nTable a {\n  id int [pk]\n  b_id int [ref: > b.id]\n}\n",
    '/p/other.dbml': "use * from './main'\nTable b {\n  id int [pk]\n  a_id int [ref: > a.id]\n}\n",
  });
  assert.deepEqual(errors(result), []);
  assert.deepEqual(
    result.ir?.tables.map((t) => [t.key, t.foreignKeys.map((fk) => fk.target)]),
    [
      ['public.a', ['public.b']],
      ['public.b', ['public.a']],
    ],
  );
});

test('a missing import is an error at its use line, and the same table twice is a duplicate', () => {
  const missing = compileFiles({
    '/p/main.dbml': "Table a {\n  id int [pk]\n}\nuse * from './gone'\n",
  });
  assert.equal(missing.ir, null);
  const first = missing.diagnostics.find((d) => d.severity === 'error');
  assert.match(first?.message ?? '', /file not found/);
  assert.equal(first?.span?.line, 4);
  const twice = compileFiles({
    '/p/main.dbml': "use * from './x'\nTable users {\n  id int [pk]\n}\n",
    '/p/x.dbml': 'Table users {\n  id int [pk]\n}\n',
  });
  assert.ok(errors(twice).some((e) => e.startsWith('DBML210 ')));
});
