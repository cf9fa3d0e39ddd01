// dbgen migration: initial
// Edit freely: `up` and `down` return lists of operations built with `op` (see
// docs/migrations.md). Once applied somewhere, a change here is reported as a changed checksum.

export const revision = '1e07d2ae1086';
/** The migration this one follows; null for the first. */
export const parent = null;
export const name = 'initial';

/** @param {import('@dbgen/runtime').MigrationOps} op */
export const up = (op) => [
  op.createEnum('user_role', ['admin', 'editor', 'member']),
  op.createEnum('post_status', ['draft', 'published', 'archived']),
  op.createEnum('reaction_kind', ['like', 'love', 'laugh']),
  op.createTable('users', {
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      {
        name: 'email',
        type: 'varchar(255)',
        nullable: false,
        note: 'Login name; compared case-insensitively',
      },
      { name: 'username', type: 'varchar(50)', nullable: false },
      { name: 'display_name', type: 'varchar(100)' },
      { name: 'role', enum: 'user_role', nullable: false, default: 'member' },
      { name: 'is_active', type: 'boolean', nullable: false, default: true },
      { name: 'karma', type: 'integer', nullable: false, default: 0 },
      {
        name: 'created_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
      {
        name: 'version',
        type: 'integer',
        nullable: false,
        default: 1,
        note: 'Optimistic locking counter',
      },
    ],
    primaryKey: { name: 'users_pkey', columns: ['id'] },
    uniques: [{ name: 'users_email_key', columns: ['email'] }],
    indexes: [
      { name: 'users_username_key', columns: ['username'], unique: true },
      { name: 'users_email_lower_idx', parts: [{ sql: 'lower(email)' }] },
    ],
    checks: [{ name: 'users_karma_check', expression: 'karma >= -1000' }],
    note: 'Registered accounts',
  }),
  op.createTable('profiles', {
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'user_id', type: 'integer', nullable: false },
      { name: 'bio', type: 'text' },
      { name: 'avatar_url', type: 'varchar(500)' },
      { name: 'birth_date', type: 'date' },
      { name: 'website', type: 'varchar(255)', default: '' },
    ],
    primaryKey: { name: 'profiles_pkey', columns: ['id'] },
    uniques: [{ name: 'profiles_user_id_key', columns: ['user_id'] }],
    foreignKeys: [
      {
        name: 'profiles_user_id_fkey',
        columns: ['user_id'],
        target: 'users',
        targetColumns: ['id'],
      },
    ],
    note: 'One profile per user (one-to-one through the unique user_id)',
  }),
  op.createTable('categories', {
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'parent_id', type: 'integer' },
      { name: 'name', type: 'varchar(100)', nullable: false },
      { name: 'slug', type: 'varchar(100)', nullable: false },
      { name: 'position', type: 'smallint', nullable: false, default: 0 },
    ],
    primaryKey: { name: 'categories_pkey', columns: ['id'] },
    uniques: [{ name: 'categories_slug_key', columns: ['slug'] }],
    foreignKeys: [
      {
        name: 'categories_parent_id_fkey',
        columns: ['parent_id'],
        target: 'categories',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
    ],
    note: 'A tree of categories: a root has no parent',
  }),
  op.createTable('posts', {
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'author_id', type: 'integer', nullable: false },
      { name: 'category_id', type: 'integer' },
      { name: 'title', type: 'varchar(200)', nullable: false },
      { name: 'slug', type: 'varchar(200)', nullable: false },
      { name: 'body', type: 'text', nullable: false, default: '' },
      { name: 'status', enum: 'post_status', nullable: false, default: 'draft' },
      { name: 'view_count', type: 'bigint', nullable: false, default: 0 },
      { name: 'rating', type: 'decimal(3,2)' },
      { name: 'published_at', type: 'timestamp' },
      {
        name: 'created_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
      {
        name: 'updated_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
      { name: 'version', type: 'integer', nullable: false, default: 1 },
    ],
    primaryKey: { name: 'posts_pkey', columns: ['id'] },
    indexes: [
      { name: 'posts_slug_idx', columns: ['slug'], unique: true },
      { name: 'posts_author_created_idx', columns: ['author_id', 'created_at'] },
      { name: 'posts_status_idx', columns: ['status'] },
    ],
    checks: [
      {
        name: 'posts_published_has_date',
        expression: "status <> 'published' OR published_at IS NOT NULL",
      },
      { name: 'posts_view_count_check', expression: 'view_count >= 0' },
    ],
    foreignKeys: [
      {
        name: 'posts_author_id_fkey',
        columns: ['author_id'],
        target: 'users',
        targetColumns: ['id'],
        onDelete: 'restrict',
      },
      {
        name: 'posts_category_id_fkey',
        columns: ['category_id'],
        target: 'categories',
        targetColumns: ['id'],
        onDelete: 'set null',
      },
    ],
  }),
  op.createTable('comments', {
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'post_id', type: 'integer', nullable: false },
      { name: 'author_id', type: 'integer', nullable: false },
      { name: 'parent_id', type: 'integer', note: 'The comment this one replies to.' },
      { name: 'body', type: 'text', nullable: false },
      {
        name: 'created_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
    ],
    primaryKey: { name: 'comments_pkey', columns: ['id'] },
    indexes: [{ name: 'comments_post_id_created_at_idx', columns: ['post_id', 'created_at'] }],
    foreignKeys: [
      {
        name: 'comments_post_id_fkey',
        columns: ['post_id'],
        target: 'posts',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
      {
        name: 'comments_author_id_fkey',
        columns: ['author_id'],
        target: 'users',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
      {
        name: 'comments_parent_id_fkey',
        columns: ['parent_id'],
        target: 'comments',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
    ],
  }),
  op.createTable('tags', {
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'name', type: 'varchar(50)', nullable: false },
    ],
    primaryKey: { name: 'tags_pkey', columns: ['id'] },
    uniques: [{ name: 'tags_name_key', columns: ['name'] }],
  }),
  op.createTable('post_tags', {
    columns: [
      { name: 'post_id', type: 'integer', nullable: false, primaryKey: true },
      { name: 'tag_id', type: 'integer', nullable: false, primaryKey: true },
    ],
    primaryKey: { name: 'post_tags_pkey', columns: ['post_id', 'tag_id'] },
    indexes: [{ name: 'post_tags_tag_id_idx', columns: ['tag_id'] }],
    foreignKeys: [
      {
        name: 'post_tags_post_id_fkey',
        columns: ['post_id'],
        target: 'posts',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
      {
        name: 'post_tags_tag_id_fkey',
        columns: ['tag_id'],
        target: 'tags',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
    ],
    note: 'Pure join table: posts <-> tags',
  }),
  op.createTable('follows', {
    columns: [
      { name: 'follower_id', type: 'integer', nullable: false, primaryKey: true },
      { name: 'followee_id', type: 'integer', nullable: false, primaryKey: true },
      {
        name: 'created_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
    ],
    primaryKey: { name: 'follows_pkey', columns: ['follower_id', 'followee_id'] },
    checks: [{ name: 'follows_not_self', expression: 'follower_id <> followee_id' }],
    foreignKeys: [
      {
        name: 'follows_follower_id_fkey',
        columns: ['follower_id'],
        target: 'users',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
      {
        name: 'follows_followee_id_fkey',
        columns: ['followee_id'],
        target: 'users',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
    ],
  }),
  op.createTable('reactions', {
    columns: [
      { name: 'user_id', type: 'integer', nullable: false, primaryKey: true },
      { name: 'comment_id', type: 'integer', nullable: false, primaryKey: true },
      { name: 'kind', enum: 'reaction_kind', nullable: false, default: 'like' },
      {
        name: 'created_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
    ],
    primaryKey: { name: 'reactions_pkey', columns: ['user_id', 'comment_id'] },
    foreignKeys: [
      {
        name: 'reactions_user_id_fkey',
        columns: ['user_id'],
        target: 'users',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
      {
        name: 'reactions_comment_id_fkey',
        columns: ['comment_id'],
        target: 'comments',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
    ],
  }),
  op.createTable('post_revisions', {
    columns: [
      { name: 'post_id', type: 'integer', nullable: false, primaryKey: true },
      { name: 'revision', type: 'integer', nullable: false, primaryKey: true },
      { name: 'title', type: 'varchar(200)', nullable: false },
      { name: 'body', type: 'text', nullable: false },
      { name: 'edited_by', type: 'integer' },
      {
        name: 'edited_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
    ],
    primaryKey: { name: 'post_revisions_pkey', columns: ['post_id', 'revision'] },
    foreignKeys: [
      {
        name: 'post_revisions_post_id_fkey',
        columns: ['post_id'],
        target: 'posts',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
      {
        name: 'post_revisions_edited_by_fkey',
        columns: ['edited_by'],
        target: 'users',
        targetColumns: ['id'],
        onDelete: 'set null',
      },
    ],
    note: 'Every saved edit of a post, keyed by (post, revision number)',
  }),
  op.createTable('attachments', {
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'post_id', type: 'integer', nullable: false },
      { name: 'file_name', type: 'varchar(255)', nullable: false },
      {
        name: 'content_type',
        type: 'varchar(100)',
        nullable: false,
        default: 'application/octet-stream',
      },
      { name: 'size_bytes', type: 'bigint', nullable: false },
      { name: 'metadata', type: 'json' },
      {
        name: 'uploaded_at',
        type: 'timestamp',
        nullable: false,
        default: { sql: 'CURRENT_TIMESTAMP' },
      },
    ],
    primaryKey: { name: 'attachments_pkey', columns: ['id'] },
    checks: [{ name: 'attachments_size_bytes_check', expression: 'size_bytes >= 0' }],
    foreignKeys: [
      {
        name: 'attachments_post_id_fkey',
        columns: ['post_id'],
        target: 'posts',
        targetColumns: ['id'],
        onDelete: 'cascade',
      },
    ],
  }),
];

/** @param {import('@dbgen/runtime').MigrationOps} op */
export const down = (op) => [
  op.dropTable('attachments'),
  op.dropTable('post_revisions'),
  op.dropTable('reactions'),
  op.dropTable('follows'),
  op.dropTable('post_tags'),
  op.dropTable('tags'),
  op.dropTable('comments'),
  op.dropTable('posts'),
  op.dropTable('categories'),
  op.dropTable('profiles'),
  op.dropTable('users'),
  op.dropEnum('user_role'),
  op.dropEnum('post_status'),
  op.dropEnum('reaction_kind'),
];
