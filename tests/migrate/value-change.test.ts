/**
 * Type changes that are no narrowing but that PostgreSQL makes by changing values, asked
 * about (refused without --force) by `dbgen push` and `migrate up` where a stored value
 * would change, and only then (migrate/value-change.ts):
 *
 * - `json` → `jsonb` keeps only the last of duplicate keys; spaces and key order are not
 *   asked about;
 * - `char(n)` → `varchar`/`text` drops trailing spaces PostgreSQL returns;
 * - `char(n)` → `char(m)`, m > n, adds spaces to every value PostgreSQL returns.
 *
 * MySQL/MariaDB and SQLite store both types alike: nothing is asked, nothing changes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from './support/databases.js';
import { fillTable, migrateTable, pushTable, tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query } from './support/run.js';

for (const dialect of DIALECTS) {
  const asks = dialect === 'postgres';
  describe(`type changes that change values although they fit, on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    const push = (type: string, expectCode: number, flags: readonly string[] = []) =>
      pushTable(db, type, expectCode, flags);
    const migrateTo = (type: string, name: string, expectCode: number) =>
      migrateTable(db, type, name, expectCode);
    const fill = (rows: readonly string[]) => fillTable(db, rows);

    /** Column `c` of every row by id, as text (PostgreSQL: char with its padding). */
    async function texts(): Promise<unknown[]> {
      const text = { postgres: 'concat(c)', mysql: 'CAST(c AS CHAR)', sqlite: 'c' }[dialect];
      const rows = await query(db.url, `SELECT ${text} AS c, c IS NULL AS n FROM t ORDER BY id`);
      return rows.map((r) => (r['n'] === true || r['n'] === 1 ? null : r['c']));
    }

    const JSONS = [
      `'{"a":1,"a":2}'`,
      `'{"b": [1, {"k": 1, "z": {"x": 0, "x": 0}}]}'`,
      `'{"z": 1,   "a": [1, 2]}'`,
      `'[{"k": "v"}, 3]'`,
      'NULL',
    ];

    test('push json → jsonb counts the values with a duplicate key, at any depth', async () => {
      await push('json', 0);
      await fill(JSONS);
      const before = await texts();
      if (!asks) {
        await push('jsonb', 0);
        assert.deepEqual(await texts(), before);
        return;
      }
      const refused = await push('jsonb', 1);
      assert.match(
        refused.stderr,
        /column public\.t\.c narrows \(json to jsonb, which keeps only the last of duplicate keys\): 2 value\(s\) may not fit/,
      );
      assert.deepEqual(await texts(), before);
      // Spaces and the order of keys are the same JSON value: not asked about.
      await query(db.url, 'DELETE FROM t WHERE id IN (1, 2)');
      await push('jsonb', 0);
      assert.deepEqual(await texts(), ['{"a": [1, 2], "z": 1}', '[{"k": "v"}, 3]', null]);
    });

    test('migrate up json → jsonb is refused under a duplicate key', async () => {
      await migrateTo('json', 'init', 0);
      await fill([`'{"a":1,"a":2}'`]);
      if (!asks) {
        await migrateTo('jsonb', 'binary', 0);
        assert.deepEqual(await texts(), ['{"a":1,"a":2}']);
        return;
      }
      const refused = await migrateTo('jsonb', 'binary', 1);
      assert.match(
        refused.stderr,
        /narrows column public\.t\.c \(json to jsonb, which keeps only the last of duplicate keys\), which holds values that may not fit/,
      );
      assert.deepEqual(await texts(), ['{"a":1,"a":2}']);
      await query(db.url, `UPDATE t SET c = '{"a":2}'`);
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await texts(), ['{"a": 2}']);
    });

    test('push char(5) → varchar(5) counts the values read with trailing spaces', async () => {
      await push('char(5)', 0);
      await fill([`'ab'`, `'abcde'`, `'x  '`, 'NULL']);
      if (!asks) {
        // MySQL/MariaDB read a char without its padding; SQLite keeps what was written.
        const kept =
          dialect === 'mysql' ? ['ab', 'abcde', 'x', null] : ['ab', 'abcde', 'x  ', null];
        assert.deepEqual(await texts(), kept);
        await push('varchar(5)', 0);
        assert.deepEqual(await texts(), kept);
        return;
      }
      assert.deepEqual(await texts(), ['ab   ', 'abcde', 'x    ', null]);
      const refused = await push('varchar(5)', 1);
      assert.match(
        refused.stderr,
        /column public\.t\.c narrows \((character|char)\(5\) to varchar\(5\), which drops trailing spaces\): 2 value\(s\) may not fit/,
      );
      assert.deepEqual(await texts(), ['ab   ', 'abcde', 'x    ', null]);
      await query(db.url, `DELETE FROM t WHERE id IN (1, 3)`);
      await push('varchar(5)', 0);
      assert.deepEqual(await texts(), ['abcde', null]);
    });

    test('migrate up char(4) → text is refused where a value would lose its padding', async () => {
      await migrateTo('char(4)', 'init', 0);
      await fill([`'abcd'`, `'ab'`]);
      if (!asks) {
        await migrateTo('text', 'free', 0);
        assert.deepEqual(await texts(), ['abcd', 'ab']);
        return;
      }
      const refused = await migrateTo('text', 'free', 1);
      assert.match(
        refused.stderr,
        /narrows column public\.t\.c \(char\(4\) to text, which drops trailing spaces\), which holds values that may not fit/,
      );
      assert.deepEqual(await texts(), ['abcd', 'ab  ']);
      // Forced, PostgreSQL's own conversion runs: without the padding.
      await migrate(db.dir, db.url, ['up', '--force']);
      assert.deepEqual(await texts(), ['abcd', 'ab']);
    });

    test('push char(3) → char(5) counts every value, each read with more padding', async () => {
      await push('char(3)', 0);
      await fill([`'ab'`, `'abc'`, 'NULL']);
      if (!asks) {
        await push('char(5)', 0);
        // MySQL/MariaDB and SQLite return a char without padding, before and after.
        assert.deepEqual(await texts(), ['ab', 'abc', null]);
        return;
      }
      const refused = await push('char(5)', 1);
      assert.match(
        refused.stderr,
        /column public\.t\.c \w+ \((character|char)\(3\) to char\(5\), which pads every value with more spaces\): 2 value\(s\)/,
      );
      assert.deepEqual(await texts(), ['ab ', 'abc', null]);
      await push('char(5)', 0, ['--force']);
      assert.deepEqual(await texts(), ['ab   ', 'abc  ', null]);
    });
  });
}
