/**
 * Hand-built IR for the emitter's tests: a blog (users, posts, tags, a join table) with
 * an enum, nullable and defaulted columns, unique and composite indexes, and relations
 * of every kind. Built with the shared IR builder so each test can vary one thing.
 */
import type { SchemaIR } from '@dbgen/runtime';
import {
  column,
  id,
  enumColumnType,
  enumeration,
  index,
  relation,
  schema,
  table,
} from '../../support/ir.js';

const span = {
  file: '/home/someone/project/schema.dbml',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  offset: 0,
  endOffset: 1,
};

export function blogSchema(): SchemaIR {
  const users = table(
    'users',
    [
      id(),
      column('email', 'varchar(255)', { unique: true }),
      column('bio', 'text', { nullable: true, note: 'Shown on the profile page.' }),
      column('status', enumColumnType('user_status')),
      column('balance', 'decimal(10,2)', {
        default: { kind: 'number', value: '0.00' },
      }),
      column('big', 'bigint', { nullable: true }),
      column('settings', 'jsonb', { nullable: true }),
      column('avatar', 'bytea', { nullable: true }),
      column('nicknames', 'text[]', { nullable: true }),
      column('created_at', 'timestamptz', {
        default: { kind: 'expression', sql: 'now()' },
      }),
    ],
    {
      className: 'User',
      note: 'People who write.',
      span,
      relations: [
        relation('posts', 'one-to-many', 'posts', ['id'], ['author_id'], { inverse: 'author' }),
        relation('profile', 'one-to-one', 'profiles', ['id'], ['user_id'], { owning: false }),
      ],
    },
  );
  const profiles = table(
    'profiles',
    [
      column('user_id', 'integer', { primaryKey: true }),
      column('website', 'text', { nullable: true }),
    ],
    {
      className: 'Profile',
      relations: [relation('user', 'one-to-one', 'users', ['user_id'], ['id'], { owning: true })],
    },
  );
  const posts = table(
    'posts',
    [
      id(),
      column('author_id', 'integer'),
      column('title', 'varchar'),
      column('slug', 'varchar'),
      column('published_on', 'date', { nullable: true }),
      column('reviewer_id', 'integer', { nullable: true }),
    ],
    {
      className: 'Post',
      uniques: [{ name: 'posts_author_slug', columns: ['author_id', 'slug'] }],
      indexes: [
        index(['author_id', 'published_on']),
        index([{ kind: 'expression', sql: 'lower(title)' }]),
      ],
      relations: [
        relation('author', 'many-to-one', 'users', ['author_id'], ['id'], { inverse: 'posts' }),
        relation('reviewer', 'many-to-one', 'users', ['reviewer_id'], ['id']),
        relation('tags', 'many-to-many', 'tags', ['id'], ['id'], {
          through: {
            table: 'public.post_tags',
            localColumns: ['post_id'],
            targetColumns: ['tag_id'],
          },
        }),
      ],
    },
  );
  const tags = table('tags', [id(), column('name', 'varchar')], { className: 'Tag' });
  const postTags = table(
    'post_tags',
    [
      column('post_id', 'integer', { primaryKey: true }),
      column('tag_id', 'integer', { primaryKey: true }),
    ],
    {
      className: 'PostTag',
      relations: [
        relation('post', 'many-to-one', 'posts', ['post_id'], ['id']),
        relation('tag', 'many-to-one', 'tags', ['tag_id'], ['id']),
      ],
    },
  );
  const userStatus = enumeration('user_status', [
    'active',
    { name: 'banned', note: 'No longer allowed to log in.' },
    'on hold',
  ]);
  return schema([users, profiles, posts, tags, postTags], [userStatus]);
}
