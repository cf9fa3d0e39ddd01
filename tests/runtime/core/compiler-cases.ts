import {
  and,
  caseWhen,
  cast,
  coalesce,
  count,
  countDistinct,
  cte,
  deleteFrom,
  exists,
  frame,
  insertInto,
  lag,
  max,
  min,
  not,
  notExists,
  or,
  param,
  recursiveCte,
  rowNumber,
  select,
  selectFrom,
  sql,
  sum,
  update,
  avg,
  fn,
  lower,
  star,
} from '@dbgen/runtime';
import { auditLog, posts, users } from './schema.js';

const epoch = new Date(0);
const u = users.$alias('u');
const top = cte(
  'top',
  select({ id: posts.id, score: posts.score }).from(posts).where(posts.score.gt(10)),
);
const tree = recursiveCte(
  'tree',
  select({ id: posts.id, parent: posts.authorId }).from(posts).where(posts.id.eq(1)),
  (self) =>
    select({ id: posts.id, parent: posts.authorId })
      .from(posts)
      .join(self, posts.authorId.eq(self.id)),
);
const sub = select({ author: posts.authorId, n: count() })
  .from(posts)
  .groupBy(posts.authorId)
  .as('stats');

/** label → statement; the expected SQL per dialect is in compiler.test.ts. */
export const cases = {
  'select all columns (property names aliased)': selectFrom(users),
  'select *': select().from(users),
  'columns and object aliases': select(users.id, { mail: users.email }).from(users),
  distinct: select(users.name).from(users).distinct(),
  'distinct on': select(posts.authorId, posts.title)
    .from(posts)
    .distinctOn(posts.authorId)
    .orderBy(posts.authorId),
  'and / or / not': selectFrom(users).where(
    or(users.name.isNull(), and(users.id.gt(1), users.id.lte(9))),
    not(users.email.eq('a')),
  ),
  comparisons: select(users.id)
    .from(users)
    .where(
      users.id.eq(1),
      users.id.ne(2),
      users.id.lt(3),
      users.id.gte(0),
      users.name.eq(null),
      users.email.ne(null as never),
    ),
  'in and not in': select(users.id)
    .from(users)
    .where(users.id.in([1, 2]), users.email.notIn(['x'])),
  'empty in / not in': select(users.id).from(users).where(users.id.in([]), users.id.notIn([])),
  'in subquery': select(users.id)
    .from(users)
    .where(users.id.in(select(posts.authorId).from(posts))),
  'like / ilike / not like': select(users.id)
    .from(users)
    .where(
      users.email.like('%@x.org'),
      users.name.ilike('bob%'),
      users.email.notLike('%spam%'),
      users.name.notIlike('x'),
    ),
  between: select(posts.id)
    .from(posts)
    .where(posts.score.between(1, 5), posts.id.notBetween(10, 20)),
  'is null / is not null': select(users.id)
    .from(users)
    .where(users.name.isNull(), users.email.isNotNull()),
  'exists / not exists (correlated)': select(users.id)
    .from(users)
    .where(
      exists(select(posts.id).from(posts).where(posts.authorId.eq(users.id))),
      notExists(select(posts.id).from(posts).where(posts.score.lt(0))),
    ),
  'scalar correlated subquery': select({
    id: users.id,
    posts: select(count()).from(posts).where(posts.authorId.eq(users.id)).scalar(),
  }).from(users),
  joins: select({ email: users.email, title: posts.title })
    .from(users)
    .join(posts, posts.authorId.eq(users.id))
    .leftJoin(u, u.id.eq(posts.authorId))
    .rightJoin(top, top.id.eq(posts.id))
    .fullJoin(sub, sub.author.eq(users.id))
    .crossJoin(users.$alias('x')),
  'table alias': select(u.id).from(u).where(u.createdAt.lt(epoch)),
  'derived table': select(sub.author, sub.n).from(sub).where(sub.n.gt(2)),
  'group by / having / aggregates': select({
    author: posts.authorId,
    n: count(),
    d: countDistinct(posts.title),
    total: sum(posts.score),
    mean: avg(posts.score),
    lo: min(posts.score),
    hi: max(posts.score),
  })
    .from(posts)
    .groupBy(posts.authorId)
    .having(count().gt(2)),
  'window functions': select({
    id: posts.id,
    rn: rowNumber().over({ partitionBy: [posts.authorId], orderBy: [posts.score.desc()] }),
    running: sum(posts.score).over({
      orderBy: [posts.id],
      frame: { mode: 'rows', start: frame.unboundedPreceding, end: frame.currentRow },
    }),
    prev: lag(posts.score).over({
      orderBy: [posts.id],
      frame: { mode: 'range', start: frame.preceding(2), end: frame.following(1) },
    }),
  }).from(posts),
  cte: select(top.id).from(top).with(top),
  'recursive cte': select(tree.id).from(tree).with(tree),
  'union / intersect / except (all)': select(users.id)
    .from(users)
    .union(select(posts.authorId.as('id')).from(posts))
    .unionAll(select(posts.id).from(posts))
    .intersect(select(posts.id).from(posts))
    .intersectAll(select(posts.id).from(posts))
    .except(select(posts.score.as('id')).from(posts))
    .exceptAll(select(posts.score.as('id')).from(posts))
    .orderBy(users.id.desc())
    .limit(5),
  'order by nulls first/last, limit, offset': selectFrom(users)
    .orderBy(users.name.asc().nullsFirst(), users.id.desc().nullsLast())
    .limit(10)
    .offset(20),
  'offset without limit': selectFrom(users).offset(5),
  'for update skip locked': selectFrom(users)
    .where(users.id.eq(1))
    .forUpdate({ of: [users], skipLocked: true }),
  'for share nowait': selectFrom(users).forShare({ noWait: true }),
  'functions, case, cast, coalesce': select({
    l: lower(users.email),
    c: coalesce(users.name, 'anon'),
    k: caseWhen([[users.id.gt(10), 'big']], 'small'),
    t: cast(users.id, 'varchar(10)'),
    f: fn('length', users.email),
    s: users.email.concat('!'),
    all: count(star()),
  }).from(users),
  'named parameter': selectFrom(users).where(users.id.eq(param('id'))),
  'insert one row': insertInto(users).values({ email: 'a@x.org', createdAt: epoch }),
  'insert many rows, returning': insertInto(users)
    .values([
      { email: 'a', name: 'A', createdAt: epoch },
      { email: 'b', name: null, createdAt: epoch },
    ])
    .returning(users.id, users.createdAt),
  'insert with a defaulted column': insertInto(users).values([
    { email: 'a', createdAt: epoch },
    { email: 'b', name: 'B', createdAt: epoch },
  ]),
  'insert from select': insertInto(posts).fromSelect(
    [posts.authorId, posts.title],
    select(users.id, users.email).from(users),
  ),
  'on conflict do nothing': insertInto(users)
    .values({ email: 'a', createdAt: epoch })
    .onConflictDoNothing([users.email]),
  'on conflict do update with excluded': insertInto(users)
    .values({ email: 'a', name: 'n', createdAt: epoch })
    .onConflictDoUpdate(
      [users.email],
      (excluded) => ({ name: excluded.name, createdAt: epoch }),
      users.name.isNull(),
    )
    .returningAll(),
  'upsert from select': insertInto(posts)
    .fromSelect([posts.id, posts.title], select(users.id, users.email).from(users))
    .onConflictDoNothing([posts.id]),
  'update set expressions, returning': update(posts)
    .set({ score: posts.score.plus(1), title: 'x' })
    .where(posts.id.eq(3))
    .returning(posts.id, posts.views),
  'update ... from': update(posts)
    .set({ title: users.email })
    .from(users)
    .where(users.id.eq(posts.authorId)),
  'delete returning': deleteFrom(posts).where(posts.id.between(1, 10)).returningAll(),
  'delete using': deleteFrom(posts)
    .using(users)
    .where(users.id.eq(posts.authorId), users.email.like('%spam%')),
  'table outside the default schema': update(auditLog)
    .set({ message: 'm' })
    .where(auditLog.id.in(select(auditLog.id).from(auditLog))),
  'raw sql with identifiers, lists and fragments': sql`select ${sql.id('weird"name')} from ${sql.id('s', 't')} where a = ${"x'y"} and b in (${sql.join([1, 2])}) and ${sql`c = ${3}`} and ${users.id.gt(4)}`,
} as const;
