// The expression language run on real databases: the rows each construct returns.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  count,
  cte,
  deleteFrom,
  exists,
  frame,
  insertInto,
  recursiveCte,
  rowNumber,
  select,
  selectFrom,
  sql,
  sum,
  update,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { auditLog, posts, users } from './schema.js';

const at = new Date('2024-01-02T03:04:05.678Z');

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    const id =
      dialect === 'postgres'
        ? 'serial'
        : dialect === 'mysql'
          ? 'integer auto_increment'
          : 'integer';
    const ts =
      dialect === 'postgres' ? 'timestamptz' : dialect === 'mysql' ? 'datetime(6)' : 'text';
    await engine.execute(
      sql.raw(
        `create table "users" ("id" ${id} primary key, "email" varchar(255) not null unique, "name" text, "created_at" ${ts} not null)`,
      ),
    );
    await engine.execute(
      sql.raw(`create table "posts" ("id" integer primary key, "author_id" integer not null, "title" text not null,
        "score" integer not null, "views" bigint not null default 0)`),
    );
    const inserted = await engine.execute(
      insertInto(users)
        .values([
          { email: 'ann@x.org', name: 'Ann', createdAt: at },
          { email: 'bob@x.org', name: null, createdAt: at },
          { email: 'cy@y.org', name: 'Cy', createdAt: at },
        ])
        .returning(users.id, users.createdAt),
    );
    assert.deepEqual(inserted.rows, [
      { id: 1, createdAt: at },
      { id: 2, createdAt: at },
      { id: 3, createdAt: at },
    ]);
    await engine.execute(
      insertInto(posts).values([
        { id: 1, authorId: 1, title: 'a1', score: 5, views: 9007199254740993n },
        { id: 2, authorId: 1, title: 'a2', score: 7, views: 0n },
        { id: 3, authorId: 2, title: 'b1', score: 1, views: 0n },
        { id: 4, authorId: 3, title: 'c1', score: 7, views: 0n },
      ]),
    );
  });

  test('where, like/ilike, in (empty too), order by nulls', async () => {
    const q = select(users.email)
      .from(users)
      .where(users.email.ilike('%@X.ORG'), users.id.notIn([]))
      .orderBy(users.name.asc().nullsFirst());
    assert.deepEqual((await engine.execute(q)).rows, [
      { email: 'bob@x.org' },
      { email: 'ann@x.org' },
    ]);
    assert.deepEqual(
      (await engine.execute(select(users.id).from(users).where(users.id.in([])))).rows,
      [],
    );
  });

  test('joins, group by, having, aggregates (count comes back as a number)', async () => {
    const q = select({ email: users.email, n: count(), total: sum(posts.score) })
      .from(users)
      .join(posts, posts.authorId.eq(users.id))
      .groupBy(users.email)
      .having(count().gt(1));
    const { rows } = await engine.execute(q);
    assert.deepEqual(
      rows.map((r) => ({ ...r, total: Number(r.total) })),
      [{ email: 'ann@x.org', n: 2, total: 12 }],
    );
  });

  test('left/right/full joins', async () => {
    const left = await engine.execute(
      select({ id: users.id, title: posts.title })
        .from(users)
        .leftJoin(posts, posts.authorId.eq(users.id).and(posts.score.gt(6)))
        .orderBy(users.id),
    );
    assert.deepEqual(left.rows, [
      { id: 1, title: 'a2' },
      { id: 2, title: null },
      { id: 3, title: 'c1' },
    ]);
    const fullQuery = select({ id: users.id, title: posts.title })
      .from(users)
      .fullJoin(posts, posts.authorId.eq(users.id).and(users.id.eq(2)))
      .where(posts.title.isNull().or(users.id.isNull()))
      .orderBy(users.id.asc().nullsLast(), posts.title);
    if (dialect === 'mysql') {
      // MySQL/MariaDB have no FULL JOIN: refused at compile time, never sent.
      await assert.rejects(engine.execute(fullQuery), /full join is not supported/);
      return;
    }
    const full = await engine.execute(fullQuery);
    assert.deepEqual(full.rows, [
      { id: 1, title: null },
      { id: 3, title: null },
      { id: null, title: 'a1' },
      { id: null, title: 'a2' },
      { id: null, title: 'c1' },
    ]);
  });

  test('exists, scalar subquery, window function, bigint precision', async () => {
    const q = select({
      id: users.id,
      posts: select(count()).from(posts).where(posts.authorId.eq(users.id)).scalar(),
    })
      .from(users)
      .where(
        exists(select(posts.id).from(posts).where(posts.authorId.eq(users.id), posts.score.gte(5))),
      )
      .orderBy(users.id);
    assert.deepEqual(
      (await engine.execute(q)).rows.map((r) => [r.id, Number(r.posts)]),
      [
        [1, 2],
        [3, 1],
      ],
    );
    const w = select({
      id: posts.id,
      rn: rowNumber().over({ partitionBy: [posts.authorId], orderBy: [posts.score.desc()] }),
      running: sum(posts.score).over({
        orderBy: [posts.id],
        frame: { mode: 'rows', start: frame.unboundedPreceding, end: frame.currentRow },
      }),
      views: posts.views,
    })
      .from(posts)
      .orderBy(posts.id);
    const rows = (await engine.execute(w)).rows;
    assert.deepEqual(
      rows.map((r) => [r.id, r.rn, Number(r.running), r.views]),
      [
        [1, 2, 5, 9007199254740993n],
        [2, 1, 12, 0n],
        [3, 1, 13, 0n],
        [4, 1, 20, 0n],
      ],
    );
  });

  test('CTEs, recursive CTEs and compound selects', async () => {
    const best = cte(
      'best',
      select({ id: posts.id, score: posts.score }).from(posts).where(posts.score.gte(7)),
    );
    assert.deepEqual(
      (await engine.execute(select(best.id).from(best).with(best).orderBy(best.id))).rows,
      [{ id: 2 }, { id: 4 }],
    );
    const nums = recursiveCte('nums', select({ n: sql`1`.asExpression<number>() }), (self) =>
      select({ n: self.n.plus(1) })
        .from(self)
        .where(self.n.lt(5)),
    );
    assert.deepEqual(
      (await engine.execute(select(nums.n).from(nums).with(nums))).rows.map((r) => Number(r.n)),
      [1, 2, 3, 4, 5],
    );
    const u = select(posts.authorId)
      .from(posts)
      .union(select(users.id.as('authorId')).from(users))
      .orderBy(posts.authorId.desc());
    assert.deepEqual((await engine.execute(u)).rows, [
      { authorId: 3 },
      { authorId: 2 },
      { authorId: 1 },
    ]);
    const e = select(users.id)
      .from(users)
      .except(select(posts.authorId.as('id')).from(posts).where(posts.score.gt(4)));
    assert.deepEqual((await engine.execute(e)).rows, [{ id: 2 }]);
  });

  test('upsert: do nothing and do update with the excluded row', async () => {
    const nothing = await engine.execute(
      insertInto(users)
        .values({ email: 'ann@x.org', name: 'Other', createdAt: at })
        .onConflictDoNothing([users.email]),
    );
    // ON DUPLICATE KEY UPDATE counts the conflicting row (found rows), though unchanged.
    assert.equal(nothing.rowCount, dialect === 'mysql' ? 1 : 0);
    const updated = await engine.execute(
      insertInto(users)
        .values({ email: 'bob@x.org', name: 'Bobby', createdAt: at })
        .onConflictDoUpdate([users.email], (excluded) => ({ name: excluded.name }))
        .returning(users.id, users.name),
    );
    assert.deepEqual(updated.rows, [{ id: 2, name: 'Bobby' }]);
    const fromSelect = await engine.execute(
      insertInto(posts)
        .fromSelect(
          [posts.id, posts.authorId, posts.title, posts.score],
          select(posts.id, posts.authorId, posts.title, posts.score).from(posts),
        )
        .onConflictDoNothing([posts.id]),
    );
    assert.equal(fromSelect.rowCount, dialect === 'mysql' ? 4 : 0);
  });

  test('update ... from ... returning, delete ... returning', async () => {
    const updateFrom = update(posts)
      .set({ score: posts.score.plus(10) })
      .from(users)
      .where(users.id.eq(posts.authorId), users.email.eq('cy@y.org'))
      .returning(posts.id, posts.score);
    if (dialect === 'mysql') {
      // Neither UPDATE ... FROM nor UPDATE ... RETURNING exist there: refused, never sent.
      await assert.rejects(engine.execute(updateFrom), /update \.\.\. returning is not supported/);
      await engine.execute(
        update(posts)
          .set({ score: posts.score.plus(10) })
          .where(posts.id.eq(4)),
      );
    } else {
      const upd = await engine.execute(updateFrom);
      assert.deepEqual(upd.rows, [{ id: 4, score: 17 }]);
    }
    const plain = await engine.execute(update(posts).set({ title: 'zz' }).where(posts.id.gt(100)));
    assert.equal(plain.rowCount, 0);
    const del = await engine.execute(deleteFrom(posts).where(posts.id.eq(3)).returningAll());
    assert.deepEqual(del.rows, [{ id: 3, authorId: 2, title: 'b1', score: 1, views: 0n }]);
    assert.deepEqual((await engine.execute(selectFrom(posts).where(posts.id.eq(3)))).rows, []);
  });

  test('a table outside the default schema (PostgreSQL schema, SQLite "schema.table")', async () => {
    if (dialect === 'postgres') await engine.execute(sql.raw(`create schema "audit"`));
    const name = dialect === 'postgres' ? sql.id('audit', 'log') : sql.id('audit.log');
    await engine.execute(
      sql`create table ${name} ("id" integer primary key, "message" text not null)`,
    );
    const ins = await engine.execute(
      insertInto(auditLog).values({ id: 1, message: 'hello' }).returningAll(),
    );
    assert.deepEqual(ins.rows, [{ id: 1, message: 'hello' }]);
    await engine.execute(update(auditLog).set({ message: 'bye' }).where(auditLog.id.eq(1)));
    const sel = await engine.execute(selectFrom(auditLog).where(auditLog.message.eq('bye')));
    assert.deepEqual(sel.rows, [{ id: 1, message: 'bye' }]);
    const del = await engine.execute(deleteFrom(auditLog).where(auditLog.id.eq(1)));
    assert.equal(del.rowCount, 1);
  });
});
