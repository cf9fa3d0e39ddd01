/**
 * Data steps beyond the 100,000-row example (data-migration.test.ts): composite primary
 * keys walked in order, `op.data` all-or-nothing with progress, and the clear errors of a
 * step that cannot run as written; plus what `--sql` and checksums make of data steps.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DataMigrationError,
  downgrade,
  offlineSql,
  op,
  upgrade,
  type DataProgressReport,
} from '@dbgen/runtime';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migration } from './support/hand-written.js';
import { migrate, query } from './support/run.js';
import { migrationDatabase } from '../support/migration-database.js';

const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

const base = migration(
  'r1',
  null,
  [
    op.createTable('stock', {
      columns: [
        { name: 'shop', type: 'varchar(20)', nullable: false },
        { name: 'item', type: 'integer', nullable: false },
        { name: 'qty', type: 'integer', nullable: false },
      ],
      primaryKey: { columns: ['shop', 'item'] },
    }),
    op.createTable('log', { columns: [{ name: 'line', type: 'text' }] }),
  ],
  [op.dropTable('log'), op.dropTable('stock')],
);

describe('data steps without a database', () => {
  test('op.batch and op.data refuse what cannot run, naming the argument', () => {
    assert.throws(
      () => op.batch({ table: '', update: () => [] }),
      /op\.batch\(\{ table, update \}\): `table` names the table to walk/,
    );
    assert.throws(
      () => op.batch({ table: 'users', batchSize: 0, update: () => [] }),
      /op\.batch\(\{ table: 'users' \}\): batchSize must be a positive integer, found 0/,
    );
    assert.throws(() => op.batch({ table: 'users' } as never), /`update` must be a function/);
    assert.throws(() => op.data('', () => undefined), /the first argument names the step/);
  });

  test('editing a data step changes the checksum; --sql names it instead of printing code', () => {
    const one = migration('r2', 'r1', [op.batch({ table: 'stock', update: () => [] })], []);
    const two = migration('r2', 'r1', [op.batch({ table: 'stock', update: () => [{}] })], []);
    assert.notEqual(one.checksum, two.checksum);
    const sql = offlineSql([base, one], 'postgres', 'up', 0, 1);
    assert.match(sql, /-- data step "batch stock": runs only against a database/);
  });
});

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`data steps on ${dialect}`, () => {
    const fresh = migrationDatabase(dialect);
    before(async () => {
      const { connection } = fresh;
      await upgrade({ connection, migrations: [base] });
      const values = [];
      for (const shop of ['a', 'b', 'c'])
        for (let item = 1; item <= 7; item += 1) values.push(`('${shop}', ${item}, ${item})`);
      await connection.query(
        `INSERT INTO "stock" ("shop", "item", "qty") VALUES ${values.join(', ')}`,
      );
    });

    test('a composite primary key is walked in key order, every row once', async () => {
      const { connection } = fresh;
      const seen: string[] = [];
      const batches: number[] = [];
      const step = migration(
        'r2',
        'r1',
        [
          op.batch({
            table: 'stock',
            batchSize: 4,
            update: (rows) => {
              batches.push(rows.length);
              seen.push(...rows.map((r) => `${String(r['shop'])}${String(r['item'])}`));
              return rows.map((r) => ({
                shop: r['shop'],
                item: r['item'],
                qty: Number(r['qty']) * 10,
              }));
            },
          }),
        ],
        [],
      );
      const reports: DataProgressReport[] = [];
      await upgrade({
        connection,
        migrations: [base, step],
        onDataProgress: (r) => reports.push(r),
      });
      const expected = ['a', 'b', 'c'].flatMap((s) => [1, 2, 3, 4, 5, 6, 7].map((i) => `${s}${i}`));
      assert.deepEqual(seen, expected);
      assert.deepEqual(batches, [4, 4, 4, 4, 4, 1]);
      assert.deepEqual(
        reports.map((r) => r.done),
        [0, 4, 8, 12, 16, 20, 21, 21],
      );
      const rows = await connection.query('SELECT sum("qty") AS "s" FROM "stock"');
      assert.equal(Number(rows[0]?.['s']), 3 * 28 * 10);
      await downgrade({ connection, migrations: [base, step] }, { steps: 1 });
    });

    test('op.data runs in one transaction: a failure leaves nothing of it', async () => {
      const { connection } = fresh;
      const run = (fail: boolean) =>
        migration(
          'r3',
          'r1',
          [
            op.data('fill the log', async ({ db, q, table, progress }) => {
              // Core statements on the table as this point of the migration has it.
              const log = table('log');
              await db.execute(q.insertInto(log).values({ line: 'one' } as never));
              progress(1, 2);
              if (fail) throw new Error('the second line is missing');
              const { rows } = await db.execute(
                q
                  .select(q.count())
                  .from(log)
                  .where(log.$columns.find((c) => c.name === 'line')!.eq('one')),
              );
              assert.equal(Number(Object.values(rows[0] ?? {})[0]), 1);
              await db.execute(q.sql`INSERT INTO "log" ("line") VALUES (${'two'})`);
              progress(2, 2);
            }),
          ],
          [],
        );
      await assert.rejects(upgrade({ connection, migrations: [base, run(true)] }), (error) => {
        assert.ok(error instanceof DataMigrationError);
        assert.match(
          error.message,
          /failed in data step "fill the log" \(up\).*the second line is missing/,
        );
        return true;
      });
      assert.deepEqual(await connection.query('SELECT "line" FROM "log"'), []);
      const reports: DataProgressReport[] = [];
      await upgrade({
        connection,
        migrations: [base, run(false)],
        onDataProgress: (r) => reports.push(r),
      });
      const lines = await connection.query('SELECT "line" FROM "log" ORDER BY "line"');
      assert.deepEqual(
        lines.map((r) => r['line']),
        ['one', 'two'],
      );
      assert.deepEqual(reports.at(-1)?.done, 2);
      assert.equal(reports.at(-1)?.finished, true);
      await downgrade({ connection, migrations: [base, run(false)] }, { steps: 1 });
    });

    test('a table without a primary key, and a change without its key, are clear errors', async () => {
      const { connection } = fresh;
      const noKey = migration('r4', 'r1', [op.batch({ table: 'log', update: () => [] })], []);
      await assert.rejects(
        upgrade({ connection, migrations: [base, noKey] }),
        /table public\.log has no primary key to walk it by; use op\.data for it/,
      );
      // r4 committed its start: nothing else runs until it is finished or abandoned.
      const other = migration('r7', 'r1', [], []);
      await assert.rejects(
        upgrade({ connection, migrations: [base, other] }),
        /revision r4 stopped in a data step of its upgrade \(operation 1, 0 rows done\).*Finish it with `dbgen migrate up r4`.*then run `dbgen migrate abandon r4` \(it forgets its rows in dbgen_data_progress\)/s,
      );
      await connection.query(`DELETE FROM "dbgen_data_progress" WHERE "revision" = 'r4'`);
      const keyless = migration(
        'r5',
        'r1',
        [op.batch({ table: 'stock', update: (rows) => rows.map((r) => ({ qty: r['qty'] })) })],
        [],
      );
      await assert.rejects(
        upgrade({ connection, migrations: [base, keyless] }),
        /change 1 has no value for key column "shop" \(each change names its row by primary key\)/,
      );
      await connection.query(`DELETE FROM "dbgen_data_progress" WHERE "revision" = 'r5'`);
      const missing = migration('r6', 'r1', [op.batch({ table: 'nope', update: () => [] })], []);
      await assert.rejects(
        upgrade({ connection, migrations: [base, missing] }),
        /table public\.nope does not exist at this point/,
      );
    });

    test('DDL failing after a data step says that the work of the step stays; the rerun resumes', async () => {
      const { connection } = fresh;
      await connection.query(`DELETE FROM "dbgen_data_progress"`);
      const broken = (fixed: boolean) =>
        migration(
          'r8',
          'r1',
          [
            op.batch({
              table: 'stock',
              batchSize: 10,
              update: (rows) => rows.map((r) => ({ shop: r['shop'], item: r['item'], qty: 1 })),
            }),
            op.sql(fixed ? 'SELECT 1' : 'INSERT INTO "no_such_table" VALUES (1)'),
          ],
          [],
        );
      await assert.rejects(upgrade({ connection, migrations: [base, broken(false)] }), (error) => {
        assert.match(
          String(error),
          dialect === 'mysql'
            ? /No statement of it was applied\.[^]*data steps' committed batches stay too/
            : /after its last data step were rolled back; the data steps' committed work stays/,
        );
        return true;
      });
      const qty = await connection.query('SELECT sum("qty") AS "s" FROM "stock"');
      assert.equal(Number(qty[0]?.['s']), 21, 'the batches committed');
      await upgrade({ connection, migrations: [base, broken(true)] });
      assert.deepEqual(await connection.query('SELECT * FROM "dbgen_data_progress"'), []);
    });
  });
}

/** A migration file as `dbgen migrate new` writes them, with `up` and `down` given as source. */
function migrationFile(
  dir: string,
  file: string,
  revision: string,
  parent: string | null,
  up: string,
  down: string,
): void {
  writeFileSync(
    join(dir, file),
    `export const revision = '${revision}';\nexport const parent = ${parent === null ? 'null' : `'${parent}'`};\n` +
      `export const name = '${file.replace(/^\d+_|\.js$/g, '')}';\nexport const up = (op) => [${up}];\nexport const down = (op) => [${down}];\n`,
  );
}

