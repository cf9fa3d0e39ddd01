// A CASE whose WHENs all compare one column with `=` to a bound value is sent as the simple
// `CASE col WHEN ? THEN ...` where the dialect runs that faster (MySQL/MariaDB:
// `capabilities.simpleCase`); it must update exactly the rows the searched form does.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { caseWhen, insertInto, param, select, sql, update, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { posts } from './schema.js';

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await engine.execute(
      sql.raw(`create table "posts" ("id" integer primary key, "author_id" integer not null, "title" text not null,
        "score" integer not null, "views" bigint not null default 0)`),
    );
    await engine.execute(
      insertInto(posts).values(
        [1, 2, 3, 4].map((id) => ({ id, authorId: id, title: `t${id}`, score: id, views: 0n })),
      ),
    );
  });

  test('a batched UPDATE with a CASE over the key sets each listed row and keeps the others', async () => {
    const renamed = caseWhen(
      [
        [posts.id.eq(1), 'one'],
        [posts.id.eq(3), 'three'],
        [posts.id.eq(9), 'none'],
      ],
      posts.title,
    );
    const statement = update(posts)
      .set({ title: renamed })
      .where(posts.id.in([1, 2, 3]));
    const text = engine.compile(statement).sql;
    if (dialect === 'mysql')
      assert.match(text, /set `title` = case `posts`\.`id` when \? then \? when \? then \?/);
    else if (dialect === 'sqlite') assert.match(text, /case when `posts`\.`id` = \? then/);
    else assert.match(text, /case when "posts"\."id" = \$1 then/);
    const result = await engine.execute(statement);
    assert.equal(result.rowCount, 3);
    const { rows } = await engine.execute(
      select(posts.id, posts.title).from(posts).orderBy(posts.id),
    );
    assert.deepEqual(rows, [
      { id: 1, title: 'one' },
      { id: 2, title: 't2' },
      { id: 3, title: 'three' },
      { id: 4, title: 't4' },
    ]);
  });

  test('named parameters count as bound values; other tests keep the searched form', async () => {
    const byParam = caseWhen(
      [
        [posts.id.eq(param<number>('a')), 10],
        [posts.id.eq(param<number>('b')), 20],
      ],
      posts.score,
    );
    const sqlOf = (s: Parameters<Engine['compile']>[0]) => engine.compile(s, { a: 2, b: 4 }).sql;
    const simple = sqlOf(select({ s: byParam }).from(posts));
    if (dialect === 'mysql') assert.match(simple, /case `posts`\.`id` when \? then \? when \?/);
    // Two columns, a comparison other than `=`, a column on the right, a bigint: as written.
    const mixed = [
      caseWhen([
        [posts.id.eq(1), 1],
        [posts.authorId.eq(2), 2],
      ]),
      caseWhen([
        [posts.id.eq(1), 1],
        [posts.id.gt(2), 2],
      ]),
      caseWhen([
        [posts.id.eq(1), 1],
        [posts.id.eq(posts.authorId), 2],
      ]),
      // A bigint is bound as decimal text, which MySQL's simple CASE compares as a double.
      caseWhen([
        [posts.views.eq(9007199254740993n), 1],
        [posts.views.eq(0n), 2],
      ]),
    ];
    for (const c of mixed) assert.match(sqlOf(select({ c }).from(posts)), /case when /);
    const { rows } = await engine.execute(
      select({ id: posts.id, s: byParam }).from(posts).orderBy(posts.id),
      { a: 2, b: 4 },
    );
    assert.deepEqual(
      rows.map((r) => [r.id, Number(r.s)]),
      [
        [1, 1],
        [2, 10],
        [3, 3],
        [4, 20],
      ],
    );
  });
});
