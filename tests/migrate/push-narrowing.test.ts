/**
 * `dbgen push` and a column type that narrows under values, on every dialect: only the
 * values the new type cannot hold count, as `migrate up` counts them (tests/migrate/
 * narrowing.test.ts). A narrowing every value fits is pushed without asking; one with k
 * values that do not fit is refused without --force and reports k, not the rows of the
 * table; a change whose misfits cannot be told in SQL (text → integer) counts every value
 * as one that may not fit. A column (or table) renamed in the same push is counted under the
 * name it has in the database.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { connectForMigrations, pushSchema } from '@dbgen/runtime';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { query, runCli, writeSchema } from './support/run.js';

/** The schema of one table `t`: an id and `columns` (name → type). */
const tableOf = (columns: Record<string, string>) =>
  schema([table('t', [id(), ...Object.entries(columns).map(([n, type]) => col(n, type))])]);

async function push(db: TestDatabase, columns: Record<string, string>, expectCode: number) {
  writeSchema(db.dir, tableOf(columns));
  const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
  assert.equal(run.code, expectCode, `${run.stdout}\n${run.stderr}`);
  return run;
}

/** Column `c` of every row of `t`, by id: numbers as numbers (drivers give decimals as text). */
async function values(db: TestDatabase): Promise<unknown[]> {
  const rows = await query(db.url, 'SELECT c FROM t ORDER BY id');
  return rows.map((r) => {
    const value = r['c'];
    return value === null || Number.isNaN(Number(value)) ? value : Number(value);
  });
}

for (const dialect of DIALECTS) {
  describe(`push narrowing a column under values on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());
    beforeEach(async () => {
      for (const name of ['t', 'u']) await query(db.url, `DROP TABLE IF EXISTS ${name}`);
    });

    /** Pushes `t` with column `c` of type `from` and fills it with `rows` (SQL literals). */
    async function start(from: string, rows: readonly string[]): Promise<void> {
      await push(db, { c: from }, 0);
      for (const [i, value] of rows.entries())
        await query(db.url, `INSERT INTO t (id, c) VALUES (${i + 1}, ${value})`);
    }

    test('varchar(100) → varchar(3) under values that all fit is pushed without asking', async () => {
      await start('varchar(100)', [`'ab'`, `'abc'`, 'NULL', `'x'`]);
      // Through the API too: the question is never put.
      const connection = await connectForMigrations(db.url);
      let asked: readonly string[] | null = null;
      try {
        const plan = await pushSchema({
          connection,
          schema: tableOf({ c: 'varchar(3)' }),
          confirmLoss: async (losses) => {
            asked = losses;
            return false;
          },
        });
        assert.deepEqual(plan.losses, []);
      } finally {
        await connection.close();
      }
      assert.equal(asked, null, 'nothing is lost, so nothing is asked');
      assert.deepEqual(await values(db), ['ab', 'abc', null, 'x']);
      const again = await push(db, { c: 'varchar(3)' }, 0);
      assert.match(again.stdout, /nothing to push/);
    });

    test('varchar(100) → varchar(3): 2 of 4 values do not fit; refused naming 2, nothing changes', async () => {
      await start('varchar(100)', [`'abcdef'`, `'ab'`, `'abcd'`, 'NULL']);
      const refused = await push(db, { c: 'varchar(3)' }, 1);
      assert.match(
        refused.stderr,
        /column public\.t\.c narrows \((varchar|character varying)\(100\) to varchar\(3\)\): 2 value\(s\) do not fit/,
      );
      assert.match(refused.stderr, /Re-run with --force/);
      assert.deepEqual(await values(db), ['abcdef', 'ab', 'abcd', null]);
    });

    // The old type is written as the database reads it back (SQLite: `numeric(10, 2)`, `TEXT`).
    test('bigint → integer and decimal(10,2) → decimal(10,0) count the values out of range or scale', async () => {
      await start('bigint', ['5', '5000000000', '-6000000000', '7']);
      const refused = await push(db, { c: 'integer' }, 1);
      assert.match(
        refused.stderr,
        /column public\.t\.c narrows \(bigint to integer\): 2 value\(s\) do not fit/,
      );
      // The values out of range moved away, the rest fits: pushed without asking.
      await query(db.url, 'DELETE FROM t WHERE id IN (2, 3)');
      await push(db, { c: 'integer' }, 0);
      assert.deepEqual(await values(db), [5, 7]);
      await query(db.url, 'DROP TABLE t');
      await start('decimal(10,2)', [`'2.00'`, `'2.75'`, `'3.00'`]);
      const rounded = await push(db, { c: 'decimal(10,0)' }, 1);
      assert.match(
        rounded.stderr,
        /column public\.t\.c narrows \((decimal|numeric)\(10, ?2\) to decimal\(10,0\)\): 1 value\(s\) do not fit/i,
      );
    });

    test('a column renamed and narrowed in one push is counted under its old name', async () => {
      await start('varchar(100)', [`'abcdef'`, `'ab'`]);
      writeSchema(db.dir, tableOf({ renamed: 'varchar(3)' }));
      const refused = await runCli(
        ['push', '--schema', 'schema.json', '--url', db.url, '--rename', 't.c=renamed'],
        db.dir,
      );
      assert.equal(refused.code, 1, `${refused.stdout}\n${refused.stderr}`);
      assert.match(
        refused.stderr,
        /column public\.t\.renamed narrows \((varchar|character varying)\(100\) to varchar\(3\)\): 1 value\(s\) do not fit/,
      );
      // Refused before anything ran: not even the rename (MySQL's DDL would keep it).
      assert.deepEqual(await values(db), ['abcdef', 'ab']);
    });

    test('a column of a renamed table is counted in the table the database has', async () => {
      await start('varchar(100)', [`'abcdef'`]);
      // t renamed to u in the same push, its column c dropped.
      writeSchema(db.dir, schema([table('u', [id()])]));
      const refused = await runCli(
        ['push', '--schema', 'schema.json', '--url', db.url, '--rename', 't=u'],
        db.dir,
      );
      assert.equal(refused.code, 1, `${refused.stdout}\n${refused.stderr}`);
      assert.match(refused.stderr, /column public\.u\.c is dropped: 1 value\(s\)/);
      assert.deepEqual(await values(db), ['abcdef']);
    });

    test('text → integer cannot be judged in SQL: every value may not fit', async () => {
      await start('text', [`'12'`, `'13'`, 'NULL']);
      const refused = await push(db, { c: 'integer' }, 1);
      assert.match(
        refused.stderr,
        /column public\.t\.c narrows \(text to integer\): 2 value\(s\) may not fit/i,
      );
    });
  });
}
