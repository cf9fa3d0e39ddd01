/**
 * A schema declaring its database (`Project { database_type: ... }`) gets a located
 * DBML247 warning for each table or index that database lacks, as `dbgen check`,
 * `generate` and the editor show it; a schema declaring none, or one the feature fits,
 * gets none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from './helpers.js';

const schema = (databaseType: string | null) =>
  (databaseType === null ? '' : `Project p {\n  database_type: '${databaseType}'\n}\n`) +
  `Table users {
  id integer [pk]
  email varchar(255) [not null]
  indexes {
    \`lower(email)\` [name: 'users_email_lower_idx']
    email [type: gist, name: 'users_email_gist']
    email [name: 'users_email_idx']
  }
}
Table parents {
  id integer [pk]
}
Table kids {
  id integer [pk]
  parent_id integer [default: 0]
}
Ref: kids.parent_id > parents.id [delete: set default]
`;

const warnings = (source: string) =>
  diagnose(source).map((d) => `${d.severity} ${d.code}@${d.span?.line ?? '?'}: ${d.message}`);

test('MySQL: the expression index, the GiST index and SET DEFAULT, each where it is written', () => {
  const found = warnings(schema('MySQL'));
  assert.equal(found.length, 3, found.join('\n'));
  assert.match(
    found[0] ?? '',
    /^warning DBML247@8: index "users_email_lower_idx" on public\.users: mysql \(MariaDB or MySQL 8\) has no expression indexes .*; database_type is MySQL$/,
  );
  assert.match(
    found[1] ?? '',
    /^warning DBML247@9: index "users_email_gist" on public\.users: mysql has no gist indexes/,
  );
  assert.match(
    found[2] ?? '',
    /^warning DBML247@\d+: foreign key .* on public\.kids: mysql has no ON DELETE \/ ON UPDATE SET DEFAULT/,
  );
});

test('PostgreSQL has all of it; no database_type checks nothing', () => {
  assert.deepEqual(warnings(schema('PostgreSQL')), []);
  assert.deepEqual(warnings(schema(null)), []);
  assert.deepEqual(warnings(schema('Oracle')), []);
});

test('SQLite: the GiST index only', () => {
  const found = warnings(schema('SQLite'));
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(
    found[0] ?? '',
    /^warning DBML247@9: index "users_email_gist" on public\.users: sqlite has no gist indexes/,
  );
});
