/**
 * Two columns of a table named alike but for case (`x` and `"X"`) are one column to SQLite
 * and MySQL ("duplicate column name" at push): an error (DBML249) naming both when the
 * schema declares SQLite or MySQL, or no database; PostgreSQL keeps them apart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';

function errors(project: string): string[] {
  const source = `${project}Table p {\n  id int [pk]\n  x int\n  "X" int\n}`;
  return compileSchemaSource(source, '/virtual/case.dbml', { readFile: () => undefined })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code}@${d.span?.line} ${d.message}`);
}

test('an error with no database_type, naming both columns and the databases', () => {
  assert.deepEqual(errors(''), [
    `DBML249@4 columns 'x' and 'X' of table 'p' differ only in case: SQLite and MySQL take them as one column ("duplicate column name"); rename one (or declare database_type: 'PostgreSQL', which keeps them apart)`,
  ]);
});

test('an error for SQLite and MySQL, none for PostgreSQL', () => {
  assert.match(
    errors("Project a { database_type: 'SQLite' }\n")[0] ?? '',
    /^DBML249@5 .*SQLite takes them/,
  );
  assert.match(
    errors("Project a { database_type: 'MySQL' }\n")[0] ?? '',
    /^DBML249@5 .*MySQL takes them/,
  );
  assert.deepEqual(errors("Project a { database_type: 'PostgreSQL' }\n"), []);
});

// PostgreSQL keeps the first 63 bytes of a name: two longer names alike in those were one
// name there, and `check` said ok while the DDL failed ("specified more than once").
test('names PostgreSQL cuts to one are an error unless the database is SQLite or MySQL', () => {
  const long = 'x_' + 'a'.repeat(61);
  const source = (project: string) =>
    `${project}Table ${long}_1 {\n  id int [pk]\n  ${long}_1 int\n  ${long}_2 int\n  ${'é'.repeat(31)}b int\n  ${'é'.repeat(31)}c int\n}\nTable ${long}_2 {\n  id int [pk]\n}`;
  const found = (project: string) =>
    compileSchemaSource(source(project), '/virtual/long.dbml', { readFile: () => undefined })
      .diagnostics.filter((d) => d.code === 'DBML251')
      .map((d) => `${d.severity}@${d.span?.line}`);
  assert.deepEqual(found(''), ['error@4', 'error@8']);
  assert.deepEqual(found("Project a { database_type: 'PostgreSQL' }\n"), ['error@5', 'error@9']);
  assert.deepEqual(found("Project a { database_type: 'SQLite' }\n"), []);
  assert.deepEqual(found("Project a { database_type: 'MySQL' }\n"), []);
  const message = compileSchemaSource(source(''), '/virtual/long.dbml', {
    readFile: () => undefined,
  }).diagnostics.find((d) => d.code === 'DBML251')?.message;
  assert.match(
    message ?? '',
    new RegExp(
      `^columns '${long}_1' and '${long}_2' of table '${long}_1': PostgreSQL keeps the first 63 bytes`,
    ),
  );
});
