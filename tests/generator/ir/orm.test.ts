import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileOk, table } from './helpers.js';

const BLOG = `
Table users {
  id int [pk]
  name varchar
}
Table posts {
  id int [pk]
  author_id int [not null, ref: > users.id]
  editor_id int [ref: > users.id]
}
Table tags { id int [pk] }
Table post_tags {
  post_id int [ref: > posts.id]
  tag_id int [ref: > tags.id]
  indexes { (post_id, tag_id) [pk] }
}
`;

test('relations on both sides of each FK, disambiguated when two FKs share a target', () => {
  const { ir } = compileOk(BLOG);
  const posts = table(ir, 'public.posts');
  assert.deepEqual(
    posts.orm.relations.map((r) => [r.name, r.kind, r.target, r.owning, r.inverse, r.orphan]),
    [
      ['author', 'many-to-one', 'public.users', true, 'postsByAuthor', null],
      ['editor', 'many-to-one', 'public.users', true, 'postsByEditor', null],
      ['postTags', 'one-to-many', 'public.post_tags', false, 'post', 'delete'],
      ['tags', 'many-to-many', 'public.tags', false, 'posts', null],
    ],
  );
  const users = table(ir, 'public.users');
  assert.deepEqual(
    users.orm.relations.map((r) => [r.name, r.kind, r.localColumns, r.targetColumns, r.orphan]),
    [
      ['postsByAuthor', 'one-to-many', ['id'], ['author_id'], 'delete'],
      ['postsByEditor', 'one-to-many', ['id'], ['editor_id'], 'nullify'],
    ],
  );
  assert.equal(table(ir, 'public.post_tags').orm.isJoinTable, true);
  assert.equal(table(ir, 'public.post_tags').orm.className, 'PostTag');
  const tags = table(ir, 'public.tags').orm.relations.find((r) => r.kind === 'many-to-many');
  assert.deepEqual(tags?.through, {
    table: 'public.post_tags',
    localColumns: ['tag_id'],
    targetColumns: ['post_id'],
  });
});

test('a join table with an extra column is not a pure join table', () => {
  const { ir } = compileOk(`
Table a { id int [pk] }
Table b { id int [pk] }
Table a_b {
  a_id int [ref: > a.id]
  b_id int [ref: > b.id]
  since date
  indexes { (a_id, b_id) [pk] }
}`);
  assert.equal(table(ir, 'public.a_b').orm.isJoinTable, false);
  assert.ok(!table(ir, 'public.a').orm.relations.some((r) => r.kind === 'many-to-many'));
});

test('one-to-one: owning side named after the FK column, inverse after the singular table', () => {
  const { ir } = compileOk(`
Table users { id int [pk] }
Table profiles {
  id int [pk]
  user_id int [unique, ref: - users.id]
}`);
  assert.deepEqual(
    table(ir, 'public.users').orm.relations.map((r) => [r.name, r.kind, r.owning, r.inverse]),
    [['profile', 'one-to-one', false, 'user']],
  );
  assert.deepEqual(
    table(ir, 'public.profiles').orm.relations.map((r) => [r.name, r.kind, r.owning]),
    [['user', 'one-to-one', true]],
  );
});

test('self reference and cascade orphan rule', () => {
  const { ir } = compileOk(`
Table comments {
  id int [pk]
  parent_id int
}
Ref: comments.parent_id > comments.id [delete: cascade]`);
  assert.deepEqual(
    table(ir, 'public.comments').orm.relations.map((r) => [r.name, r.kind, r.inverse, r.orphan]),
    [
      ['parent', 'many-to-one', 'comments', null],
      ['comments', 'one-to-many', 'parent', 'delete'],
    ],
  );
});

test('an FK column without _id: relation is the column plus the target', () => {
  const { ir } = compileOk(`
Table users { id int [pk] }
Table docs {
  id int [pk]
  owner int [ref: > users.id]
}`);
  assert.equal(table(ir, 'public.docs').orm.relations[0]?.name, 'ownerUser');
});

test('extensions: class, property, relation, inverse, m2m, version (table, column, project)', () => {
  const { ir } = compileOk(`
Project p { dbgen_version_column: 'version' }
Table people {
  id int [pk]
  version int [not null, default: 1]
  e_mail varchar [note: 'address @dbgen property: email']
  Note: '''
    Humans.
    @dbgen class: Person
  '''
}
Table docs {
  id int [pk]
  lock int [not null, default: 0, note: '@dbgen version']
  writer_id int [note: '@dbgen relation: writer, inverse: writings']
  version varchar
}
Table groups {
  id int [pk]
  rev int
  Note: '@dbgen version: rev'
}
Table group_people {
  person_id int [note: '@dbgen m2m: members']
  group_id int [note: '@dbgen m2m: memberships']
  indexes { (person_id, group_id) [pk] }
}
Ref: docs.writer_id > people.id
Ref: group_people.person_id > people.id
Ref: group_people.group_id > groups.id
`);
  const people = table(ir, 'public.people');
  assert.equal(people.orm.className, 'Person');
  assert.equal(people.note, 'Humans.');
  assert.equal(people.orm.versionColumn, 'version');
  assert.equal(people.columns[2]?.propertyName, 'email');
  assert.equal(people.columns[2]?.note, 'address');
  const docs = table(ir, 'public.docs');
  assert.equal(docs.orm.versionColumn, 'lock');
  assert.equal(docs.columns[1]?.note, null);
  assert.deepEqual(
    docs.orm.relations.map((r) => [r.name, r.inverse]),
    [['writer', 'writings']],
  );
  assert.ok(people.orm.relations.some((r) => r.name === 'writings' && r.kind === 'one-to-many'));
  assert.equal(table(ir, 'public.groups').orm.versionColumn, 'rev');
  assert.ok(
    people.orm.relations.some((r) => r.name === 'memberships' && r.kind === 'many-to-many'),
  );
  assert.ok(
    table(ir, 'public.groups').orm.relations.some(
      (r) => r.name === 'members' && r.kind === 'many-to-many',
    ),
  );
});

test('same table name in two schemas: the non-public class gets the schema prefix', () => {
  const { ir } = compileOk(`
Table users { id int [pk] }
Table auth.users { id int [pk] }`);
  assert.equal(table(ir, 'public.users').orm.className, 'User');
  assert.equal(table(ir, 'auth.users').orm.className, 'AuthUser');
});
