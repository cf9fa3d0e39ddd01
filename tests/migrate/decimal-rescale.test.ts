/**
 * A decimal's scale, or its type between decimal and an integer type, changing under
 * values, by `dbgen push` and by a generated migration (`migrate up`/`down`), on every
 * dialect: the values that fit are kept exactly, at the new scale ('2.00' → '2' in
 * decimal(10,0), '2' → '2.00' in decimal(10,2)); those that do not fit are asked about
 * and never rounded without --force. SQLite stores decimals as canonical text at the
 * declared scale (dialects/sqlite/storage.ts), so its table rebuild rewrites each value at
 * the new scale; a value the new scale cannot hold is copied unchanged for the column's
 * CHECK to refuse, even when forced, rather than rounded.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { fillTable, pushTable, tableSuiteDatabase, writeTable } from './support/table-suite.js';
import { migrate, query } from './support/run.js';

const push = (db: TestDatabase, type: string, expectCode: number, force = false) =>
  pushTable(db, type, expectCode, force ? ['--force'] : []);

for (const dialect of DIALECTS) {
  describe(`decimal scale changes under values on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    /** Column `c` of every row of `t` by id, as the database writes it in text: exact digits. */
    async function values(): Promise<unknown[]> {
      const text = dialect === 'mysql' ? 'CAST(c AS CHAR)' : 'CAST(c AS TEXT)';
      const rows = await query(db.url, `SELECT ${text} AS c FROM t ORDER BY id`);
      return rows.map((r) => r['c']);
    }

    const fill = (rows: readonly string[]) => fillTable(db, rows);

    /** Pushes `t` with `c` of type `from`, filled with `rows`. */
    async function start(from: string, rows: readonly string[]): Promise<void> {
      await push(db, from, 0);
      await fill(rows);
    }

    test('push decimal(10,2) → decimal(10,0) under values that fit keeps them, at scale 0', async () => {
      await start('decimal(10,2)', [`'2.00'`, `'3.00'`, 'NULL', `'-40.00'`, `'0.00'`]);
      const run = await push(db, 'decimal(10,0)', 0);
      assert.doesNotMatch(run.stderr, /narrows/);
      assert.deepEqual(await values(), ['2', '3', null, '-40', '0']);
      // The type holds them as it would have written them: nothing left to push.
      assert.match((await push(db, 'decimal(10,0)', 0)).stdout, /nothing to push/);
    });

    test('push decimal(10,0) → decimal(10,2) (a widening): 2 becomes 2.00', async () => {
      await start('decimal(10,0)', [`'2'`, `'-3'`, 'NULL', `'12345678'`]);
      await push(db, 'decimal(10,2)', 0);
      assert.deepEqual(await values(), ['2.00', '-3.00', null, '12345678.00']);
    });

    test('push decimal(10,1) → decimal(10,3) writes each value canonically (no leading zero, no -0)', async () => {
      // SQLite keeps such text as another program wrote it; the others canonicalise it at once.
      await start('decimal(10,1)', [`'007.5'`, `'-0.0'`, `'-12.0'`]);
      await push(db, 'decimal(10,3)', 0);
      assert.deepEqual(await values(), ['7.500', '0.000', '-12.000']);
    });

    test('push decimal(10,4) → decimal(12,2): trailing zeros go, a value with more digits is asked about', async () => {
      await start('decimal(10,4)', [`'2.5000'`, `'-0.0100'`, `'1.2345'`]);
      const refused = await push(db, 'decimal(12,2)', 1);
      assert.match(
        refused.stderr,
        /narrows \((decimal|numeric)\(10, ?4\) to decimal\(12,2\)\): 1 value\(s\) do not fit/i,
      );
      assert.deepEqual(await values(), ['2.5000', '-0.0100', '1.2345']);
      await query(db.url, 'DELETE FROM t WHERE id = 3');
      await push(db, 'decimal(12,2)', 0);
      assert.deepEqual(await values(), ['2.50', '-0.01']);
    });

    test('push decimal(10,2) → decimal(10,0) under 2.75 is refused; nothing is rounded without --force', async () => {
      await start('decimal(10,2)', [`'2.00'`, `'2.75'`]);
      const refused = await push(db, 'decimal(10,0)', 1);
      assert.match(refused.stderr, /1 value\(s\) do not fit/);
      assert.match(refused.stderr, /Re-run with --force/);
      assert.deepEqual(await values(), ['2.00', '2.75']);
      if (dialect === 'sqlite') {
        // Forced, the rebuild copies 2.75 unchanged and the new column's CHECK refuses it:
        // SQLite's copy never rounds; the whole push rolls back.
        await push(db, 'decimal(10,0)', 1, true);
        assert.deepEqual(await values(), ['2.00', '2.75']);
      } else {
        // Forced, PostgreSQL and MariaDB round, as the question warned.
        await push(db, 'decimal(10,0)', 0, true);
        assert.deepEqual(await values(), ['2', '3']);
      }
    });

    test('push bigint → decimal(30,2) and back keeps every digit (beyond a double’s 2^53)', async () => {
      await start('bigint', ['9007199254740993', '-12', 'NULL']);
      await push(db, 'decimal(30,2)', 0);
      assert.deepEqual(await values(), ['9007199254740993.00', '-12.00', null]);
      // decimal → bigint narrows (the range is not told in SQL): forced.
      await push(db, 'bigint', 0, true);
      assert.deepEqual(await values(), ['9007199254740993', '-12', null]);
    });

    test('migrate up decimal(10,2) → decimal(10,0) keeps the values that fit; down widens them back', async () => {
      writeTable(db, 'decimal(10,2)');
      await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
      await fill([`'2.00'`, `'3.00'`, 'NULL', `'-7.00'`]);
      writeTable(db, 'decimal(10,0)');
      await migrate(db.dir, db.url, ['new', 'rescale', '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await values(), ['2', '3', null, '-7']);
      assert.match((await migrate(db.dir, db.url, ['current'])).stdout, / rescale$/);
      await migrate(db.dir, db.url, ['down']);
      assert.deepEqual(await values(), ['2.00', '3.00', null, '-7.00']);
    });

    test('migrate up decimal(10,2) → decimal(10,0) under 2.75 is asked about; nothing changes', async () => {
      writeTable(db, 'decimal(10,2)');
      await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
      await fill([`'2.00'`, `'2.75'`]);
      writeTable(db, 'decimal(10,0)');
      await migrate(db.dir, db.url, ['new', 'rescale', '--schema', 'schema.json']);
      const refused = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(
        refused.stderr,
        /narrows column public\.t\.c \(decimal\(10,2\) to decimal\(10,0\)\)/,
      );
      assert.deepEqual(await values(), ['2.00', '2.75']);
      assert.match((await migrate(db.dir, db.url, ['current'])).stdout, / init$/);
    });
  });
}
