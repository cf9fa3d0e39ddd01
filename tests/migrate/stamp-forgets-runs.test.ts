/**
 * `stamp` forgets a run that stopped halfway. A migration stopped in a data step (every
 * dialect) or between statements (MySQL/MariaDB, whose DDL is not transactional) keeps a
 * progress row that refuses every other migration step until it is finished. A user who
 * finished (or undid) the stopped part by hand and stamped the database was still refused
 * by that row, and a later run of the migration would have resumed by its stale count.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DataMigrationError,
  downgrade,
  migrationChecksum,
  op,
  stamp,
  upgrade,
  type MigrationFile,
  type Operation,
} from '@dbgen/runtime';
import { DIALECTS } from './support/databases.js';
import { migrationDatabase } from '../support/migration-database.js';

const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

function migration(
  revision: string,
  parent: string | null,
  up: Operation[],
  down: Operation[],
): MigrationFile {
  return {
    revision,
    parent,
    parents: parent === null ? [] : [parent],
    name: revision,
    path: `${revision}.js`,
    checksum: migrationChecksum({ revision, parent, up, down }),
    up,
    down,
  };
}

const base = migration(
  's1',
  null,
  [
    op.createTable('items', {
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'qty', type: 'integer', nullable: false },
      ],
      primaryKey: { columns: ['id'] },
    }),
  ],
  [op.dropTable('items')],
);

/** Multiplies every qty by ten, one row a batch; fails at row 2 unless `fixed`. */
const scale = (fixed: boolean): MigrationFile =>
  migration(
    's2',
    's1',
    [
      op.batch({
        name: 'scale qty',
        table: 'items',
        batchSize: 1,
        update: (rows) => {
          if (!fixed && rows[0]?.['id'] === 2) throw new Error('row 2 is not ready');
          return rows.map((r) => ({ id: r['id'], qty: Number(r['qty']) * 10 }));
        },
      }),
    ],
    [],
  );

const FAILING = op.sql('INSERT INTO "no_such_table" VALUES (1)');

/** Adds `a`, fails, adds `b` (down drops both). */
const twoColumns = (fixed: boolean): MigrationFile =>
  migration(
    's3',
    's2',
    [
      op.addColumn('items', { name: 'a', type: 'text' }),
      fixed ? op.sql('SELECT 1') : FAILING,
      op.addColumn('items', { name: 'b', type: 'text' }),
    ],
    [op.dropColumn('items', 'b'), op.dropColumn('items', 'a')],
  );

const later = migration(
  's4',
  's3',
  [op.addColumn('items', { name: 'c', type: 'text' })],
  [op.dropColumn('items', 'c')],
);

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`stamp forgets a stopped run on ${dialect}`, () => {
    const fresh = migrationDatabase(dialect);

    test('a data step finished by hand: stamped, the next migration runs', async () => {
      const { connection } = fresh;
      await upgrade({ connection, migrations: [base] });
      await connection.query('INSERT INTO "items" ("id", "qty") VALUES (1, 1), (2, 2), (3, 3)');
      await assert.rejects(upgrade({ connection, migrations: [base, scale(false)] }), (error) => {
        assert.ok(error instanceof DataMigrationError);
        assert.match(error.message, /row 2 is not ready/);
        return true;
      });
      const progress = await connection.query('SELECT "revision" FROM "dbgen_data_progress"');
      assert.deepEqual(
        progress.map((r) => r['revision']),
        ['s2'],
      );
      // Before the stamp, the stopped run refuses any other step.
      await assert.rejects(
        downgrade({ connection, migrations: [base, scale(false)] }, { steps: 1 }),
        /revision s2 stopped in a data step of its upgrade/,
      );
      // The user finishes the rows left and declares s2 applied.
      await connection.query('UPDATE "items" SET "qty" = "qty" * 10 WHERE "id" > 1');
      const stamped = await stamp({ connection, migrations: [base, scale(false)] }, 's2');
      assert.deepEqual([...stamped].sort(), ['s1', 's2']);
      assert.deepEqual(await connection.query('SELECT * FROM "dbgen_data_progress"'), []);
      const rows = await connection.query('SELECT "qty" FROM "items" ORDER BY "id"');
      assert.deepEqual(
        rows.map((r) => Number(r['qty'])),
        [10, 20, 30],
      );
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
      if (dialect === 'mysql') {
        assert.deepEqual(
          (await connection.query('SELECT "revision" FROM "dbgen_migration_progress"')).map(
            (r) => r['revision'],
          ),
          ['s3'],
        );
        await assert.rejects(
          downgrade({ connection, migrations: migrations(false) }, { steps: 1 }),
          /revision s3 stopped halfway through its upgrade/,
        );
      }
      // The user adds what is missing and declares s3 applied.
      if (dialect !== 'mysql') await connection.query('ALTER TABLE "items" ADD COLUMN "a" text');
      await connection.query('ALTER TABLE "items" ADD COLUMN "b" text');
      await stamp({ connection, migrations: migrations(false) }, 's3');
      if (dialect === 'mysql')
        assert.deepEqual(await connection.query('SELECT * FROM "dbgen_migration_progress"'), []);
      // The next migration runs, and s3 reverts as written.
      await upgrade({ connection, migrations: [...migrations(false), later] });
      assert.deepEqual(await columns(), ['a', 'b', 'c', 'id', 'qty']);
      await downgrade({ connection, migrations: [...migrations(false), later] }, { steps: 2 });
      assert.deepEqual(await columns(), ['id', 'qty']);
    });
  });
}
