/**
 * `migrate new` sees a changed default exactly: a string literal inside an expression
 * default keeps its case (`upper('abc') || 'x'` → `… || 'X'`), and a bigint default is
 * compared digit for digit (9007199254740992 → 9007199254740993, one double apart from
 * nothing). Each change is an alterColumn, applied by `migrate up`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DefaultIR } from '@dbgen/runtime';
import { id, schema, table } from '../support/ir.js';
import { DIALECTS } from './support/databases.js';
import { col } from './support/ir.js';
import { tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query, writeSchema } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`exact defaults in migrate new on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    async function migrateTo(text: DefaultIR, big: DefaultIR, name: string): Promise<string> {
      const t = table('t', [
        id(),
        col('c', 'varchar(10)', { default: text }),
        col('b', 'bigint', { default: big }),
      ]);
      writeSchema(db.dir, schema([t]));
      const made = await migrate(db.dir, db.url, ['new', name, '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
      return `${made.stdout}\n${made.stderr}`;
    }

    const latest = async (): Promise<unknown[]> => {
      const asText = { postgres: 'b::text', mysql: 'CAST(b AS CHAR)', sqlite: 'CAST(b AS TEXT)' };
      const [row] = await query(
        db.url,
        `SELECT c, ${asText[dialect]} AS b FROM t ORDER BY id DESC LIMIT 1`,
      );
      return [row?.['c'], row?.['b']];
    };

    test("an expression default's string literal and a bigint default change exactly", async () => {
      const expression = (sql: string): DefaultIR => ({ kind: 'expression', sql });
      const number = (value: string): DefaultIR => ({ kind: 'number', value });
      await migrateTo(expression("upper('abc') || 'x'"), number('9007199254740992'), 'init');
      await query(db.url, 'INSERT INTO t (id) VALUES (1)');
      assert.deepEqual(await latest(), ['ABCx', '9007199254740992']);
      await migrateTo(expression("upper('abc') || 'X'"), number('9007199254740993'), 'exact');
      await query(db.url, 'INSERT INTO t (id) VALUES (2)');
      assert.deepEqual(await latest(), ['ABCX', '9007199254740993']);
      // The same defaults again: nothing to write.
      const again = await migrateTo(
        expression("UPPER('abc')  ||  'X'"),
        number('9007199254740993'),
        'same',
      );
      assert.match(again, /no changes/);
    });
  });
}
