/**
 * Hand-built IR for the emitter's tests: a blog (users, posts, tags, a join table) with
 * an enum, nullable and defaulted columns, unique and composite indexes, and relations
 * of every kind. Built by small helpers so each test can vary one thing.
 */
import type {
  ColumnIR,
  ColumnTypeIR,
  LogicalType,
  RelationIR,
  SchemaIR,
  TableIR,
} from '@dbgen/runtime';

export function type(logical: LogicalType, raw: string = logical, arrayDims = 0): ColumnTypeIR {
  return { logical, raw, name: raw.replace(/\(.*$/, '').replace(/\[\]/g, ''), args: [], arrayDims };
}

export function column(
  name: string,
  propertyName: string,
  logical: LogicalType | ColumnTypeIR,
  extra: Partial<ColumnIR> = {},
): ColumnIR {
  return {
    name,
    type: typeof logical === 'string' ? type(logical) : logical,
    nullable: false,
    primaryKey: false,
    unique: false,
    autoIncrement: false,
    default: null,
    checks: [],
    note: null,
    propertyName,
    ...extra,
  };
}

export function table(
  name: string,
  className: string,
  columns: ColumnIR[],
  extra: Partial<Omit<TableIR, 'orm'>> & { relations?: RelationIR[] } = {},
): TableIR {
  const { relations = [], ...rest } = extra;
  const pk = columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    key: `public.${name}`,
    schema: 'public',
    name,
    alias: null,
    note: null,
    columns,
    primaryKey: pk.length > 0 ? { name: null, columns: pk } : null,
    uniques: [],
    indexes: [],
    checks: [],
    foreignKeys: [],
    orm: { className, versionColumn: null, relations, isJoinTable: false },
    synthesized: false,
    ...rest,
  };
}

export function relation(
  name: string,
  kind: RelationIR['kind'],
  target: string,
  localColumns: string[],
  targetColumns: string[],
  extra: Partial<RelationIR> = {},
): RelationIR {
  return {
    name,
    kind,
    target: `public.${target}`,
    localColumns,
    targetColumns,
    owning: kind === 'many-to-one',
    inverse: null,
    orphan: kind === 'one-to-many' ? 'delete' : null,
    ...extra,
  };
}

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
    'User',
    [
      column('id', 'id', 'integer', { primaryKey: true, autoIncrement: true }),
      column('email', 'email', type('varchar', 'varchar(255)'), { unique: true }),
      column('bio', 'bio', 'text', { nullable: true, note: 'Shown on the profile page.' }),
      column('status', 'status', {
        ...type('enum', 'user_status'),
        enum: { schema: 'public', name: 'user_status' },
      }),
      column('balance', 'balance', type('decimal', 'decimal(10,2)'), {
        default: { kind: 'number', value: '0.00' },
      }),
      column('big', 'big', 'bigint', { nullable: true }),
      column('settings', 'settings', 'jsonb', { nullable: true }),
      column('avatar', 'avatar', 'bytes', { nullable: true }),
      column('nicknames', 'nicknames', type('text', 'text[]', 1), { nullable: true }),
      column('created_at', 'createdAt', 'timestamptz', {
        default: { kind: 'expression', sql: 'now()' },
      }),
    ],
    {
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
    'Profile',
    [
      column('user_id', 'userId', 'integer', { primaryKey: true }),
      column('website', 'website', 'text', { nullable: true }),
    ],
    {
      relations: [relation('user', 'one-to-one', 'users', ['user_id'], ['id'], { owning: true })],
    },
  );
  const posts = table(
    'posts',
    'Post',
    [
      column('id', 'id', 'integer', { primaryKey: true, autoIncrement: true }),
      column('author_id', 'authorId', 'integer'),
      column('title', 'title', 'varchar'),
      column('slug', 'slug', 'varchar'),
      column('published_on', 'publishedOn', 'date', { nullable: true }),
      column('reviewer_id', 'reviewerId', 'integer', { nullable: true }),
    ],
    {
      uniques: [{ name: 'posts_author_slug', columns: ['author_id', 'slug'] }],
      indexes: [
        {
          name: null,
          parts: [
            { kind: 'column', name: 'author_id' },
            { kind: 'column', name: 'published_on' },
          ],
          unique: false,
          type: null,
          note: null,
        },
        {
          name: null,
          parts: [{ kind: 'expression', sql: 'lower(title)' }],
          unique: false,
          type: null,
          note: null,
        },
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
  const tags = table('tags', 'Tag', [
    column('id', 'id', 'integer', { primaryKey: true, autoIncrement: true }),
    column('name', 'name', 'varchar'),
  ]);
  const postTags = table(
    'post_tags',
    'PostTag',
    [
      column('post_id', 'postId', 'integer', { primaryKey: true }),
      column('tag_id', 'tagId', 'integer', { primaryKey: true }),
    ],
    {
      relations: [
        relation('post', 'many-to-one', 'posts', ['post_id'], ['id']),
        relation('tag', 'many-to-one', 'tags', ['tag_id'], ['id']),
      ],
    },
  );
  return {
    irVersion: 1,
    project: null,
    enums: [
      {
        schema: 'public',
        name: 'user_status',
        values: [
          { name: 'active', note: null },
          { name: 'banned', note: 'No longer allowed to log in.' },
          { name: 'on hold', note: null },
        ],
        note: null,
      },
    ],
    tables: [users, profiles, posts, tags, postTags],
    refs: [],
    tableGroups: [],
    records: [],
    notes: [],
  };
}
