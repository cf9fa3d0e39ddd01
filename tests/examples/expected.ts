/**
 * What each example must print (blocks of whole lines, in order), on either database.
 * The demo test checks the same blocks in the demo's output.
 */
export type Dialect = 'sqlite' | 'postgres';

export const EXPECTED: Record<string, (dialect: Dialect) => string[]> = {
  schema: () => [
    'tables, their model classes and relations:',
    ' users          | User         | profile, posts, comments, following, followers, reactions, editedRevisions',
    ' posts          | Post         | author, category, comments, postTags, postRevisions, attachments, tags',
    ' post_tags      | PostTag      | post, tag',
    '(11 rows)',
    'enums: user_role (admin, editor, member); post_status (draft, published, archived); reaction_kind (like, love, laugh)',
    'ir: null, 3 problems',
    ['8 |   author_id integer [ref: > user.id]', '  |                             ^^^^'].join('\n'),
    ['10 |   title text', '   |   ^^^^^^^^^^'].join('\n'),
  ],
  'raw-sql': () => [
    '-- Raw SQL: values are always bound parameters',
    [
      'select ... where email = $1:',
      ' username | display_name',
      '----------+--------------',
      ' ada      | Ada Lovelace',
      '(1 row)',
    ].join('\n'),
    `users matching "nobody' or '1'='1": 0`,
    'rolled back: changed my mind',
    [
      'karma after both transactions:',
      ' username | karma',
      '----------+-------',
      ' ada      | 10',
      ' grace    | 32',
      '(2 rows)',
    ].join('\n'),
  ],
  'query-builder': (dialect) => [
    [
      'inserted users:',
      ' id | username',
      '----+----------',
      ' 1  | ada',
      ' 2  | grace',
      ' 3  | linus',
      '(3 rows)',
    ].join('\n'),
    [
      'active users:',
      ' id | username | role',
      '----+----------+--------',
      ' 1  | ada      | admin',
      ' 2  | grace    | editor',
      '(2 rows)',
    ].join('\n'),
    "first user's role: admin",
    [
      'posts per author:',
      ' author | posts',
      '--------+-------',
      ' ada    | 2',
      ' grace  | 1',
      ' linus  | 0',
      '(3 rows)',
    ].join('\n'),
    ' engine    | 10',
    'deleted inactive users: 1',
    dialect === 'postgres'
      ? 'select "posts"."id" as "id", "posts"."title" as "title" from "posts" where "posts"."slug" = $1'
      : 'select "posts"."id" as "id", "posts"."title" as "title" from "posts" where "posts"."slug" = ?',
    '  parameters: ["engine"]',
  ],
  'orm-models': () => [
    'before flush: pending, id undefined',
    'after commit: persistent, id 1; post.categoryId 1',
    'same object: true',
    'getByEmail is the same object too: true',
    "RelationNotLoadedError: User.posts is not loaded; load it with session.load(user, 'posts') or query(User).options(selectinload('posts'))",
    [
      "ada's posts:",
      ' id | title               | status',
      '----+---------------------+--------',
      ' 1  | Notes on the engine | draft',
      '(1 row)',
    ].join('\n'),
    ['their tags:', ' name', '---------', ' history', ' math', '(2 rows)'].join('\n'),
    'dirty objects: 1',
    'post version after update: 2',
    'post is now detached; posts left: 0',
  ],
  'events-and-filters': () => [
    'acme sees tasks: Write docs, Ship it',
    'acme get(Task, 3) of globex: null',
    'after delete: Write docs',
    'withDeleted(): Write docs, Ship it (deleted)',
    "TenantViolationError: cannot write Task.projectId = 2: no Project row with that key is visible to this session (another tenant's, or none)",
    [
      'audit_log:',
      ' tenant_id | action | model   | row_id | columns',
      '-----------+--------+---------+--------+---------------------------------------',
      ' 1         | insert | Project | 1      | id tenantId name',
      ' 1         | insert | Task    | 1      | id tenantId projectId title deletedAt',
      ' 1         | insert | Task    | 2      | id tenantId projectId title deletedAt',
      ' 2         | insert | Project | 2      | id tenantId name',
      ' 2         | insert | Task    | 3      | id tenantId projectId title deletedAt',
      ' 1         | update | Task    | 2      | deletedAt',
      '(6 rows)',
    ].join('\n'),
  ],
  'session-and-transactions': () => [
    'temp is transient; ada still has unsaved karma 100',
    'after refresh: ada.karma = 0, users = 2',
    'UNIQUE_VIOLATION: the savepoint was rolled back',
    [
      'users after the savepoint:',
      ' username | karma | version',
      '----------+-------+---------',
      ' ada      | 5     | 2',
      ' grace    | 0     | 1',
      '(2 rows)',
    ].join('\n'),
    'StaleDataError: UPDATE of "users" expected to match 1 row(s); 0 matched (version check on "version": another transaction changed or deleted the row)',
  ],
  'query-api': () => [
    [
      'users with karma >= 20:',
      ' username | karma',
      '----------+-------',
      ' grace    | 80',
      ' ada      | 50',
      '(2 rows)',
    ].join('\n'),
    [
      "ada's published posts:",
      ' slug      | title',
      '-----------+---------------------',
      ' bernoulli | Bernoulli numbers',
      ' engine    | Notes on the engine',
      '(2 rows)',
    ].join('\n'),
    [
      'users and their posts (selectinload):',
      ' username | posts',
      '----------+-------------------------------',
      ' ada      | engine, bernoulli, unfinished',
      ' grace    | compilers',
      ' linus    |',
      '(3 rows)',
    ].join('\n'),
    "joinedload: first post's author is ada",
    'users with a draft: ada',
    'published posts: 3',
    [
      'posts per author:',
      ' authorId | posts',
      '----------+-------',
      ' 1        | 3',
      ' 2        | 1',
      '(2 rows)',
    ].join('\n'),
    'one(): grace@example.org; oneOrNone(): null; exists(): true',
    'iterate(2): engine, bernoulli, unfinished, compilers',
  ],
  migrations: () => [
    'wrote 0001_create_blog.js: 14 operations up, 14 down',
    'export const up = (op) => [',
    "  op.addColumn('users', { name: 'last_login_at', type: 'timestamp' }),",
    'export const down = (op) => [',
    "  op.dropColumn('users', 'last_login_at'),",
    [
      'migration status:',
      ' migration      | state',
      '----------------+---------',
      ' create blog    | applied',
      ' add last login | pending',
      '(2 rows)',
    ].join('\n'),
    '-- Migrations: pull the live database back into DBML (dbgen pull)',
    ['Table users {', '  id integer [pk, increment]'].join('\n'),
    '  username varchar(50) [not null]',
    "  role user_role [not null, default: 'member']",
    "    username [unique, name: 'users_username_key']",
  ],
};

/** Diagnostics start with the schema's absolute path: checked by pattern. */
export const SCHEMA_DIAGNOSTICS = [
  /^\S*broken\.dbml:8:29: error: table 'user' does not exist in schema 'public' \[DBML201\]$/m,
  /^\S*broken\.dbml:9:3: error: column 'title' is defined 2 times in table 'posts'; a name can be used once \[DBML211\]$/m,
];

/** Progress lines of the migrations example carry random revisions: checked by pattern. */
export const MIGRATION_LOG = [
  /^applied 0001_create_blog\.js \([0-9a-f]{12}\)$/m,
  /^applied 0002_add_last_login\.js \([0-9a-f]{12}\)$/m,
  /^reverted 0002_add_last_login\.js \([0-9a-f]{12}\)$/m,
];
