import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { compileSchema } from '@dbgen/generator';

const EXAMPLE = fileURLToPath(new URL('../../../schema.example.dbml', import.meta.url));

test('schema.example.dbml compiles with no diagnostic at all', () => {
  const result = compileSchema(EXAMPLE);
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.ir);
  assert.equal(result.ir.tables.length, 11);
  assert.deepEqual(
    result.ir.enums.map((e) => e.name),
    ['user_role', 'post_status', 'reaction_kind'],
  );
});

test('schema.example.dbml: classes, version columns, join tables and relation names', () => {
  const ir = compileSchema(EXAMPLE).ir;
  assert.ok(ir);
  const summary = Object.fromEntries(
    ir.tables.map((t) => [
      t.name,
      [
        t.orm.className,
        t.orm.versionColumn,
        t.orm.isJoinTable,
        t.orm.relations.map((r) => `${r.name}:${r.kind}:${r.target.replace('public.', '')}`),
      ],
    ]),
  );
  assert.deepEqual(summary, {
    users: [
      'User',
      'version',
      false,
      [
        'profile:one-to-one:profiles',
        'posts:one-to-many:posts',
        'comments:one-to-many:comments',
        'following:one-to-many:follows',
        'followers:one-to-many:follows',
        'reactions:one-to-many:reactions',
        'editedRevisions:one-to-many:post_revisions',
      ],
    ],
    profiles: ['Profile', null, false, ['user:one-to-one:users']],
    categories: [
      'Category',
      null,
      false,
      [
        'parent:many-to-one:categories',
        'children:one-to-many:categories',
        'posts:one-to-many:posts',
      ],
    ],
    posts: [
      'Post',
      'version',
      false,
      [
        'author:many-to-one:users',
        'category:many-to-one:categories',
        'comments:one-to-many:comments',
        'postTags:one-to-many:post_tags',
        'postRevisions:one-to-many:post_revisions',
        'attachments:one-to-many:attachments',
        'tags:many-to-many:tags',
      ],
    ],
    comments: [
      'Comment',
      null,
      false,
      [
        'post:many-to-one:posts',
        'author:many-to-one:users',
        'parent:many-to-one:comments',
        'replies:one-to-many:comments',
        'reactions:one-to-many:reactions',
      ],
    ],
    tags: ['Tag', null, false, ['postTags:one-to-many:post_tags', 'posts:many-to-many:posts']],
    post_tags: ['PostTag', null, true, ['post:many-to-one:posts', 'tag:many-to-one:tags']],
    follows: ['Follow', null, false, ['follower:many-to-one:users', 'followee:many-to-one:users']],
    reactions: [
      'Reaction',
      null,
      false,
      ['user:many-to-one:users', 'comment:many-to-one:comments'],
    ],
    post_revisions: [
      'PostRevision',
      null,
      false,
      ['post:many-to-one:posts', 'editor:many-to-one:users'],
    ],
    attachments: ['Attachment', null, false, ['post:many-to-one:posts']],
  });
});
