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
