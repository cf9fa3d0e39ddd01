// Two selections with one output name: the driver keys a row by name, so one value would
// silently replace the other (a LEFT JOIN's NULL `id` over the owner's). The compiler
// refuses such a statement with a CompileError naming the name and both expressions, also
// when a statement of the same shape is built again (the compile cache must not let it by).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  CompileError,
  compile,
  insertInto,
  postgresDialect,
  select,
  sql,
  type Engine,
  type SelectArg,
  type SelectQuery,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { posts, users, usersTableDdl } from './schema.js';

const postsDdl =
  'create table "posts" ("id" integer primary key, "author_id" integer, "title" text not null, ' +
  '"score" integer not null, "views" bigint not null)';

// The type of `select(...)` refuses a list naming a column twice where it knows the names:
// `.from` does not exist on what it gives (each `@ts-expect-error` must fail to compile).
function typeErrors(): void {
  // @ts-expect-error -- users.id and posts.id are both "id"
  void select(users.id, posts.id).from(users);
  // @ts-expect-error -- a whole table and one of its columns again
  void select(users, users.email).from(users);
  // @ts-expect-error -- an alias that takes a column's name
  void select(users.id, posts.score.as('id')).from(users);
  // @ts-expect-error -- an object key that does
  void select(users.email, { email: posts.title }).from(users);
  // @ts-expect-error -- a self-join: both copies name every column
  void select(users, users.$alias('other')).from(users);
  // Distinct names, and unnamed expressions (keyed by the database), compile.
  void select({ ownerId: users.id, postId: posts.id }, users.email).from(users);
}
void typeErrors;

/** `select` without its type-level check, to show what the compiler does on its own. */
const selectUnchecked = select as unknown as (
  ...args: SelectArg[]
) => SelectQuery<Record<string, unknown>>;

/** A CompileError naming `name`, both expressions and the way out. */
function refusal(name: string, first: RegExp, second: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof CompileError, String(e));
    assert.match(e.message, new RegExp(`both named "${name}"`));
    assert.match(e.message, first);
    assert.match(e.message, second);
    assert.match(e.message, /distinct keys/);
    return true;
  };
}

test('a duplicate output name is refused every time, not only when first rendered', () => {
  const build = (id: number) =>
    selectUnchecked(users.id, posts.id)
      .from(users)
      .leftJoin(posts, posts.authorId.eq(users.id))
      .where(users.id.eq(id));
  for (const id of [1, 2, 3]) {
    assert.throws(
      () => compile(build(id), postgresDialect),
      refusal('id', /"users"\."id"/, /"posts"\."id"/),
    );
  }
  // A whole table beside one of its own columns, an alias that takes a column's name, and
  // an object key that does: each names "id" twice.
  assert.throws(
    () => compile(selectUnchecked(users, posts.id).from(users).crossJoin(posts), postgresDialect),
    refusal('id', /"users"\."id"/, /"posts"\."id"/),
  );
  assert.throws(
    () =>
      compile(selectUnchecked(users.id, posts.score.as('id')).from(users, posts), postgresDialect),
    refusal('id', /"users"\."id"/, /"posts"\."score" as "id"/),
  );
  assert.throws(
    () =>
      compile(
        selectUnchecked(users.email, { email: posts.title }).from(users, posts),
        postgresDialect,
      ),
    refusal('email', /"users"\."email"/, /"posts"\."title" as "email"/),
  );
  // A self-join: the same table twice, under its name and an alias.
  const other = users.$alias('other');
  assert.throws(
    () => compile(selectUnchecked(users, other).from(users).crossJoin(other), postgresDialect),
    refusal('id', /"users"\."id"/, /"other"\."id"/),
  );
  // A UNION's parts (the names of the other part must equal the first's); RETURNING lists
  // are rows too.
  const twice = selectUnchecked(users.id, users.id).from(users);
  assert.throws(
    () => compile(twice.union(selectUnchecked(posts.id, posts.id).from(posts)), postgresDialect),
    refusal('id', /"users"\."id"/, /"users"\."id"/),
  );
  assert.throws(
    () =>
      compile(
        insertInto(users)
          .values({ email: 'x', createdAt: new Date() })
          .returning(users.id, users.email.as('id')),
        postgresDialect,
      ),
    CompileError,
  );
});

test('distinct names, and duplicates inside a subquery, are left alone', () => {
  const ok = select({ ownerId: users.id, postId: posts.id })
    .from(users)
    .leftJoin(posts, posts.authorId.eq(users.id));
  assert.match(compile(ok, postgresDialect).sql, /as "ownerId".*as "postId"/);
  // The database resolves a subquery's names; only the statement's own rows are keyed.
  const inner = selectUnchecked(users.id, posts.id).from(users).crossJoin(posts);
  const outer = select(users.email)
    .from(users)
    .where(users.id.in(select(posts.id).from(posts)));
  assert.doesNotThrow(() => compile(outer, postgresDialect));
  void inner;
});

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await engine.execute(sql.raw(usersTableDdl(dialect)));
    await engine.execute(sql.raw(postsDdl));
    const at = new Date('2024-01-02T03:04:05.000Z');
    await engine.execute(
      insertInto(users).values([
        { id: 1, email: 'a@x', createdAt: at },
        { id: 2, email: 'b@x', createdAt: at },
      ]),
    );
    await engine.execute(
      insertInto(posts).values({ id: 10, authorId: 1, title: 't', score: 1, views: 1n }),
    );
  });

  test('a left join selecting both ids is refused before it runs', async () => {
    const q = selectUnchecked(users, posts.id, posts.title)
      .from(users)
      .leftJoin(posts, posts.authorId.eq(users.id))
      .where(users.id.eq(2));
    await assert.rejects(engine.execute(q), refusal('id', /users/, /posts/));
  });

  test('named apart, both values come back', async () => {
    const { rows } = await engine.execute(
      select({ ownerId: users.id, postId: posts.id, title: posts.title })
        .from(users)
        .leftJoin(posts, posts.authorId.eq(users.id))
        .orderBy(users.id),
    );
    assert.deepEqual(rows, [
      { ownerId: 1, postId: 10, title: 't' },
      { ownerId: 2, postId: null, title: null },
    ]);
  });
});
