/**
 * `seedRecords` on every dialect: records load in foreign-key order (a self-reference
 * and a cycle between two tables included), a second run changes nothing (same row
 * counts, same checksum of every row), edited rows are put back, `reset` empties first,
 * identity counters move past the seeded keys, and a bad record writes nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { before, it } from 'node:test';
import {
  defineTable,
  insertInto,
  SeedError,
  seedRecords,
  selectFrom,
  sql,
  update,
  type Column,
  type Engine,
  type RecordValueIR,
  type SchemaIR,
} from '@dbgen/runtime';
import { compileSchemaSource } from '@dbgen/generator';
import { forEachDialect } from '../support/databases.js';
import { SEED_SCHEMA } from './schema.js';
import { createTables } from '../support/create-tables.js';

function compile(source: string): SchemaIR {
  const result = compileSchemaSource(source, join(process.cwd(), 'seed.dbml'));
  assert.ok(result.ir, result.diagnostics.map((d) => d.message).join('\n'));
  return result.ir;
}

const ir = compile(SEED_SCHEMA);

/**
 * `source` (the IR) with one record value replaced: `dbgen check` refuses such a schema, but
 * IR reaches `seedRecords` from code too, and the seed still refuses it before writing.
 */
function withValue(
  source: SchemaIR,
  table: string,
  row: number,
  column: string,
  value: RecordValueIR,
): SchemaIR {
  const records = source.records.map((r) => {
    if (r.table !== table) return r;
    const at = r.columns.indexOf(column);
    const rows = r.rows.map((values, i) =>
      i === row ? values.map((v, j) => (j === at ? value : v)) : values,
    );
    return { ...r, rows };
  });
  return { ...source, records };
}
/** A table of the seed schema, its columns untyped (the tests read values back as they come). */
const table = (name: string) =>
  defineTable<{ id: Column<unknown>; email: Column<unknown>; [property: string]: Column<unknown> }>(
    ir.tables.find((t) => t.name === name)!,
  );

/** Row counts and a SHA-256 of every row of every table, in key order. */
async function fingerprint(
  engine: Engine,
): Promise<{ counts: Record<string, number>; sum: string }> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const t of ir.tables) {
    const columns = t.primaryKey!.columns.map((c) => sql.id(c));
    const { rows } = await engine.execute(
      sql`select * from ${sql.id(t.name)} order by ${sql.join(columns)}`,
    );
    counts[t.name] = rows.length;
    for (const row of rows)
      hash.update(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
  return { counts, sum: hash.digest('hex') };
}

const SEEDED = { users: 2, categories: 3, posts: 3, tags: 2, post_tags: 3, comments: 0 };

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, ir, dialect);
  });

  it('loads the records in foreign-key order, values typed by their columns', async () => {
    const report = await seedRecords(engine, ir);
    assert.deepEqual(
      report.tables.map((t) => `${t.table} ${t.rows}`),
      // users before posts: the cycle is broken at the nullable users.favorite_post_id
      [
        'public.users 2',
        'public.categories 3',
        'public.posts 3',
        'public.tags 2',
        'public.post_tags 3',
      ],
    );
    const users = table('users');
    const [ada] = await engine.execute(selectFrom(users).where(users.id.eq(1))).then((r) => r.rows);
    assert.equal(ada?.email, 'ada@example.org');
    assert.equal(ada?.active, true);
    assert.deepEqual(ada?.joinedAt, new Date('2024-01-02T10:30:00Z'));
    assert.equal(ada?.balance, '12.50');
    assert.equal(ada?.points, 9007199254740993n); // beyond a double: not rounded
    assert.deepEqual(ada?.settings, { theme: 'dark' });
    assert.equal(ada?.favoritePostId, 2); // the cycle's key, set after posts existed
    const categories = table('categories');
    const tree = await engine.execute(selectFrom(categories).orderBy(categories.id));
    assert.deepEqual(
      tree.rows.map((r) => [r.id, r.parentId]),
      [
        [1, null],
        [2, 1],
        [3, 1],
      ],
    );
    assert.deepEqual((await fingerprint(engine)).counts, SEEDED);
  });

  it('changes nothing on a second run: same row counts, same checksum', async () => {
    const first = await fingerprint(engine);
    await seedRecords(engine, ir);
    assert.deepEqual(await fingerprint(engine), first);
  });

  it('puts edited rows back and keeps other rows; reset empties the tables first', async () => {
    const first = await fingerprint(engine);
    const users = table('users');
    await engine.execute(update(users).set({ email: 'changed@example.org' }).where(users.id.eq(2)));
    await engine.execute(
      insertInto(table('comments')).values({ postId: 1, body: 'not in the records' }),
    );
    await seedRecords(engine, ir);
    const after = await fingerprint(engine);
    assert.equal(after.counts['comments'], 1, 'rows not in the records stay');
    assert.notEqual(after.sum, first.sum);

    const report = await seedRecords(engine, ir, { reset: true });
    assert.deepEqual(report.emptied, [
      'public.comments',
      'public.post_tags',
      'public.tags',
      'public.posts',
      'public.categories',
      'public.users',
    ]);
    assert.deepEqual(await fingerprint(engine), first);
  });

  it('moves identity counters past the seeded keys: the next insert gets a new key', async () => {
    const users = table('users');
    await engine.execute(
      insertInto(users).values({
        email: 'new@example.org',
        joinedAt: new Date('2024-03-01T00:00:00Z'),
      }),
    );
    const added = await engine.execute(selectFrom(users).where(users.email.eq('new@example.org')));
    assert.equal(added.rows[0]?.id, 3);
    await seedRecords(engine, ir, { reset: true });
  });

  it('refuses a record that does not fit its column, naming it, and writes nothing', async () => {
    const before = await fingerprint(engine);
    const bad = withValue(ir, 'public.posts', 2, 'id', 'three');
    await assert.rejects(seedRecords(engine, bad, { reset: true }), (error: unknown) => {
      assert.ok(error instanceof SeedError);
      assert.match(
        error.message,
        /"public\.posts" record 3, column "id": "three" is not a number \(integer\)/,
      );
      return true;
    });
    const long = withValue(ir, 'public.posts', 2, 'title', 'x'.repeat(300));
    await assert.rejects(
      seedRecords(engine, long, { reset: true }),
      /"public\.posts" record 3, column "title": .* is not a string of at most 200 characters/,
    );
    assert.deepEqual(await fingerprint(engine), before);
  });
});
