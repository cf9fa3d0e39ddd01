// The SQL each dialect is given for the JSON and array operators (no database): values
// always bound, identifiers quoted, and the statement shapes docs/runtime-core.md shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compile,
  mysqlDialect,
  postgresDialect,
  select,
  sqliteDialect,
  update,
  UnsupportedFeatureError,
  type Compilable,
} from '@dbgen/runtime';
import { docs } from './schema.js';

const CASES: [string, Compilable, Record<'postgres' | 'sqlite' | 'mysql', string>][] = [
  [
    'get',
    select(docs.doc.path(['address', 'city']).as('c')).from(docs),
    {
      postgres: 'select ("docs"."doc" #> cast($1 as text[])) as "c" from "docs"',
      sqlite: 'select (`docs`.`doc` -> ?) as `c` from `docs`',
      mysql: 'select json_extract(`docs`.`doc`, ?) as `c` from `docs`',
    },
  ],
  [
    'text',
    select(docs.doc.getText('name').as('c')).from(docs),
    {
      postgres: 'select ("docs"."doc" #>> cast($1 as text[])) as "c" from "docs"',
      sqlite:
        "select (case json_type(`docs`.`doc`, ?) when 'true' then 'true' when 'false' then 'false' when 'null' then null else cast((`docs`.`doc` ->> ?) as text) end) as `c` from `docs`",
      mysql:
        "select (case when json_type(json_extract(`docs`.`doc`, ?)) = 'NULL' then null else json_unquote(json_extract(`docs`.`doc`, ?)) end) as `c` from `docs`",
    },
  ],
  [
    'has',
    select(docs.id).from(docs).where(docs.doc.hasKey('note')),
    {
      postgres:
        'select "docs"."id" from "docs" where (jsonb_typeof("docs"."doc") = \'object\' and "docs"."doc" ? $1)',
      sqlite: 'select `docs`.`id` from `docs` where (json_type(`docs`.`doc`, ?) is not null)',
      mysql:
        "select `docs`.`id` from `docs` where (json_contains_path(`docs`.`doc`, 'one', ?) = 1)",
    },
  ],
  [
    'contains',
    select(docs.id)
      .from(docs)
      .where(docs.doc.contains({ address: { city: 'Oslo' }, tags: ['b'] })),
    {
      postgres: 'select "docs"."id" from "docs" where ("docs"."doc" @> cast($1 as jsonb))',
      sqlite:
        "select `docs`.`id` from `docs` where (json_type(`docs`.`doc`, ?) = 'object' and (json_type(`docs`.`doc`, ?) = 'object' and ((json_type(`docs`.`doc`, ?) = 'text' and (`docs`.`doc` ->> ?) = ?))) and (json_type(`docs`.`doc`, ?) = 'array' and exists (select 1 from json_each(`docs`.`doc`, ?) as dbgen_e where dbgen_e.type = 'text' and dbgen_e.value = ?)))",
      mysql: 'select `docs`.`id` from `docs` where json_contains(`docs`.`doc`, ?)',
    },
  ],
  [
    'set',
    update(docs).set({ doc: docs.doc.setPath(['address', 'city'], 'Bergen') }),
    {
      postgres:
        'update "docs" set "doc" = jsonb_set("docs"."doc", cast($1 as text[]), cast($2 as jsonb))',
      sqlite: 'update `docs` set `doc` = json_set(`docs`.`doc`, ?, json(?))',
      mysql: "update `docs` set `doc` = json_set(`docs`.`doc`, ?, json_extract(?, '$'))",
    },
  ],
  [
    'any',
    select(docs.id).from(docs).where(docs.tags.any('blue')),
    {
      postgres: 'select "docs"."id" from "docs" where ($1 = any("docs"."tags"))',
      sqlite:
        'select `docs`.`id` from `docs` where exists (select 1 from json_each(`docs`.`tags`) as dbgen_e where dbgen_e.value = ?)',
      mysql: 'select `docs`.`id` from `docs` where json_contains(`docs`.`tags`, ?)',
    },
  ],
  [
    'overlaps',
    select(docs.id)
      .from(docs)
      .where(docs.tags.overlaps(['a', 'b'])),
    {
      postgres: 'select "docs"."id" from "docs" where ("docs"."tags" && $1)',
      sqlite:
        'select `docs`.`id` from `docs` where exists (select 1 from json_each(`docs`.`tags`) as dbgen_a join json_each(?) as dbgen_b on dbgen_a.value = dbgen_b.value)',
      mysql: 'select `docs`.`id` from `docs` where json_overlaps(`docs`.`tags`, ?)',
    },
  ],
  [
    'append',
    update(docs).set({ tags: docs.tags.append('x') }),
    {
      postgres: 'update "docs" set "tags" = array_append("docs"."tags", $1)',
      sqlite:
        "update `docs` set `tags` = json_insert(coalesce(`docs`.`tags`, '[]'), '$[#]', (? -> '$[0]'))",
      mysql:
        "update `docs` set `tags` = json_array_append(coalesce(`docs`.`tags`, '[]'), '$', json_extract(?, '$[0]'))",
    },
  ],
];

for (const dialect of [postgresDialect, sqliteDialect, mysqlDialect]) {
  test(`the SQL of the JSON and array operators on ${dialect.name}`, () => {
    for (const [name, statement, sql] of CASES) {
      assert.equal(compile(statement, dialect).sql, sql[dialect.name as keyof typeof sql], name);
    }
  });
}

test('values are bound: the path, the key and the candidate are parameters', () => {
  const q = select(docs.id)
    .from(docs)
    .where(docs.doc.contains({ "x'); drop table docs; --": 1 }));
  assert.deepEqual(compile(q, postgresDialect).parameters, ['{"x\'); drop table docs; --":1}']);
  assert.deepEqual(
    compile(select(docs.doc.path(['a', 0]).as('v')).from(docs), sqliteDialect).parameters,
    ['$.a[0]'],
  );
  assert.deepEqual(
    compile(select(docs.doc.path(['a b', 0]).as('v')).from(docs), postgresDialect).parameters,
    [['a b', '0']],
  );
});

test('a dialect without JSON functions refuses the operators with an UnsupportedFeatureError', () => {
  const { jsonFunctions: _none, ...capabilities } = sqliteDialect.capabilities;
  const plain = { ...sqliteDialect, name: 'plain', capabilities };
  assert.throws(
    () => compile(select(docs.id).from(docs).where(docs.tags.any('a')), plain),
    (e) =>
      e instanceof UnsupportedFeatureError &&
      e.message === 'arrayAny on "docs"."tags": plain has no JSON and array operators',
  );
});
