/**
 * A ref must point at a key of its target (primary key, unique column, unique index of
 * exactly its columns), or PostgreSQL refuses the table and SQLite every insert: `check`
 * warns (DBML250) naming the ref and the column. A warning, not an error: the reference
 * parser's fixtures have refs to non-unique columns (dbml-parse_interpreter/ref_settings).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSchemaSource, type Diagnostic } from '@dbgen/generator';

const FILE = '/virtual/refs.dbml';

function diagnostics(source: string): Diagnostic[] {
  return compileSchemaSource(source, FILE, { readFile: () => undefined }).diagnostics;
}

const TABLES = `Table authors {
  id int
  region varchar
  email varchar [unique]
  name varchar
  code varchar
  indexes {
    (id, region) [pk]
    code [unique]
  }
}
Table books {
  id int [pk]
  a_id int
  a_region varchar
  a_email varchar
  a_name varchar
  a_code varchar
}
`;

test('refs to a key pass: the primary key, a unique column, a unique index, in any order', () => {
  const found = diagnostics(
    `${TABLES}Ref: books.(a_region, a_id) > authors.(region, id)
Ref: books.a_email > authors.email
Ref: books.a_code > authors.code`,
  );
  assert.deepEqual(
    found.map((d) => d.message),
    [],
  );
});

test('a ref to a non-unique column is a warning naming the ref and the column', () => {
  const found = diagnostics(`${TABLES}Ref: books.a_name > authors.name`);
  assert.deepEqual(
    found.map((d) => `${d.severity} ${d.code} ${d.span?.line}`),
    ['warning DBML250 20'],
  );
  assert.match(
    found[0]?.message ?? '',
    /^the ref books\.a_name > authors\.name points at column 'name' of 'authors', which is not its primary key or unique; PostgreSQL and SQLite refuse such a foreign key/,
  );
});

test('a ref to part of a composite key, and a many-to-many against one, are warnings', () => {
  const part = diagnostics(`${TABLES}Ref: books.a_id > authors.id`);
  assert.deepEqual(
    part.map((d) => `${d.code} ${d.span?.line}`),
    ['DBML250 20'],
  );
  assert.match(part[0]?.message ?? '', /books\.a_id > authors\.id points at column 'id'/);
  const many = diagnostics(`${TABLES}Ref: authors.id <> books.id`);
  assert.deepEqual(
    many.map((d) => `${d.code} ${d.span?.line}`),
    ['DBML250 20'],
  );
  assert.match(
    many[0]?.message ?? '',
    /^the ref authors\.id <> books\.id \(its join table 'authors_books' points at both ends\) points at column 'id' of 'authors'/,
  );
});
