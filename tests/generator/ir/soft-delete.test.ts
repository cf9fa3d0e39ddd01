// `@dbgen softDelete: column` on a table note: recorded in the table's ORM facts when the
// column fits (a nullable timestamp/date, or a boolean), else a located DBML240 error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOk, diagnose, table } from './helpers.js';

test('softDelete names the column that marks a row deleted', () => {
  const { ir } = compileOk(`
Table posts {
  id int [pk]
  deleted_at timestamp
  Note: '''
    Blog posts.
    @dbgen softDelete: deleted_at
  '''
}
Table flags {
  id int [pk]
  removed boolean [not null, default: false]
  Note: '@dbgen softDelete: removed, class: Flag'
}
Table plain { id int [pk] }
`);
  const posts = table(ir, 'public.posts');
  assert.equal(posts.orm.softDeleteColumn, 'deleted_at');
  assert.equal(posts.note, 'Blog posts.');
  assert.equal(table(ir, 'public.flags').orm.softDeleteColumn, 'removed');
  assert.equal(table(ir, 'public.flags').orm.className, 'Flag');
  assert.equal('softDeleteColumn' in table(ir, 'public.plain').orm, false, 'absent when not set');
});

test('a missing, NOT NULL timestamp or ill-typed softDelete column is a located DBML240', () => {
  const messages = (source: string) =>
    diagnose(source)
      .filter((d) => d.code === 'DBML240')
      .map((d) => `${d.span?.line}: ${d.message}`);
  assert.deepEqual(
    messages(`Table a {
  id int [pk]
  Note: '@dbgen softDelete: gone'
}`),
    [`3: @dbgen softDelete: column 'gone' does not exist in table 'a'`],
  );
  assert.deepEqual(
    messages(`Table a {
  id int [pk]
  deleted_at timestamp [not null]
  Note: '@dbgen softDelete: deleted_at'
}`),
    [
      `3: @dbgen softDelete: column 'a.deleted_at' must be nullable (NULL marks a row that is not deleted)`,
    ],
  );
  assert.deepEqual(
    messages(`Table a {
  id int [pk]
  deleted_at varchar
  Note: '@dbgen softDelete: deleted_at'
}`),
    [
      `3: @dbgen softDelete: column 'a.deleted_at' must be a timestamp, date or boolean, found varchar`,
    ],
  );
  assert.deepEqual(
    messages(`Table a {
  id int [pk]
  Note: '@dbgen softDelete'
}`),
    [`3: @dbgen softDelete: expected an identifier (letters, digits, _), found no value`],
  );
});
