// Full-text search behind one Core API (`textSearch`) on every dialect: a schema with
// `@dbgen search:`, its DDL (PostgreSQL tsvector + GIN, SQLite FTS5 + triggers, MySQL
// FULLTEXT), and the same documents found for the same word queries, best match first.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileSchemaSource, emitClient } from '@dbgen/generator';
import {
  CompileError,
  defineTable,
  deleteFrom,
  insertInto,
  select,
  Session,
  textSearch,
  update,
  type Column,
  type Engine,
  type TableIR,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createTables } from '../../support/create-tables.js';

const SCHEMA = `
Table articles {
  id integer [pk, increment]
  title varchar(200) [not null]
  body text
  Note: '@dbgen search: (title, body), language: english'
}

Table plain {
  id integer [pk]
  body text
}
`;

function schema() {
  const compiled = compileSchemaSource(SCHEMA, 'search.dbml');
  assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
  return compiled.ir;
}

const ir = schema();
const tableIR = (name: string): TableIR => ir.tables.find((t) => t.name === name)!;
const articles = defineTable<{
  id: Column<number>;
  title: Column<string>;
  body: Column<string | null>;
}>(tableIR('articles'));
const plain = defineTable<{ id: Column<number>; body: Column<string | null> }>(tableIR('plain'));

// The client `dbgen generate` emits, for the ORM's Query API.
const root = join(import.meta.dirname, '../../..', '.tmp', `search-${process.pid}-${Date.now()}`);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- imported at run time, untyped
let client: any;
before(async () => {
  mkdirSync(join(root, 'client'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [file, text] of await emitClient(ir, { schemaPath: 'search.dbml' })) {
    mkdirSync(join(root, 'client', file, '..'), { recursive: true });
    writeFileSync(join(root, 'client', file), text);
  }
  client = await import(pathToFileURL(join(root, 'client', 'index.js')).href);
});
after(() => rmSync(root, { recursive: true, force: true }));

const DOCUMENTS = [
  { title: 'Gardening for beginners', body: 'Tomatoes need sun, water and patience.' },
  { title: 'Sourdough starter', body: 'A starter, flour, water and salt make bread.' },
  // "bread" twice, once in the title: outranks the article that mentions it once.
  { title: 'Bread baking at home', body: 'Bread needs time: knead, let it rise, bake it.' },
  { title: 'Orchard diary', body: 'Apples and pears; the garden wall faces south.' },
  { title: 'Lunch ideas', body: null },
];

test('the schema key becomes the IR search, with its language', () => {
  assert.deepEqual(tableIR('articles').search, { columns: ['title', 'body'], language: 'english' });
  assert.equal(tableIR('plain').search, undefined);
});

test('a search naming a missing or non-text column is an error at the note', () => {
  const bad = compileSchemaSource(
    `Table t {\n  id integer [pk]\n  n integer\n  Note: '@dbgen search: (n, nope)'\n}\n`,
    'bad.dbml',
  );
  const messages = bad.diagnostics.map((d) => d.message);
  assert.ok(
    messages.some((m) => /column 'nope' does not exist/.test(m)),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => /column 'n' is integer, not text/.test(m)),
    messages.join('\n'),
  );
  const taken = compileSchemaSource(
    `Table t {\n  id integer [pk]\n  search_vector text\n  Note: '@dbgen search: (search_vector)'\n}\n`,
    'taken.dbml',
  );
  assert.match(taken.diagnostics.map((d) => d.message).join('\n'), /'search_vector' is the name/);
});

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;

  before(async () => {
    engine = makeEngine();
    await createTables(engine, ir, dialect);
    await engine.execute(insertInto(articles).values(DOCUMENTS));
  });

  async function found(query: string): Promise<string[]> {
    const s = textSearch(engine, articles, query);
    const rows = await engine.execute(
      select(articles.title).from(articles).where(s.match).orderBy(s.rank.desc(), articles.id),
    );
    return rows.rows.map((r) => r.title);
  }

  test('a word query finds the documents holding the word, the best match first', async () => {
    assert.deepEqual(await found('bread'), ['Bread baking at home', 'Sourdough starter']);
    assert.deepEqual(await found('tomatoes'), ['Gardening for beginners']);
  });

  test('every word must appear; case and punctuation do not matter', async () => {
    assert.deepEqual(await found('WATER, salt!'), ['Sourdough starter']);
    assert.deepEqual(await found('apples pears'), ['Orchard diary']);
    assert.deepEqual(await found('apples bread'), []);
  });

  test('query syntax in the text is read as words, never as operators', async () => {
    // FTS5 would read NEAR/-/quotes, MySQL's boolean mode +, -, *, ", PostgreSQL's & | !.
    assert.deepEqual(await found('"bread" -sourdough'), ['Sourdough starter']);
    assert.deepEqual(await found('sourdough* (bread)'), ['Sourdough starter']);
    assert.deepEqual(await found('apples | bread & !'), []);
    assert.deepEqual(await found('  ...  '), []);
  });

  test('the rank can be selected: higher for the better match', async () => {
    const s = textSearch(engine, articles, 'bread');
    const rows = await engine.execute(
      select(articles.title, s.rank.as('rank')).from(articles).where(s.match).orderBy(articles.id),
    );
    const rank = new Map(rows.rows.map((r) => [r.title, Number(r.rank)]));
    assert.ok(
      rank.get('Bread baking at home')! > rank.get('Sourdough starter')!,
      JSON.stringify([...rank]),
    );
  });

  test('the index follows inserts, updates and deletes', async () => {
    await engine.execute(
      insertInto(articles).values({ title: 'Pickled cucumbers', body: 'Brine.' }),
    );
    assert.deepEqual(await found('cucumbers'), ['Pickled cucumbers']);
    await engine.execute(
      update(articles)
        .set({ body: 'Vinegar brine.' })
        .where(articles.title.eq('Pickled cucumbers')),
    );
    assert.deepEqual(await found('vinegar'), ['Pickled cucumbers']);
    assert.deepEqual(await found('brine'), ['Pickled cucumbers']);
    await engine.execute(deleteFrom(articles).where(articles.title.eq('Pickled cucumbers')));
    assert.deepEqual(await found('cucumbers'), []);
  });

  test('an aliased table searches under its alias', async () => {
    const a = articles.$alias('a');
    const s = textSearch(engine, a, 'orchard');
    const rows = await engine.execute(select(a.title).from(a).where(s.match));
    assert.deepEqual(
      rows.rows.map((r) => r.title),
      ['Orchard diary'],
    );
  });

  test('the Query API filters and orders by the same expressions', async () => {
    const { Article } = client;
    const session = new Session(engine);
    try {
      const s = textSearch(engine, Article.c, 'bread');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped client
      const found: any[] = await session
        .query(Article)
        .filter(s.match)
        .orderBy(s.rank.desc())
        .all();
      assert.deepEqual(
        found.map((a) => a.title),
        ['Bread baking at home', 'Sourdough starter'],
      );
    } finally {
      await session.close();
    }
  });

  test('a dialect without full-text search is a clear error', () => {
    const { textSearch: _hook, ...rest } = engine.dialect;
    const bare = { dialect: { ...rest, name: 'bare' } };
    assert.throws(
      () => textSearch(bare, articles, 'x'),
      (e: unknown) =>
        e instanceof CompileError && /the bare dialect has no full-text search/.test(e.message),
    );
  });

  test('searching a table without a search is a clear error', () => {
    assert.throws(
      () => textSearch(engine, plain, 'x'),
      (e: unknown) =>
        e instanceof CompileError && /"plain" has no full-text search/.test(e.message),
    );
  });
});
