import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  inspect,
  MappingError,
  Model,
  registerModel,
  RelationNotLoadedError,
  type ColumnValues,
  type RelationNames,
} from '@dbgen/runtime';
import { Category, Post, User } from './fixtures/models.js';
import { usersIR } from './fixtures/ir.js';

test('the constructor assigns the init as own column properties; relations stay accessors', () => {
  const u = new User({ email: 'a@x.org', name: 'Ann' });
  assert.deepEqual(Object.keys(u), ['email', 'name']);
  assert.equal(JSON.stringify(u), '{"email":"a@x.org","name":"Ann"}');
  assert.ok(!Object.prototype.hasOwnProperty.call(u, 'posts'));
});

test('a new object starts transient with empty collections and null references', () => {
  const u = new User({ email: 'a@x.org' });
  assert.equal(inspect(u).status, 'transient');
  assert.deepEqual(u.posts, []);
  assert.equal(u.profile, null);
  const p = new Post({ title: 't' });
  assert.equal(p.author, null as unknown);
  const c = new Category({ name: 'root' });
  assert.equal(c.parent, null);
});

test('relations given in the init go through the relation setters', () => {
  const u = new User({ email: 'a@x.org' });
  const p = new Post({ title: 't', author: u });
  assert.equal(p.author, u);
  assert.deepEqual(Object.keys(p), ['title']);
});

test('an unloaded relation of an object with a row throws an error naming the fix', () => {
  const p = new Post({ title: 't', authorId: 7 });
  assert.throws(() => p.author, {
    name: 'RelationNotLoadedError',
    message:
      "Post.author is not loaded; load it with session.load(post, 'author') or query(Post).options(selectinload('author'))",
  });
  const st = inspect(new User({ email: 'x' }));
  st.committed = { id: 1, email: 'x', name: null };
  st.key = '1';
  assert.throws(() => (st.obj as User).posts, RelationNotLoadedError);
  assert.throws(() => (st.obj as User).posts, {
    message:
      "User.posts is not loaded; load it with session.load(user, 'posts') or query(User).options(selectinload('posts'))",
  });
});

test('registerModel rejects unknown relation names and unregistered classes', () => {
  class Other extends Model {}
  assert.throws(() => registerModel(Other, { $ir: usersIR }, { nope: () => Post }), {
    name: 'MappingError',
    message:
      'registerModel(Other): table "public.users" has no relation "nope" (its relations: posts, profile)',
  });
  class Unmapped extends Model {}
  assert.throws(() => inspect(new (Unmapped as unknown as new () => Model)()), MappingError);
});

test('type helpers tell columns from relations', () => {
  const values: ColumnValues<User> = { id: 1, email: 'e', name: null };
  const rels: RelationNames<User>[] = ['posts', 'profile'];
  assert.equal(values.id, 1);
  assert.equal(rels.length, 2);
});

test('loaded objects are the same where code generation from strings is disallowed', () => {
  const script = fileURLToPath(new URL('./fixtures/load-without-codegen.ts', import.meta.url));
  const out = execFileSync(
    process.execPath,
    [
      '--disallow-code-generation-from-strings',
      '--conditions=dbgen-source',
      '--import',
      'tsx',
      script,
    ],
    { encoding: 'utf8' },
  );
  assert.deepEqual(JSON.parse(out), {
    json: '{"id":1,"authorId":1,"title":"one","body":null}',
    keys: ['id', 'authorId', 'title', 'body'],
    isPost: true,
    status: 'persistent',
    modified: [],
    children: [['one', true]],
    written: ['Bea'],
  });
});
