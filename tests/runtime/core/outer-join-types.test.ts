// The optional side of an outer join is typed `| null`: the columns of a LEFT JOIN's
// joined item, of every item before a RIGHT JOIN's, of all items of a FULL JOIN. The
// select list fixes the row type before the joins, so each named column records its FROM
// item (type-level only) and the join maps the row. Checked by the compiler (each
// `Equal` must hold) and, on every dialect, against the NULLs that actually come back.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { count, cte, insertInto, select, selectFrom, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { posts, users, usersTableDdl } from './schema.js';

/** Compiles only when `A` and `B` are the same type. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(): T => true as T;
type RowOf<Q> = NonNullable<Q extends { readonly __row?: infer R } ? R : never>;

const onAuthor = posts.authorId.eq(users.id);
// LEFT JOIN: the joined table's columns, positional, aliased or keyed; not the others'.
const left = select(users.email, posts.title, posts.views.as('v'), { n: count(), s: posts.score })
  .from(users)
  .leftJoin(posts, onAuthor);
expectType<
  Equal<
    RowOf<typeof left>,
    {
      email: string;
      title: string | null;
      v: bigint | null;
      readonly n: number;
      readonly s: number | null;
    }
  >
>();
// A whole table on the optional side, or beside it; selectFrom too.
const tables = selectFrom(users).leftJoin(posts, onAuthor);
expectType<Equal<RowOf<typeof tables>['email'], string>>();
const byPosts = select(posts, users.email).from(users).leftJoin(posts, onAuthor);
expectType<Equal<RowOf<typeof byPosts>['title'], string | null>>();
expectType<Equal<RowOf<typeof byPosts>['email'], string>>();
// RIGHT JOIN: every item before it; FULL JOIN: all of them.
const right = select({ e: users.email, t: posts.title }).from(posts).rightJoin(users, onAuthor);
expectType<Equal<RowOf<typeof right>, { readonly e: string; readonly t: string | null }>>();
const rightAll = selectFrom(users).rightJoin(posts, onAuthor);
expectType<Equal<RowOf<typeof rightAll>['email'], string | null>>();
const full = select(users.email, posts.title).from(posts).fullJoin(users, onAuthor);
expectType<Equal<RowOf<typeof full>, { email: string | null; title: string | null }>>();
// Inner and cross joins change nothing; a later outer join keeps earlier nulls.
const inner = select(users.email, posts.title).from(users).join(posts, onAuthor);
expectType<Equal<RowOf<typeof inner>, { email: string; title: string }>>();
// A derived table or CTE on the optional side.
const counts = select({ authorId: posts.authorId, n: count() })
  .from(posts)
  .groupBy(posts.authorId)
  .as('c');
const derived = select({ e: users.email, n: counts.n })
  .from(users)
  .leftJoin(counts, counts.authorId.eq(users.id));
expectType<Equal<RowOf<typeof derived>, { readonly e: string; readonly n: number | null }>>();
const titles = cte('titles', select({ authorId: posts.authorId, title: posts.title }).from(posts));
const viaCte = select({ e: users.email, t: titles.title })
  .from(users)
  .leftJoin(titles, titles.authorId.eq(users.id))
  .with(titles);
expectType<Equal<RowOf<typeof viaCte>, { readonly e: string; readonly t: string | null }>>();

function typeErrors(): void {
  const row = null as unknown as RowOf<typeof left>;
  // @ts-expect-error -- the title of a user without posts is null
  const title: string = row.title;
  void title;
}
void typeErrors;

const postsDdl =
  'create table "posts" ("id" integer primary key, "author_id" integer, "title" text not null, ' +
  '"score" integer not null, "views" bigint not null)';

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
      insertInto(posts).values([
        { id: 10, authorId: 1, title: 't', score: 3, views: 5n },
        { id: 11, authorId: 9, title: 'orphan', score: 1, views: 1n },
      ]),
    );
  });

  test('a left join gives null for the columns of the missing row, as typed', async () => {
    const { rows } = await engine.execute(
      left.groupBy(users.email, posts.title, posts.views, posts.score).orderBy(users.email),
    );
    const typed: { title: string | null; v: bigint | null }[] = rows;
    assert.deepEqual(typed, [
      { email: 'a@x', title: 't', v: 5n, n: 1, s: 3 },
      { email: 'b@x', title: null, v: null, n: 1, s: null },
    ]);
  });

  test('a right join gives null for the items before it', async () => {
    const { rows } = await engine.execute(
      select({ e: users.email, t: posts.title })
        .from(users)
        .rightJoin(posts, onAuthor)
        .orderBy(posts.id),
    );
    assert.deepEqual(rows, [
      { e: 'a@x', t: 't' },
      { e: null, t: 'orphan' },
    ]);
    const e: string | null = rows[1]?.e ?? null;
    assert.equal(e, null);
  });

  test('a full join gives null on either side', { skip: dialect === 'mysql' }, async () => {
    const { rows } = await engine.execute(
      select({ e: users.email, t: posts.title }).from(users).fullJoin(posts, onAuthor),
    );
    const sorted = [...rows].sort((a, b) => String(a.e ?? a.t).localeCompare(String(b.e ?? b.t)));
    assert.deepEqual(sorted, [
      { e: 'a@x', t: 't' },
      { e: 'b@x', t: null },
      { e: null, t: 'orphan' },
    ]);
  });

  test('a left-joined derived table is null where no row matched', async () => {
    const { rows } = await engine.execute(derived.orderBy(users.email));
    assert.deepEqual(rows, [
      { e: 'a@x', n: 1 },
      { e: 'b@x', n: null },
    ]);
  });
});
