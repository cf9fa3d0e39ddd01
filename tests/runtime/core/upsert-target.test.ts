// An upsert's conflict target is one unique key. MySQL/MariaDB's ON DUPLICATE KEY UPDATE
// has no target (it fires on any unique key), so there an upsert whose target is not the
// table's only unique key is refused before it is sent, instead of updating or silently
// skipping a row that conflicts on another key; PostgreSQL and SQLite raise a unique
// violation for such a row. When the target is the only unique key, every dialect upserts.
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import {
  CompileError,
  UniqueViolationError,
  compile,
  defineTable,
  insertInto,
  select,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { createTables } from '../../support/create-tables.js';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';

const uIR = table('upsert_u', [
  column('id', 'integer', { primaryKey: true }),
  column('email', 'varchar(50)', { unique: true }),
  column('n', 'integer'),
]);
const u = defineTable<{ id: Column<number>; email: Column<string>; n: Column<number> }>(uIR);
const kIR = table('upsert_k', [
  column('id', 'integer', { primaryKey: true }),
  column('n', 'integer'),
]);
const k = defineTable<{ id: Column<number>; n: Column<number> }>(kIR);
const aIR = table('upsert_a', [
  column('id', 'integer', { primaryKey: true, autoIncrement: true }),
  column('email', 'varchar(50)', { unique: true }),
  column('n', 'integer'),
]);
const a = defineTable<{ id: Column<number>; email: Column<string>; n: Column<number> }>(aIR);

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([uIR, kIR, aIR]), dialect);
  });
  beforeEach(async () => {
    await engine.execute(sql`delete from ${sql.raw('"upsert_u"')}`);
    await engine.execute(sql`delete from ${sql.raw('"upsert_k"')}`);
    await engine.execute(
      insertInto(u).values([
        { id: 1, email: 'a@x', n: 1 },
        { id: 2, email: 'b@x', n: 2 },
      ]),
    );
    await engine.execute(insertInto(k).values({ id: 1, n: 1 }));
  });
  const rowsOfU = async () =>
    (await engine.execute(select(u.id, u.email, u.n).from(u).orderBy(u.id))).rows;
  const untouched = [
    { id: 1, email: 'a@x', n: 1 },
    { id: 2, email: 'b@x', n: 2 },
  ];
  // PostgreSQL and SQLite raise the unique violation; MySQL/MariaDB refuse to compile.
  const refused = (e: unknown) =>
    dialect === 'mysql' ? e instanceof CompileError : e instanceof UniqueViolationError;

  test('do update on one key: a row conflicting on another key changes nothing and fails', async () => {
    const upsert = insertInto(u).values({ id: 3, email: 'a@x', n: 3 });
    await assert.rejects(engine.execute(upsert.onConflictDoUpdate([u.id], { n: 100 })), refused);
    assert.deepEqual(await rowsOfU(), untouched);
  });

  test('do nothing on one key: a row conflicting on another key is not dropped silently', async () => {
    const upsert = insertInto(u).values({ id: 4, email: 'a@x', n: 4 });
    await assert.rejects(engine.execute(upsert.onConflictDoNothing([u.id])), refused);
    assert.deepEqual(await rowsOfU(), untouched);
  });

  test('do nothing without a target skips a row conflicting on any key', async () => {
    await engine.execute(
      insertInto(u)
        .values([
          { id: 3, email: 'a@x', n: 3 },
          { id: 4, email: 'd@x', n: 4 },
        ])
        .onConflictDoNothing(),
    );
    assert.deepEqual(await rowsOfU(), [...untouched, { id: 4, email: 'd@x', n: 4 }]);
  });

  test('the target is the only unique key: do update and do nothing upsert', async () => {
    await engine.execute(
      insertInto(k).values({ id: 1, n: 5 }).onConflictDoUpdate([k.id], { n: 9 }),
    );
    await engine.execute(insertInto(k).values({ id: 1, n: 7 }).onConflictDoNothing([k.id]));
    await engine.execute(insertInto(k).values({ id: 2, n: 2 }).onConflictDoNothing([k.id]));
    const rows = (await engine.execute(select(k.id, k.n).from(k).orderBy(k.id))).rows;
    assert.deepEqual(rows, [
      { id: 1, n: 9 },
      { id: 2, n: 2 },
    ]);
  });

  test('a key whose column the insert leaves to auto-increment cannot conflict: upserts', async () => {
    const upsert = (n: number) =>
      insertInto(a)
        .values({ email: 'a@x', n })
        .onConflictDoUpdate([a.email], (excluded) => ({ n: excluded.n }));
    await engine.execute(upsert(1));
    await engine.execute(upsert(2));
    await engine.execute(
      insertInto(a).values({ email: 'a@x', n: 3 }).onConflictDoNothing([a.email]),
    );
    const rows = (await engine.execute(select(a.id, a.email, a.n).from(a))).rows;
    assert.deepEqual(
      rows.map((r) => ({ email: r.email, n: r.n })),
      [{ email: 'a@x', n: 2 }],
    );
    // Given explicitly, the key can conflict: refused as above.
    const explicit = insertInto(a).values({ id: rows[0]?.id ?? 0, email: 'b@x', n: 4 });
    await assert.rejects(engine.execute(explicit.onConflictDoUpdate([a.email], { n: 5 })), refused);
  });

  if (dialect === 'mysql') {
    test('the CompileError names the table, the target and the other keys, and what to do', () => {
      const upsert = insertInto(u).values({ id: 3, email: 'a@x', n: 3 });
      const thrown = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          return e as Error;
        }
        return assert.fail('no error');
      };
      const update = thrown(() =>
        compile(upsert.onConflictDoUpdate([u.id], { n: 1 }), engine.dialect),
      );
      assert.ok(update instanceof CompileError);
      assert.match(update.message, /"upsert_u"/);
      assert.match(update.message, /on conflict do update \(id\)/);
      assert.match(update.message, /other unique keys: \(email\)/);
      assert.match(update.message, /update the row by its key/);
      const nothing = thrown(() => compile(upsert.onConflictDoNothing([u.email]), engine.dialect));
      assert.match(nothing.message, /other unique keys: \S*\s?\(id\)/);
      assert.match(nothing.message, /onConflictDoNothing\(\) without a target/);
      // A target that is no unique key at all (PostgreSQL and SQLite refuse it too).
      const none = thrown(() =>
        compile(upsert.onConflictDoUpdate([u.n], { n: 1 }), engine.dialect),
      );
      assert.match(none.message, /\(n\) is not a unique key of table "upsert_u"/);
    });

    test('a cached compilation of the same shape is checked too', () => {
      // Same table name and statement shape, but a table without the unique email.
      const plainIR = table('upsert_u', [
        column('id', 'integer', { primaryKey: true }),
        column('email', 'varchar(50)'),
        column('n', 'integer'),
      ]);
      const plain = defineTable<{ id: Column<number>; email: Column<string>; n: Column<number> }>(
        plainIR,
      );
      const row = { id: 3, email: 'a@x', n: 3 };
      compile(
        insertInto(plain).values(row).onConflictDoUpdate([plain.id], { n: 1 }),
        engine.dialect,
      );
      assert.throws(
        () =>
          compile(insertInto(u).values(row).onConflictDoUpdate([u.id], { n: 1 }), engine.dialect),
        CompileError,
      );
    });
  }
});
