/**
 * `dbgen push` (and `migrate status`, through the same comparison: migrate/compare.ts)
 * tells a changed expression from the database's respelling of the same one. A generated
 * column's `(price + tax) * qty` → `price + (tax * qty)`, an index predicate's
 * `status = 'Active'` → `status = 'active'` and a check's `a > 0` → `a > 100` are
 * changes, made by push; pushing the same schema again, though every database reads the
 * expressions back otherwise (PostgreSQL's parentheses, casts and `= ANY (ARRAY[...])`,
 * MariaDB's backticks), is nothing to push.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckIR, ColumnIR, IndexIR } from '@dbgen/runtime';
import { id, index, schema, table } from '../support/ir.js';
import { DIALECTS } from './support/databases.js';
import { col } from './support/ir.js';
import { tableSuiteDatabase } from './support/table-suite.js';
import { query, runCli, writeSchema } from './support/run.js';

const NOTHING = /nothing to push/;

for (const dialect of DIALECTS) {
  describe(`expressions compared by push on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    async function push(
      extra: { columns?: ColumnIR[]; indexes?: IndexIR[]; checks?: CheckIR[] },
      expect: RegExp | null,
    ): Promise<void> {
      const columns = [
        id(),
        col('price', 'integer'),
        col('tax', 'integer'),
        col('qty', 'integer'),
        col('status', 'varchar(10)'),
        col('a', 'integer'),
        ...(extra.columns ?? []),
      ];
      const t = table('t', columns, { indexes: extra.indexes ?? [], checks: extra.checks ?? [] });
      writeSchema(db.dir, schema([t]));
      const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      const said = `${run.stdout}\n${run.stderr}`;
      if (expect === null) assert.doesNotMatch(said, NOTHING, said);
      else assert.match(said, expect, said);
    }

    const total = (expression: string): ColumnIR =>
      col('total', 'integer', { generated: { expression, stored: true } });

    test('a generated column whose parentheses moved is computed anew', async () => {
      await push({ columns: [total('(price + tax) * qty')] }, null);
      await query(db.url, 'INSERT INTO t (id, price, tax, qty) VALUES (1, 1, 2, 3)');
      const totals = async (): Promise<unknown> =>
        Number((await query(db.url, 'SELECT total FROM t'))[0]?.['total']);
      assert.equal(await totals(), 9);
      await push({ columns: [total('(price + tax) * qty')] }, NOTHING);
      await push({ columns: [total('price + (tax * qty)')] }, null);
      assert.equal(await totals(), 7);
      // Without the parentheses it means the same: nothing to push.
      await push({ columns: [total('price + tax * qty')] }, NOTHING);
    });

    test("a check's changed condition is made anew, a respelled one is not", async () => {
      const checks = (expression: string): CheckIR[] => [{ name: 't_a_check', expression }];
      const rule = "a > 0 AND status IN ('a', 'B') OR status LIKE 'x%' AND a IS NOT NULL";
      await push({ checks: checks(rule) }, null);
      await push({ checks: checks(rule) }, NOTHING);
      await push({ checks: checks('a > 100') }, null);
      await assert.rejects(query(db.url, `INSERT INTO t (id, a) VALUES (1, 50)`));
      await query(db.url, `INSERT INTO t (id, a) VALUES (1, 150)`);
      await push({ checks: checks('a > 100') }, NOTHING);
      await push({ checks: checks("a > 100 AND status <> 'X'") }, null);
      await push({ checks: checks("a > 100 AND status <> 'x'") }, null);
      await assert.rejects(query(db.url, `INSERT INTO t (id, a, status) VALUES (2, 150, 'x')`));
    });

    if (dialect === 'mysql') return; // no partial indexes

    test("an index predicate's changed string literal is made anew", async () => {
      const where = (predicate: string): IndexIR[] => [
        index(['status'], { name: 't_active_idx', where: predicate }),
      ];
      await push({ indexes: where("status = 'Active'") }, null);
      await push({ indexes: where("status = 'Active'") }, NOTHING);
      await push({ indexes: where("status = 'active'") }, null);
      const sql =
        dialect === 'postgres'
          ? `SELECT pg_get_expr(indpred, indrelid) AS p FROM pg_index WHERE indexrelid = 't_active_idx'::regclass`
          : `SELECT sql AS p FROM sqlite_master WHERE name = 't_active_idx'`;
      assert.match(String((await query(db.url, sql))[0]?.['p']), /'active'/);
    });
  });
}
