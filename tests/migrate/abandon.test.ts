/**
 * `abandon` forgets a run that stopped halfway once the user undid by hand what it applied
 * (migrate/abandon.ts): its progress rows go, nothing else changes, and the next run of
 * the migration starts from its first statement and row instead of resuming. Without it
 * the user had to delete the rows from dbgen's tables by hand. It refuses, naming what is
 * stopped, when there is nothing to abandon or the revision names no stopped run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  abandon,
  connectForMigrations,
  describeStoppedRun,
  downgrade,
  listStoppedRuns,
  op,
  pickStoppedRun,
  StoppedRunError,
  upgrade,
  type MigrationFile,
  type StoppedRun,
} from '@dbgen/runtime';
import { DIALECTS } from './support/databases.js';
import { migration } from './support/hand-written.js';
import { base, scale, twoColumns } from './support/stopped-runs.js';
import { migrationDatabase } from '../support/migration-database.js';

const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

describe('pickStoppedRun', () => {
  const run = (revision: string, direction: 'up' | 'down' = 'up'): StoppedRun => ({
    revision,
    direction,
    statements: 2,
    rows: 0,
    operations: 0,
  });
  const refused = (runs: StoppedRun[], revision: string | undefined, message: RegExp) =>
    assert.throws(
      () => pickStoppedRun(runs, revision),
      (error) => error instanceof StoppedRunError && message.test(error.message),
    );

  test('the only stopped run, or the one a revision or its start names', () => {
    assert.deepEqual(pickStoppedRun([run('abc123')], undefined), [run('abc123')]);
    assert.deepEqual(pickStoppedRun([run('abc123'), run('def456')], 'def'), [run('def456')]);
    assert.deepEqual(pickStoppedRun([run('abc'), run('abcdef')], 'abc'), [run('abc')]);
    // A file number or a migration's name, as the other migrate commands take them.
    const files = [
      { ...scale(false, 'abc123', 's1'), path: 'migrations/0002_scale.js', name: 'scale' },
      { ...scale(false, 'def456', 'abc123'), path: 'migrations/0003_again.js', name: 'again' },
    ];
    const runs = [run('abc123'), run('def456')];
    assert.deepEqual(pickStoppedRun(runs, '0003', files), [run('def456')]);
    assert.deepEqual(pickStoppedRun(runs, 'scale', files), [run('abc123')]);
  });

  test('refused: none, several without a revision, a revision of none or of several', () => {
    refused([], undefined, /no migration run is stopped halfway: there is nothing to abandon/);
    refused([], 'abc', /nothing to abandon/);
    refused(
      [run('abc123'), run('def456')],
      undefined,
      /2 migration runs are stopped halfway \(the stopped upgrade of revision abc123 \(2 statements applied\); the stopped upgrade of revision def456 .*\): name the revision to abandon/,
    );
    refused([run('abc123')], 'zzz', /no run of revision zzz is stopped halfway; stopped: .*abc123/);
    refused([run('abc1'), run('abc2')], 'abc', /revision abc names several stopped runs/);
    // An empty revision (an unset variable in a script) is no start of every revision.
    refused([run('abc123')], '', /the revision to abandon is empty/);
    refused([run('abc123')], ' ', /the revision to abandon is empty/);
  });
});

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`abandon on ${dialect}`, () => {
    const fresh = migrationDatabase(dialect);
    const qty = async (): Promise<number[]> =>
      (await fresh.connection.query('SELECT "qty" FROM "items" ORDER BY "id"')).map((r) =>
        Number(r['qty']),
      );

    test('with no stopped run it refuses and changes nothing', async () => {
      const { connection } = fresh;
      await upgrade({ connection, migrations: [base] });
      await assert.rejects(
        abandon({ connection, migrations: [base] }),
        (error) => error instanceof StoppedRunError && /nothing to abandon/.test(error.message),
      );
      assert.deepEqual(await listStoppedRuns(connection), []);
    });

    test('a data step undone by hand: forgotten, its rerun changes every row once', async () => {
      const { connection } = fresh;
      await connection.query('INSERT INTO "items" ("id", "qty") VALUES (1, 1), (2, 2), (3, 3)');
      await assert.rejects(upgrade({ connection, migrations: [base, scale(false)] }));
      assert.deepEqual(await qty(), [10, 2, 3]);
      assert.deepEqual(await listStoppedRuns(connection), [
        { revision: 's2', direction: 'up', statements: 0, rows: 1, operations: 0 },
      ]);
      // A revision that is not stopped is refused, naming the one that is.
      await assert.rejects(
        abandon({ connection, migrations: [base, scale(false)] }, 's9'),
        /no run of revision s9 is stopped halfway; stopped: the stopped upgrade of s2\.js \(s2\) \(1 row changed by data steps\)/,
      );
      // The user undoes row 1 and abandons the run.
      await connection.query('UPDATE "items" SET "qty" = 1 WHERE "id" = 1');
      const log: string[] = [];
      const forgotten = await abandon({
        connection,
        migrations: [base, scale(false)],
        log: (line) => log.push(line),
      });
      assert.deepEqual(
        forgotten.map((r) => `${r.revision} ${r.direction}`),
        ['s2 up'],
      );
      assert.deepEqual(log, [
        'forgot the stopped upgrade of s2.js (s2) (1 row changed by data steps): its next run starts from its first statement',
      ]);
      assert.deepEqual(await listStoppedRuns(connection), []);
      assert.deepEqual(await qty(), [1, 2, 3]);
      // Not resumed after row 1: every row is scaled, and once.
      await upgrade({ connection, migrations: [base, scale(true)] });
      assert.deepEqual(await qty(), [10, 20, 30]);
      await downgrade({ connection, migrations: [base, scale(true)] }, { steps: 1 });
    });

    test(
      'statements undone by hand (MySQL/MariaDB): forgotten, the rerun starts at statement 1',
      {
        skip:
          dialect === 'mysql' ? false : 'DDL is transactional: a failed run leaves no statement',
      },
      async () => {
        const { connection } = fresh;
        const migrations = (fixed: boolean) => [base, scale(true), twoColumns(fixed)];
        await upgrade({ connection, migrations: [base, scale(true)] });
        await assert.rejects(
          upgrade({ connection, migrations: migrations(false) }),
          /failed at statement 2 of 3.*run `dbgen migrate abandon s3` \(it forgets its row in dbgen_migration_progress\)/s,
        );
        assert.deepEqual(await listStoppedRuns(connection), [
          { revision: 's3', direction: 'up', statements: 1, rows: 0, operations: 0 },
        ]);
        // Refused beside it, until it is abandoned.
        await assert.rejects(
          downgrade({ connection, migrations: migrations(false) }, { steps: 1 }),
          /revision s3 stopped halfway through its upgrade.*`dbgen migrate abandon s3`/s,
        );
        await connection.query('ALTER TABLE "items" DROP COLUMN "a"');
        const forgotten = await abandon({ connection, migrations: migrations(false) }, 's3');
        assert.deepEqual(
          forgotten.map((r) => `${r.revision} ${r.direction} ${r.statements}`),
          ['s3 up 1'],
        );
        assert.deepEqual(await listStoppedRuns(connection), []);
        // Started again from statement 1: both columns are added.
        await upgrade({ connection, migrations: migrations(true) });
        const rows = await connection.query('SELECT * FROM "items" WHERE "id" = 1');
        assert.deepEqual(Object.keys(rows[0] ?? {}).sort(), ['a', 'b', 'id', 'qty']);
      },
    );
  });
}

/** Adds a column, then scales qty one row a batch, failing at row 2 unless `fixed`. */
const noteThenScale = (fixed: boolean): MigrationFile =>
  migration(
    's7',
    's1',
    [op.addColumn('items', { name: 'note', type: 'text' }), ...scale(fixed).up],
    [op.dropColumn('items', 'note')],
  );

