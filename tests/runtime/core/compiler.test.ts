// Exact SQL and parameters of every construct of the expression language, per dialect.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CompileError,
  compile,
  param,
  postgresDialect,
  select,
  sqliteDialect,
  type Compilable,
} from '@dbgen/runtime';
import { cases } from './compiler-cases.js';
import { users } from './schema.js';

type Expected = readonly [string, readonly unknown[]] | { readonly error: string };

const expected: Record<keyof typeof cases, { postgres: Expected; sqlite: Expected }> = {
  'select all columns (property names aliased)': {
    postgres: [
      'select "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt" from "users"',
      [],
    ],
    sqlite: [
      'select `users`.`id`, `users`.`email`, `users`.`name`, `users`.`created_at` as `createdAt` from `users`',
      [],
    ],
  },
  'select *': { postgres: ['select * from "users"', []], sqlite: ['select * from `users`', []] },
  'columns and object aliases': {
    postgres: ['select "users"."id", "users"."email" as "mail" from "users"', []],
    sqlite: ['select `users`.`id`, `users`.`email` as `mail` from `users`', []],
  },
  distinct: {
    postgres: ['select distinct "users"."name" from "users"', []],
    sqlite: ['select distinct `users`.`name` from `users`', []],
  },
  'distinct on': {
    postgres: [
      'select distinct on ("posts"."author_id") "posts"."author_id" as "authorId", "posts"."title" from "posts" order by "posts"."author_id" asc',
      [],
    ],
    sqlite: { error: 'select distinct on (...) is not supported (dialect: sqlite)' },
  },
  'and / or / not': {
    postgres: [
      'select "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt" from "users" where ("users"."name" is null or ("users"."id" > $1 and "users"."id" <= $2)) and not ("users"."email" = $3)',
      [1, 9, 'a'],
    ],
    sqlite: [
      'select `users`.`id`, `users`.`email`, `users`.`name`, `users`.`created_at` as `createdAt` from `users` where (`users`.`name` is null or (`users`.`id` > ? and `users`.`id` <= ?)) and not (`users`.`email` = ?)',
      [1, 9, 'a'],
    ],
  },
  comparisons: {
    postgres: [
      'select "users"."id" from "users" where "users"."id" = $1 and "users"."id" <> $2 and "users"."id" < $3 and "users"."id" >= $4 and "users"."name" is null and "users"."email" is not null',
      [1, 2, 3, 0],
    ],
    sqlite: [
      'select `users`.`id` from `users` where `users`.`id` = ? and `users`.`id` <> ? and `users`.`id` < ? and `users`.`id` >= ? and `users`.`name` is null and `users`.`email` is not null',
      [1, 2, 3, 0],
    ],
  },
  'in and not in': {
    postgres: [
      'select "users"."id" from "users" where "users"."id" in ($1, $2) and "users"."email" not in ($3)',
      [1, 2, 'x'],
    ],
    sqlite: [
      'select `users`.`id` from `users` where `users`.`id` in (?, ?) and `users`.`email` not in (?)',
      [1, 2, 'x'],
    ],
  },
  'empty in / not in': {
    postgres: ['select "users"."id" from "users" where 1 = 0 and 1 = 1', []],
    sqlite: ['select `users`.`id` from `users` where 1 = 0 and 1 = 1', []],
  },
  'in subquery': {
    postgres: [
      'select "users"."id" from "users" where "users"."id" in (select "posts"."author_id" as "authorId" from "posts")',
      [],
    ],
    sqlite: [
      'select `users`.`id` from `users` where `users`.`id` in (select `posts`.`author_id` as `authorId` from `posts`)',
      [],
    ],
  },
  'like / ilike / not like': {
    postgres: [
      'select "users"."id" from "users" where "users"."email" like $1 and "users"."name" ilike $2 and "users"."email" not like $3 and "users"."name" not ilike $4',
      ['%@x.org', 'bob%', '%spam%', 'x'],
    ],
    sqlite: [
      "select `users`.`id` from `users` where `users`.`email` like ? escape '\\' and lower(`users`.`name`) like lower(?) escape '\\' and `users`.`email` not like ? escape '\\' and lower(`users`.`name`) not like lower(?) escape '\\'",
      ['%@x.org', 'bob%', '%spam%', 'x'],
    ],
  },
  between: {
    postgres: [
      'select "posts"."id" from "posts" where "posts"."score" between $1 and $2 and "posts"."id" not between $3 and $4',
      [1, 5, 10, 20],
    ],
    sqlite: [
      'select `posts`.`id` from `posts` where `posts`.`score` between ? and ? and `posts`.`id` not between ? and ?',
      [1, 5, 10, 20],
    ],
  },
  'is null / is not null': {
    postgres: [
      'select "users"."id" from "users" where "users"."name" is null and "users"."email" is not null',
      [],
    ],
    sqlite: [
      'select `users`.`id` from `users` where `users`.`name` is null and `users`.`email` is not null',
      [],
    ],
  },
  'exists / not exists (correlated)': {
    postgres: [
      'select "users"."id" from "users" where exists (select "posts"."id" from "posts" where "posts"."author_id" = "users"."id") and not exists (select "posts"."id" from "posts" where "posts"."score" < $1)',
      [0],
    ],
    sqlite: [
      'select `users`.`id` from `users` where exists (select `posts`.`id` from `posts` where `posts`.`author_id` = `users`.`id`) and not exists (select `posts`.`id` from `posts` where `posts`.`score` < ?)',
      [0],
    ],
  },
  'scalar correlated subquery': {
    postgres: [
      'select "users"."id" as "id", (select count(*) from "posts" where "posts"."author_id" = "users"."id") as "posts" from "users"',
      [],
    ],
    sqlite: [
      'select `users`.`id` as `id`, (select count(*) from `posts` where `posts`.`author_id` = `users`.`id`) as `posts` from `users`',
      [],
    ],
  },
  joins: {
    postgres: [
      'select "users"."email" as "email", "posts"."title" as "title" from "users" inner join "posts" on "posts"."author_id" = "users"."id" left join "users" as "u" on "u"."id" = "posts"."author_id" right join "top" on "top"."id" = "posts"."id" full join (select "posts"."author_id" as "author", count(*) as "n" from "posts" group by "posts"."author_id") as "stats" on "stats"."author" = "users"."id" cross join "users" as "x"',
      [],
    ],
    sqlite: [
      'select `users`.`email` as `email`, `posts`.`title` as `title` from `users` inner join `posts` on `posts`.`author_id` = `users`.`id` left join `users` as `u` on `u`.`id` = `posts`.`author_id` right join `top` on `top`.`id` = `posts`.`id` full join (select `posts`.`author_id` as `author`, count(*) as `n` from `posts` group by `posts`.`author_id`) as `stats` on `stats`.`author` = `users`.`id` cross join `users` as `x`',
      [],
    ],
  },
  'table alias': {
    postgres: [
      'select "u"."id" from "users" as "u" where "u"."created_at" < $1',
      ['1970-01-01T00:00:00.000Z'],
    ],
    sqlite: [
      'select `u`.`id` from `users` as `u` where `u`.`created_at` < ?',
      ['1970-01-01T00:00:00.000Z'],
    ],
  },
  'derived table': {
    postgres: [
      'select "stats"."author", "stats"."n" from (select "posts"."author_id" as "author", count(*) as "n" from "posts" group by "posts"."author_id") as "stats" where "stats"."n" > $1',
      [2],
    ],
    sqlite: [
      'select `stats`.`author`, `stats`.`n` from (select `posts`.`author_id` as `author`, count(*) as `n` from `posts` group by `posts`.`author_id`) as `stats` where `stats`.`n` > ?',
      [2],
    ],
  },
  'group by / having / aggregates': {
    postgres: [
      'select "posts"."author_id" as "author", count(*) as "n", count(distinct "posts"."title") as "d", sum("posts"."score") as "total", avg("posts"."score") as "mean", min("posts"."score") as "lo", max("posts"."score") as "hi" from "posts" group by "posts"."author_id" having count(*) > $1',
      [2],
    ],
    sqlite: [
      'select `posts`.`author_id` as `author`, count(*) as `n`, count(distinct `posts`.`title`) as `d`, sum(`posts`.`score`) as `total`, avg(`posts`.`score`) as `mean`, min(`posts`.`score`) as `lo`, max(`posts`.`score`) as `hi` from `posts` group by `posts`.`author_id` having count(*) > ?',
      [2],
    ],
  },
  'window functions': {
    postgres: [
      'select "posts"."id" as "id", row_number() over (partition by "posts"."author_id" order by "posts"."score" desc) as "rn", sum("posts"."score") over (order by "posts"."id" asc rows between unbounded preceding and current row) as "running", lag("posts"."score", 1) over (order by "posts"."id" asc range between 2 preceding and 1 following) as "prev" from "posts"',
      [],
    ],
    sqlite: [
      'select `posts`.`id` as `id`, row_number() over (partition by `posts`.`author_id` order by `posts`.`score` desc) as `rn`, sum(`posts`.`score`) over (order by `posts`.`id` asc rows between unbounded preceding and current row) as `running`, lag(`posts`.`score`, 1) over (order by `posts`.`id` asc range between 2 preceding and 1 following) as `prev` from `posts`',
      [],
    ],
  },
  cte: {
    postgres: [
      'with "top" as (select "posts"."id" as "id", "posts"."score" as "score" from "posts" where "posts"."score" > $1) select "top"."id" from "top"',
      [10],
    ],
    sqlite: [
      'with `top` as (select `posts`.`id` as `id`, `posts`.`score` as `score` from `posts` where `posts`.`score` > ?) select `top`.`id` from `top`',
      [10],
    ],
  },
  'recursive cte': {
    postgres: [
      'with recursive "tree" as (select "posts"."id" as "id", "posts"."author_id" as "parent" from "posts" where "posts"."id" = $1 union all select "posts"."id" as "id", "posts"."author_id" as "parent" from "posts" inner join "tree" on "posts"."author_id" = "tree"."id") select "tree"."id" from "tree"',
      [1],
    ],
    sqlite: [
      'with recursive `tree` as (select `posts`.`id` as `id`, `posts`.`author_id` as `parent` from `posts` where `posts`.`id` = ? union all select `posts`.`id` as `id`, `posts`.`author_id` as `parent` from `posts` inner join `tree` on `posts`.`author_id` = `tree`.`id`) select `tree`.`id` from `tree`',
      [1],
    ],
  },
  'union / intersect / except (all)': {
    postgres: [
      'select "users"."id" from "users" union select "posts"."author_id" as "id" from "posts" union all select "posts"."id" from "posts" intersect select "posts"."id" from "posts" intersect all select "posts"."id" from "posts" except select "posts"."score" as "id" from "posts" except all select "posts"."score" as "id" from "posts" order by "id" desc limit $1',
      [5],
    ],
    sqlite: [
      'select `users`.`id` from `users` union select `posts`.`author_id` as `id` from `posts` union all select `posts`.`id` from `posts` intersect select `posts`.`id` from `posts` intersect all select `posts`.`id` from `posts` except select `posts`.`score` as `id` from `posts` except all select `posts`.`score` as `id` from `posts` order by `id` desc limit ?',
      [5],
    ],
  },
  'order by nulls first/last, limit, offset': {
    postgres: [
      'select "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt" from "users" order by "users"."name" asc nulls first, "users"."id" desc nulls last limit $1 offset $2',
      [10, 20],
    ],
    sqlite: [
      'select `users`.`id`, `users`.`email`, `users`.`name`, `users`.`created_at` as `createdAt` from `users` order by `users`.`name` asc nulls first, `users`.`id` desc nulls last limit ? offset ?',
      [10, 20],
    ],
  },
  'offset without limit': {
    postgres: [
      'select "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt" from "users" offset $1',
      [5],
    ],
    sqlite: [
      'select `users`.`id`, `users`.`email`, `users`.`name`, `users`.`created_at` as `createdAt` from `users` limit -1 offset ?',
      [5],
    ],
  },
  'for update skip locked': {
    postgres: [
      'select "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt" from "users" where "users"."id" = $1 for update of "users" skip locked',
      [1],
    ],
    sqlite: [
      '/* for update */ select `users`.`id`, `users`.`email`, `users`.`name`, `users`.`created_at` as `createdAt` from `users` where `users`.`id` = ?',
      [1],
    ],
  },
  'for share nowait': {
    postgres: [
      'select "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt" from "users" for share nowait',
      [],
    ],
    sqlite: [
      '/* for update */ select `users`.`id`, `users`.`email`, `users`.`name`, `users`.`created_at` as `createdAt` from `users`',
      [],
    ],
  },
  'functions, case, cast, coalesce': {
    postgres: [
      'select lower("users"."email") as "l", coalesce("users"."name", $1) as "c", case when "users"."id" > $2 then $3 else $4 end as "k", cast("users"."id" as varchar(10)) as "t", length("users"."email") as "f", "users"."email" || $5 as "s", count(*) as "all" from "users"',
      ['anon', 10, 'big', 'small', '!'],
    ],
    sqlite: [
      'select lower(`users`.`email`) as `l`, coalesce(`users`.`name`, ?) as `c`, case when `users`.`id` > ? then ? else ? end as `k`, cast(`users`.`id` as varchar(10)) as `t`, length(`users`.`email`) as `f`, `users`.`email` || ? as `s`, count(*) as `all` from `users`',
      ['anon', 10, 'big', 'small', '!'],
    ],
  },
  'named parameter': {
    postgres: [
      'select "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt" from "users" where "users"."id" = $1',
      [5],
    ],
    sqlite: [
      'select `users`.`id`, `users`.`email`, `users`.`name`, `users`.`created_at` as `createdAt` from `users` where `users`.`id` = ?',
      [5],
    ],
  },
  'insert one row': {
    postgres: [
      'insert into "users" ("email", "created_at") values ($1, $2)',
      ['a@x.org', '1970-01-01T00:00:00.000Z'],
    ],
    sqlite: [
      'insert into `users` (`email`, `created_at`) values (?, ?)',
      ['a@x.org', '1970-01-01T00:00:00.000Z'],
    ],
  },
  'insert many rows, returning': {
    postgres: [
      'insert into "users" ("email", "name", "created_at") values ($1, $2, $3), ($4, $5, $6) returning "users"."id", "users"."created_at" as "createdAt"',
      ['a', 'A', '1970-01-01T00:00:00.000Z', 'b', null, '1970-01-01T00:00:00.000Z'],
    ],
    sqlite: [
      'insert into `users` (`email`, `name`, `created_at`) values (?, ?, ?), (?, ?, ?) returning `id`, `created_at` as `createdAt`',
      ['a', 'A', '1970-01-01T00:00:00.000Z', 'b', null, '1970-01-01T00:00:00.000Z'],
    ],
  },
  'insert with a defaulted column': {
    postgres: [
      'insert into "users" ("email", "name", "created_at") values ($1, default, $2), ($3, $4, $5)',
      ['a', '1970-01-01T00:00:00.000Z', 'b', 'B', '1970-01-01T00:00:00.000Z'],
    ],
    sqlite: {
      error:
        'rows of one insert must set the same columns (DEFAULT is not allowed in VALUES); insert them separately (dialect: sqlite)',
    },
  },
  'insert from select': {
    postgres: [
      'insert into "posts" ("author_id", "title") select "users"."id", "users"."email" from "users"',
      [],
    ],
    sqlite: [
      'insert into `posts` (`author_id`, `title`) select `users`.`id`, `users`.`email` from `users`',
      [],
    ],
  },
  'on conflict do nothing': {
    postgres: [
      'insert into "users" ("email", "created_at") values ($1, $2) on conflict ("email") do nothing',
      ['a', '1970-01-01T00:00:00.000Z'],
    ],
    sqlite: [
      'insert into `users` (`email`, `created_at`) values (?, ?) on conflict (`email`) do nothing',
      ['a', '1970-01-01T00:00:00.000Z'],
    ],
  },
  'on conflict do update with excluded': {
    postgres: [
      'insert into "users" ("email", "name", "created_at") values ($1, $2, $3) on conflict ("email") do update set "name" = "excluded"."name", "created_at" = $4 where "users"."name" is null returning "users"."id", "users"."email", "users"."name", "users"."created_at" as "createdAt"',
      ['a', 'n', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'],
    ],
    sqlite: [
      'insert into `users` (`email`, `name`, `created_at`) values (?, ?, ?) on conflict (`email`) do update set `name` = `excluded`.`name`, `created_at` = ? where `users`.`name` is null returning `id`, `email`, `name`, `created_at` as `createdAt`',
      ['a', 'n', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'],
    ],
  },
  'upsert from select': {
    postgres: [
      'insert into "posts" ("id", "title") select * from (select "users"."id", "users"."email" from "users") as "excluded_source" where 1 = 1 on conflict ("id") do nothing',
      [],
    ],
    sqlite: [
      'insert into `posts` (`id`, `title`) select * from (select `users`.`id`, `users`.`email` from `users`) as `excluded_source` where 1 = 1 on conflict (`id`) do nothing',
      [],
    ],
  },
  'update set expressions, returning': {
    postgres: [
      'update "posts" set "score" = "posts"."score" + $1, "title" = $2 where "posts"."id" = $3 returning "posts"."id", "posts"."views"',
      [1, 'x', 3],
    ],
    sqlite: [
      'update `posts` set `score` = `posts`.`score` + ?, `title` = ? where `posts`.`id` = ? returning `id`, cast(`views` as text) as `views`',
      [1, 'x', 3],
    ],
  },
  'update ... from': {
    postgres: [
      'update "posts" set "title" = "users"."email" from "users" where "users"."id" = "posts"."author_id"',
      [],
    ],
    sqlite: [
      'update `posts` set `title` = `users`.`email` from `users` where `users`.`id` = `posts`.`author_id`',
      [],
    ],
  },
  'delete returning': {
    postgres: [
      'delete from "posts" where "posts"."id" between $1 and $2 returning "posts"."id", "posts"."author_id" as "authorId", "posts"."title", "posts"."score", "posts"."views"',
      [1, 10],
    ],
    sqlite: [
      'delete from `posts` where `posts`.`id` between ? and ? returning `id`, `author_id` as `authorId`, `title`, `score`, cast(`views` as text) as `views`',
      [1, 10],
    ],
  },
  'delete using': {
    postgres: [
      'delete from "posts" using "users" where "users"."id" = "posts"."author_id" and "users"."email" like $1',
      ['%spam%'],
    ],
    sqlite: {
      error:
        'delete ... using is not supported; use a where ... in (select ...) instead (dialect: sqlite)',
    },
  },
  'table outside the default schema': {
    postgres: [
      'update "audit"."log" set "message" = $1 where "log"."id" in (select "log"."id" from "audit"."log")',
      ['m'],
    ],
    sqlite: [
      'update `audit.log` as `log` set `message` = ? where `log`.`id` in (select `log`.`id` from `audit.log` as `log`)',
      ['m'],
    ],
  },
  'raw sql with identifiers, lists and fragments': {
    postgres: [
      'select "weird""name" from "s"."t" where a = $1 and b in ($2, $3) and c = $4 and "users"."id" > $5',
      ["x'y", 1, 2, 3, 4],
    ],
    sqlite: [
      'select `weird"name` from `s`.`t` where a = ? and b in (?, ?) and c = ? and `users`.`id` > ?',
      ["x'y", 1, 2, 3, 4],
    ],
  },
};

for (const [label, statement] of Object.entries(cases)) {
  for (const dialect of [postgresDialect, sqliteDialect]) {
    test(`${label} (${dialect.name})`, () => {
      const want = expected[label as keyof typeof cases][dialect.name as 'postgres' | 'sqlite'];
      if ('error' in want) {
        assert.throws(
          () => compile(statement as Compilable, dialect, { id: 5 }),
          (e: unknown) => e instanceof CompileError && e.message === want.error,
        );
        return;
      }
      const compiled = compile(statement as Compilable, dialect, { id: 5 });
      assert.equal(compiled.sql, want[0]);
      assert.deepEqual(compiled.parameters, want[1]);
      // The result is frozen; its parameter array is readonly by type only (freezing a
      // large one costs more than compiling).
      assert.ok(Object.isFrozen(compiled));
    });
  }
}

test('compiled SQL is cached per statement object; parameters are bound per call', () => {
  const query = select(users.id)
    .from(users)
    .where(users.id.eq(param('id')));
  const a = compile(query, postgresDialect, { id: 1 });
  const b = compile(query, postgresDialect, { id: 2 });
  assert.equal(a.sql, b.sql);
  assert.deepEqual([a.parameters, b.parameters], [[1], [2]]);
  assert.throws(() => compile(query, postgresDialect), /no value was given for parameter "id"/);
});

test('builders are immutable: extending a query leaves the original unchanged', () => {
  const base = select(users.id).from(users);
  const filtered = base.where(users.id.gt(1));
  assert.equal(compile(base, sqliteDialect).sql, 'select `users`.`id` from `users`');
  assert.equal(
    compile(filtered, sqliteDialect).sql,
    'select `users`.`id` from `users` where `users`.`id` > ?',
  );
});

test('bad function names, cast types and identifiers are compile errors', async () => {
  const { fn, cast, sql } = await import('@dbgen/runtime');
  assert.throws(() => compile(select(fn('drop table x;--')), sqliteDialect), CompileError);
  assert.throws(
    () => compile(select(cast(users.id, 'int); drop table x; --')).from(users), sqliteDialect),
    /invalid cast type/,
  );
  assert.throws(() => compile(sql`select ${sql.id('a\0b')}`, sqliteDialect), CompileError);
});

test('a select without FROM that uses table columns is a compile error naming the fix', async () => {
  const { count, cte, exists, insertInto, sql, value } = await import('@dbgen/runtime');
  const want =
    /the select has no FROM but uses column "users"\."id"; add \.from\(users\) \(or start with selectFrom\(users\)\)/;
  assert.throws(() => compile(select(users), sqliteDialect), want);
  assert.throws(() => compile(select(count()).where(users.id.gt(1)), postgresDialect), want);
  // A union's operands are each checked.
  assert.throws(
    () => compile(select(users.email).from(users).union(select(users.email)), sqliteDialect),
    /uses column "users"\."email"/,
  );
  // Without table columns, or with the columns in a subquery or raw fragment that has its
  // own FROM, or in a bound value, it is fine.
  assert.equal(compile(select({ one: value(1) }), sqliteDialect).sql, 'select ? as `one`');
  assert.match(
    compile(select({ any: exists(select(users.id).from(users)) }), sqliteDialect).sql,
    /^select exists \(select `users`\.`id` from `users`\) as `any`$/,
  );
  const counted = sql`(select count(*) from "users" where ${users.id} > 1)`.asExpression();
  assert.match(compile(select({ n: counted }), postgresDialect).sql, /^select \(select count/);
  const columnLike = value({ kind: 'column', table: 'x', name: 'y' });
  assert.equal(compile(select({ v: columnLike }), sqliteDialect).sql, 'select ? as `v`');
  // Selecting from a CTE, and INSERT ... SELECT with its FROM, compile as before.
  const named = cte('named', select(users.id).from(users));
  assert.match(compile(select(named.id).from(named).with(named), sqliteDialect).sql, /^with /);
  const copy = insertInto(users).fromSelect([users.email], select(users.email).from(users));
  assert.match(compile(copy, sqliteDialect).sql, /^insert into `users` \(`email`\) select/);
});

test('bad builder input fails with a message naming what is wrong', async () => {
  const { insertInto, createEngine } = await import('@dbgen/runtime');
  assert.throws(
    () => insertInto(users).values({ bogus: 1 } as never),
    /table "users" has no column property "bogus" \(has: id, email, name, createdAt\)/,
  );
  assert.throws(
    () => select(users.id).from(users).limit(-1),
    /limit\/offset must be a non-negative integer, got -1/,
  );
  assert.throws(
    () => createEngine({ url: 'sqlite::memory:', poolSize: -1 }),
    /engine option poolSize must be a positive number, got -1/,
  );
});