const flag = globalThis as { __dataStepFixed?: boolean };

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`data steps through the CLI on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('a failing batch exits 1 with one message and no stack; the rerun resumes and finishes', async () => {
      const dir = join(db.dir, 'migrations');
      mkdirSync(dir, { recursive: true });
      migrationFile(
        dir,
        '0001_counters.js',
        'c1',
        null,
        `op.createTable('counters', { columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'n', type: 'integer' }] }),
         op.sql('INSERT INTO "counters" ("id", "n") VALUES (1, 1), (2, 2), (3, 3)')`,
        `op.dropTable('counters')`,
      );
      migrationFile(
        dir,
        '0002_scale.js',
        'c2',
        'c1',
        `op.batch({ name: 'scale n', table: 'counters', batchSize: 1, update: (rows) => {
           if (rows[0].id === 2 && !globalThis.__dataStepFixed) throw new Error('row 2 is not ready');
           return rows.map((r) => ({ id: r.id, n: r.n * 10 }));
         } })`,
        '',
      );
      try {
        const failed = await migrate(db.dir, db.url, ['up', '--force'], 1);
        assert.match(
          failed.stderr,
          /failed in data step "scale n" \(up\) after 1 rows: row 2 is not ready/,
        );
        assert.doesNotMatch(failed.stderr, /internal error|\n\s+at /);
        flag.__dataStepFixed = true;
        const resumed = await migrate(db.dir, db.url, ['up']);
        assert.match(resumed.stdout, /scale n: resuming after 1 of 3 rows done by an earlier run/);
        assert.match(resumed.stdout, /scale n: done, 3 rows/);
        assert.match(resumed.stdout, /applied 0002_scale\.js \(c2\)/);
      } finally {
        delete flag.__dataStepFixed;
      }
      const rows = await query(db.url, 'SELECT "n" FROM "counters" ORDER BY "id"');
      assert.deepEqual(
        rows.map((r) => Number(r['n'])),
        [10, 20, 30],
      );
    });
  });
}