/** Scales qty one row a batch; `onRow` runs inside each batch's transaction. */
const slowScale = (onRow: (id: number) => Promise<void>): MigrationFile =>
  migration(
    's8',
    's7',
    [
      op.batch({
        name: 'scale slowly',
        table: 'items',
        batchSize: 1,
        update: async (rows) => {
          await onRow(Number(rows[0]?.['id']));
          return rows.map((r) => ({ id: r['id'], qty: Number(r['qty']) * 10 }));
        },
      }),
    ],
    [],
  );

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`abandon, what a stopped run committed, on ${dialect}`, () => {
    const fresh = migrationDatabase(dialect);
    const qty = async (): Promise<number[]> =>
      (await fresh.connection.query('SELECT "qty" FROM "items" ORDER BY "id"')).map((r) =>
        Number(r['qty']),
      );

    test('the operations before a data step are named: undone with its rows, the rerun works', async () => {
      const { connection } = fresh;
      await upgrade({ connection, migrations: [base] });
      await connection.query('INSERT INTO "items" ("id", "qty") VALUES (1, 1), (2, 2), (3, 3)');
      await assert.rejects(
        upgrade({ connection, migrations: [base, noteThenScale(false)] }),
        /undo by hand what it committed \(those rows, and the operations before the step\), then run `dbgen migrate abandon s7`/,
      );
      const [run] = await listStoppedRuns(connection);
      // MySQL counts the ALTER as a statement applied; elsewhere it committed with the step.
      assert.equal(
        describeStoppedRun(run!, [base, noteThenScale(false)]),
        dialect === 'mysql'
          ? 'the stopped upgrade of s7.js (s7) (1 statement applied, 1 row changed by data steps)'
          : 'the stopped upgrade of s7.js (s7) (operation 1 committed, 1 row changed by data steps)',
      );
      await connection.query('UPDATE "items" SET "qty" = 1 WHERE "id" = 1');
      await connection.query('ALTER TABLE "items" DROP COLUMN "note"');
      await abandon({ connection, migrations: [base, noteThenScale(false)] }, 's7');
      await upgrade({ connection, migrations: [base, noteThenScale(true)] });
      assert.deepEqual(await qty(), [10, 20, 30]);
    });

    test(
      'abandoned between two batches of a running step, the run stops and changes no more rows',
      {
        skip:
          dialect === 'postgres'
            ? false
            : 'a waiting abandon gets the lock after a batch only on PostgreSQL (a FIFO lock queue); MySQL holds its lock for the whole run',
      },
      async () => {
        const { connection } = fresh;
        const other = await connectForMigrations(fresh.db.url, fresh.db.dir);
        let abandoning: Promise<unknown> | null = null;
        const migrations = [base, noteThenScale(true), slowScale(async () => undefined)];
        const racing = [
          base,
          noteThenScale(true),
          slowScale(async (id) => {
            if (id !== 1) return;
            // Queued behind this batch's transaction lock: it runs once the batch commits.
            abandoning = abandon({ connection: other, migrations });
            await new Promise((resolve) => setTimeout(resolve, 300));
          }),
        ];
        try {
          await assert.rejects(
            upgrade({ connection, migrations: racing }),
            /data step "scale slowly" \(up\) stopped after 1 rows: its progress was forgotten while it ran/,
          );
          assert.deepEqual(await abandoning, [
            { revision: 's8', direction: 'up', statements: 0, rows: 1, operations: 0 },
          ]);
        } finally {
          await other.close();
        }
        // Row 1 was scaled once; no row was scaled twice, and none after the abandon.
        assert.deepEqual(await qty(), [100, 20, 30]);
        assert.deepEqual(await listStoppedRuns(connection), []);
      },
    );
  });
}
