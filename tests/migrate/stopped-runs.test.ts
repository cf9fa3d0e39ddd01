/**
 * What `stamp` and `reset` do with a run that stopped halfway. `stamp` settles it: A migration stopped in a data step (every
 * dialect) or between statements (MySQL/MariaDB, whose DDL is not transactional) keeps
 * progress rows that refuse every other migration step until it is finished. A user who
 * finished the stopped run by hand and stamped it applied (a downgrade: not applied) was
 * still refused by those rows; now they go, and the stamp says so. A stamp that does not
 * settle the run (the current revision, to accept an edited file) keeps them: the rerun
 * resumes where it stopped instead of doing the done rows again. `reset` drops its rows with
 * everything else: kept, they refused the re-applied migrations once the tables were gone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DataMigrationError,
  downgrade,
  resetDatabase,
  stamp,
  upgrade,
  type MigrationFile,
} from '@dbgen/runtime';
import { DIALECTS } from './support/databases.js';
import { base, downWalk, later, scale, twoColumns } from './support/stopped-runs.js';
import { migrationDatabase } from '../support/migration-database.js';

const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`stamp settles a stopped run on ${dialect}`, () => {
    const fresh = migrationDatabase(dialect);
    const qty = async (): Promise<number[]> =>
      (await fresh.connection.query('SELECT "qty" FROM "items" ORDER BY "id"')).map((r) =>
        Number(r['qty']),
      );
    const progress = async (): Promise<string[]> =>
      (
        await fresh.connection.query(
          'SELECT DISTINCT "revision", "direction" FROM "dbgen_data_progress"',
        )
      ).map((r) => `${String(r['revision'])} ${String(r['direction'])}`);

    test('a stamp of the current revision keeps the stopped run: the rerun resumes', async () => {
      const { connection } = fresh;
      await upgrade({ connection, migrations: [base] });
      await connection.query('INSERT INTO "items" ("id", "qty") VALUES (1, 1), (2, 2), (3, 3)');
      await assert.rejects(upgrade({ connection, migrations: [base, scale(false)] }), (error) => {
        assert.ok(error instanceof DataMigrationError);
        assert.match(error.message, /row 2 is not ready/);
        return true;
      });
      assert.deepEqual(await qty(), [10, 2, 3]);
      const log: string[] = [];
      await stamp({ connection, migrations: [base, scale(false)], log: (l) => log.push(l) }, 's1');
      assert.deepEqual(log, []);
      assert.deepEqual(await progress(), ['s2 up']);
      await assert.rejects(
        downgrade({ connection, migrations: [base, scale(false)] }, { steps: 1 }),
        /revision s2 stopped in a data step of its upgrade/,
      );
      // Resumed after row 1: row 1 is scaled once, not twice.
      await upgrade({ connection, migrations: [base, scale(true)] });
      assert.deepEqual(await qty(), [10, 20, 30]);
      assert.deepEqual(await progress(), []);
      await downgrade({ connection, migrations: [base, scale(true)] }, { steps: 1 });
      await connection.query('UPDATE "items" SET "qty" = "id"');
    });

    test('an upgrade finished by hand and stamped applied is forgotten, and said so', async () => {
      const { connection } = fresh;
      await assert.rejects(upgrade({ connection, migrations: [base, scale(false)] }));
      assert.deepEqual(await progress(), ['s2 up']);
      // The user scales the rows left and declares s2 applied.
      await connection.query('UPDATE "items" SET "qty" = "qty" * 10 WHERE "id" > 1');
      const log: string[] = [];
      const stamped = await stamp(
        { connection, migrations: [base, scale(false)], log: (l) => log.push(l) },
        's2',
      );
      assert.deepEqual([...stamped].sort(), ['s1', 's2']);
      assert.deepEqual(log, [
        'forgot the stopped upgrade of s2.js (s2): the stamp records it applied',
      ]);
      assert.deepEqual(await progress(), []);
      // Nothing refuses the next step any more.
      await downgrade({ connection, migrations: [base, scale(true)] }, { steps: 1 });
      await upgrade({ connection, migrations: [base, scale(true)] });
      assert.deepEqual(await qty(), [100, 200, 300]);
      await connection.query('UPDATE "items" SET "qty" = "id" * 10');
    });

    test('a downgrade finished by hand and stamped not applied is forgotten', async () => {
      const { connection } = fresh;
      const migrations = (fixed: boolean) => [base, scale(true), downWalk(fixed)];
      await upgrade({ connection, migrations: migrations(false) });
      await assert.rejects(
        downgrade({ connection, migrations: migrations(false) }, { steps: 1 }),
        /row 2 is not ready/,
      );
      assert.deepEqual(await progress(), ['s5 down']);
      // A stamp that keeps s5 applied does not settle its downgrade.
      await stamp({ connection, migrations: migrations(false) }, 's5');
      assert.deepEqual(await progress(), ['s5 down']);
      await connection.query('UPDATE "items" SET "qty" = "qty" / 10 WHERE "id" > 1');
      const log: string[] = [];
      await stamp({ connection, migrations: migrations(false), log: (l) => log.push(l) }, 's2');
      assert.deepEqual(log, [
        'forgot the stopped downgrade of s5.js (s5): the stamp records it not applied',
      ]);
      assert.deepEqual(await progress(), []);
      assert.deepEqual(await qty(), [1, 2, 3]);
      // Nothing refuses s5 any more; its downgrade, run again on fresh rows, walks them all.
      await upgrade({ connection, migrations: migrations(true) });
      await connection.query('UPDATE "items" SET "qty" = "id" * 10');
      await downgrade({ connection, migrations: migrations(true) }, { steps: 1 });
      assert.deepEqual(await qty(), [1, 2, 3]);
    });

    test('a migration stopped between statements, finished by hand: stamped, it reverts', async () => {
      const { connection } = fresh;
      const migrations = (fixed: boolean) => [base, scale(true), twoColumns(fixed)];
      await assert.rejects(
        upgrade({ connection, migrations: migrations(false) }),
        /failed at statement 2 of 3/,
      );
      const columns = async (): Promise<string[]> => {
        const rows = await connection.query('SELECT * FROM "items" WHERE "id" = 1');
        return Object.keys(rows[0] ?? {}).sort();
      };
      // MySQL keeps the first statement and a progress row; the others roll back whole.
      const kept = dialect === 'mysql' ? ['a', 'id', 'qty'] : ['id', 'qty'];
      assert.deepEqual(await columns(), kept);
      const statementProgress = async (): Promise<unknown[]> =>
        (await connection.query('SELECT "revision" FROM "dbgen_migration_progress"')).map(
          (r) => r['revision'],
        );
      if (dialect === 'mysql') {
        assert.deepEqual(await statementProgress(), ['s3']);
        await assert.rejects(
          downgrade({ connection, migrations: migrations(false) }, { steps: 1 }),
          /revision s3 stopped halfway through its upgrade/,
        );
      }
      // The user adds what is missing and declares s3 applied.
      if (dialect !== 'mysql') await connection.query('ALTER TABLE "items" ADD COLUMN "a" text');
      await connection.query('ALTER TABLE "items" ADD COLUMN "b" text');
      const log: string[] = [];
      await stamp({ connection, migrations: migrations(false), log: (l) => log.push(l) }, 's3');
      if (dialect === 'mysql') {
        assert.deepEqual(await statementProgress(), []);
        assert.deepEqual(log, [
          'forgot the stopped upgrade of s3.js (s3): the stamp records it applied',
        ]);
      } else assert.deepEqual(log, []);
      // The next migration runs, and s3 reverts as written.
      await upgrade({ connection, migrations: [...migrations(false), later] });
      assert.deepEqual(await columns(), ['a', 'b', 'c', 'id', 'qty']);
      await downgrade({ connection, migrations: [...migrations(false), later] }, { steps: 2 });
      assert.deepEqual(await columns(), ['id', 'qty']);
    });

    test('reset drops a stopped run with the rest, and applies every migration', async () => {
      const { connection } = fresh;
      const stopping = (fixed: boolean): MigrationFile => scale(fixed, 's6', 's2');
      await connection.query('UPDATE "items" SET "qty" = "id"');
      await assert.rejects(
        upgrade({ connection, migrations: [base, scale(true), stopping(false)] }),
        /row 2 is not ready/,
      );
      assert.deepEqual(await progress(), ['s6 up']);
      const reset = await resetDatabase({
        connection,
        migrations: [base, scale(true), stopping(true)],
      });
      assert.deepEqual(
        reset.migrations.map((m) => m.revision),
        ['s1', 's2', 's6'],
      );
      assert.deepEqual(await qty(), []);
      assert.deepEqual(await progress(), []);
    });
  });
}
