/**
 * A generated column made plain keeps the values it computed, through `migrate up` and
 * `dbgen push`: PostgreSQL's DROP EXPRESSION, MySQL/MariaDB's MODIFY (a STORED column) or
 * a copy into a plain column (a VIRTUAL one, which MariaDB cannot MODIFY), SQLite's table
 * rebuild copying the computed values. The migration's `down` makes it generated again:
 * its values are computed anew, which is what a generated column holds.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ColumnIR } from '@dbgen/runtime';
import { id, schema, table } from '../support/ir.js';
import { DIALECTS } from './support/databases.js';
import { col } from './support/ir.js';
import { tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query, runCli, writeSchema } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`a generated column made plain on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    const total = (stored: boolean | null): ColumnIR =>
      col('total', 'integer', {
        ...(stored === null ? {} : { generated: { expression: 'price * qty', stored } }),
      });
    const write = (stored: boolean | null): void => {
      const t = table('t', [id(), col('price', 'integer'), col('qty', 'integer'), total(stored)]);
      writeSchema(db.dir, schema([t]));
    };
    const totals = async (): Promise<number[]> =>
      (await query(db.url, 'SELECT total FROM t ORDER BY id')).map((r) => Number(r['total']));
    const fill = async (): Promise<void> => {
      await query(db.url, 'INSERT INTO t (id, price, qty) VALUES (1, 2, 3), (2, 4, 5)');
      assert.deepEqual(await totals(), [6, 20]);
    };

    const storedKinds = dialect === 'postgres' ? [true] : [true, false];
    for (const stored of storedKinds) {
      const kind = stored ? 'stored' : 'virtual';

      test(`migrate up keeps a ${kind} column's values; down computes them again`, async () => {
        write(stored);
        await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
        await migrate(db.dir, db.url, ['up']);
        await fill();
        write(null);
        await migrate(db.dir, db.url, ['new', 'plain', '--schema', 'schema.json']);
        const file = readdirSync(join(db.dir, 'migrations')).find((f) => /_plain\.js$/.test(f));
        const source = readFileSync(join(db.dir, 'migrations', file ?? ''), 'utf8');
        assert.match(source, /alterColumn\(\s*['"]t['"],\s*['"]total['"],\s*\{\s*generated: null/);
        await migrate(db.dir, db.url, ['up']);
        assert.deepEqual(await totals(), [6, 20]);
        // Plain now: its values stay when what computed them changes, and can be written.
        await query(db.url, 'UPDATE t SET price = 10 WHERE id = 1');
        await query(db.url, 'UPDATE t SET total = 99 WHERE id = 2');
        assert.deepEqual(await totals(), [6, 99]);
        await migrate(db.dir, db.url, ['down', '-1']);
        assert.deepEqual(await totals(), [30, 20]);
        // And plain again, the computed values kept.
        await migrate(db.dir, db.url, ['up']);
        assert.deepEqual(await totals(), [30, 20]);
      });

      test(`push keeps a ${kind} column's values`, async () => {
        write(stored);
        const push = async (): Promise<void> => {
          const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
          assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
        };
        await push();
        await fill();
        write(null);
        await push();
        assert.deepEqual(await totals(), [6, 20]);
        await query(db.url, 'UPDATE t SET price = 10 WHERE id = 1');
        assert.deepEqual(await totals(), [6, 20]);
        write(stored);
        await push();
        assert.deepEqual(await totals(), [30, 20]);
      });
    }
  });
}
