/**
 * Type changes a review found pushed (and migrated) without asking, on every dialect, by
 * `dbgen push` and a generated migration's `migrate up`, which judge them with the same
 * code (migrate/narrowing.ts, migrate/misfit.ts):
 *
 * - a decimal without precision (PostgreSQL's unbounded numeric, MySQL's DECIMAL(65, 30),
 *   SQLite's text) into any declared precision narrows: decimal → decimal(40,2) rounded
 *   1.234 to 1.23 on PostgreSQL and MySQL, and failed on SQLite's CHECK without asking;
 * - varchar → char(n), n no shorter, changes values: PostgreSQL pads them with spaces,
 *   MySQL/MariaDB drop trailing spaces; SQLite keeps them, so it asks nothing there;
 * - SQLite judged decimals through a double, missing a digit beyond its precision
 *   (decimal(38,10) → decimal(38,9) over 1234567890123456789.1234567891) and counting
 *   999999999999999999.5 as 10^18.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from './support/databases.js';
import { fillTable, migrateTable, pushTable, tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`type changes that alter values, asked about on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    const push = (type: string, expectCode: number) => pushTable(db, type, expectCode);
    const migrateTo = (type: string, name: string, expectCode: number) =>
      migrateTable(db, type, name, expectCode);
    const fill = (rows: readonly string[]) => fillTable(db, rows);

    /** Column `c` of every row by id, as the database writes it in text. */
    async function texts(): Promise<unknown[]> {
      const text = dialect === 'mysql' ? 'CAST(c AS CHAR)' : 'CAST(c AS TEXT)';
      const rows = await query(db.url, `SELECT ${text} AS c FROM t ORDER BY id`);
      return rows.map((r) => r['c']);
    }

    /** Column `c` of every row by id, as numbers (MySQL writes DECIMAL(65, 30)'s zeros). */
    const numbers = async (): Promise<unknown[]> =>
      (await texts()).map((v) => (v === null ? v : Number(v)));

    test('push decimal → decimal(40,2) counts the values with more decimals; those that fit pass', async () => {
      await push('decimal', 0);
      await fill([`'1.234'`, `'-0.005'`, `'2.5'`, 'NULL']);
      const refused = await push('decimal(40,2)', 1);
      assert.match(
        refused.stderr,
        /column public\.t\.c narrows \((decimal|numeric) to decimal\(40,2\)\): 2 value\(s\) do not fit/,
      );
      assert.deepEqual(await numbers(), [1.234, -0.005, 2.5, null]);
      await query(db.url, `UPDATE t SET c = '1.23' WHERE id = 1`);
      await query(db.url, `UPDATE t SET c = '-0.01' WHERE id = 2`);
      await push('decimal(40,2)', 0);
      assert.deepEqual(await texts(), ['1.23', '-0.01', '2.50', null]);
    });

    test('migrate up decimal → decimal(40,2) is refused under 1.234; decimal(10,2) → decimal is not', async () => {
      await migrateTo('decimal(10,2)', 'init', 0);
      await fill([`'1.23'`]);
      await migrateTo('decimal', 'widen', 0);
      await query(db.url, `UPDATE t SET c = '1.234'`);
      const refused = await migrateTo('decimal(40,2)', 'narrow', 1);
      assert.match(
        refused.stderr,
        /narrows column public\.t\.c \(decimal to decimal\(40,2\)\), which holds values that do not fit/,
      );
      assert.deepEqual(await numbers(), [1.234]);
      await query(db.url, `UPDATE t SET c = '99.99'`);
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await texts(), ['99.99']);
    });

    test('decimal(38,10) → decimal(38,9): a 10th decimal beyond a double is counted, exactly', async () => {
      await push('decimal(38,10)', 0);
      await fill([`'1234567890123456789.1234567891'`, `'1234567890123456789.1234567890'`]);
      const refused = await push('decimal(38,9)', 1);
      assert.match(refused.stderr, /to decimal\(38,9\)\): 1 value\(s\) do not fit/);
      await query(db.url, 'DELETE FROM t WHERE id = 1');
      await push('decimal(38,9)', 0);
      assert.deepEqual(await texts(), ['1234567890123456789.123456789']);
    });

    test('migrate up decimal(38,10) → decimal(27,9) judges the whole digits exactly', async () => {
      await migrateTo('decimal(38,10)', 'init', 0);
      // 18 whole digits fit decimal(27,9), though a double rounds the value to 10^18.
      await fill([`'999999999999999999.5000000000'`]);
      await migrateTo('decimal(27,9)', 'narrow', 0);
      assert.deepEqual(await texts(), ['999999999999999999.500000000']);
      await query(db.url, 'DELETE FROM t');
      // A 9th decimal a double cannot see (it reads 10^18).
      await fill([`'-999999999999999999.500000000'`, `'999999999999999999.000000001'`]);
      const refused = await migrateTo('decimal(27,8)', 'again', 1);
      assert.match(refused.stderr, /\(decimal\(27,9\) to decimal\(27,8\)\), which holds values/);
      await query(db.url, 'DELETE FROM t WHERE id = 2');
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await texts(), ['-999999999999999999.50000000']);
    });

    test('decimal(20,2) → integer: out of range or with decimals is counted', async () => {
      await push('decimal(20,2)', 0);
      await fill([`'2147483647.00'`, `'2147483648.00'`, `'-5.50'`, `'-2147483648.00'`]);
      const refused = await push('integer', 1);
      assert.match(refused.stderr, /to integer\): 2 value\(s\) do not fit/);
      await query(db.url, 'DELETE FROM t WHERE id IN (2, 3)');
      await push('integer', 0);
      assert.deepEqual(await numbers(), [2147483647, -2147483648]);
    });

    // What each dialect does to 'ab   ' and 'x' in a char(10), and how many it asks about.
    const changed = { postgres: 2, mysql: 1, sqlite: 0 }[dialect];
    const how = { postgres: 'pads shorter values with spaces', mysql: 'drops trailing spaces' };

    test(`push varchar(10) → char(10) asks about the ${changed} value(s) it would change`, async () => {
      await push('varchar(10)', 0);
      await fill([`'ab   '`, `'x'`, `'abcdefghij'`, 'NULL']);
      if (dialect === 'sqlite') {
        // SQLite keeps each value as it is: nothing to ask.
        await push('char(10)', 0);
        assert.deepEqual(await texts(), ['ab   ', 'x', 'abcdefghij', null]);
        return;
      }
      const refused = await push('char(10)', 1);
      assert.match(
        refused.stderr,
        new RegExp(
          `column public\\.t\\.c narrows \\((varchar|character varying)\\(10\\) to char\\(10\\), which ${how[dialect]}\\): ${changed} value\\(s\\) may not fit`,
        ),
      );
      assert.deepEqual(await texts(), ['ab   ', 'x', 'abcdefghij', null]);
    });

    test('push and migrate up varchar(10) → char(10) ask nothing when no value would change', async () => {
      // PostgreSQL pads none of these (all 10 long); MySQL/MariaDB find no trailing space.
      const kept = dialect === 'mysql' ? ['x', 'abcdefghij'] : ['klmnopqrst', 'abcdefghij'];
      const rows = [...kept.map((v) => `'${v}'`), 'NULL'];
      await push('varchar(10)', 0);
      await fill(rows);
      await push('char(10)', 0);
      assert.deepEqual(await texts(), [...kept, null]);
      await query(db.url, 'DROP TABLE t');
      await migrateTo('varchar(10)', 'init', 0);
      await fill(rows);
      await migrateTo('char(10)', 'fixed', 0);
      assert.deepEqual(await texts(), [...kept, null]);
    });

    if (dialect !== 'sqlite') {
      test('migrate up varchar(10) → char(10) is refused where a value would change', async () => {
        await migrateTo('varchar(10)', 'init', 0);
        await fill([dialect === 'mysql' ? `'ab '` : `'ab'`]);
        const refused = await migrateTo('char(10)', 'fixed', 1);
        assert.match(
          refused.stderr,
          new RegExp(
            `narrows column public\\.t\\.c \\(varchar\\(10\\) to char\\(10\\), which ${how[dialect]}\\), which holds values that may not fit`,
          ),
        );
        assert.deepEqual(await texts(), [dialect === 'mysql' ? 'ab ' : 'ab']);
      });
    }
  });
}
