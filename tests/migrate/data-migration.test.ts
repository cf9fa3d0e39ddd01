/**
 * Data migrations (`op.batch`): the `name` column of 100,000 people split into
 * `first_name`/`last_name` and joined back, on every dialect, each direction interrupted
 * halfway and resumed — up by a failure injected at one batch (in process), down by a
 * child `dbgen migrate down` process killed with SIGKILL inside a batch. Counts and
 * checksums show that no row is lost or bent, and the traces of the batches show that a
 * resumed run starts at the first uncommitted batch (nothing committed is redone).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DataMigrationError,
  loadMigrations,
  upgrade,
  type DataProgressReport,
  type MigrationConnection,
} from '@dbgen/runtime';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate } from './support/run.js';
import { migrationDatabase } from '../support/migration-database.js';

const BIN = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url));
const FIXTURE = new URL('./data/split-name.migration.js', import.meta.url);
const ROWS = 100_000;
const BATCH = 1000;
const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

/** The name of person `id`: one word, three words, accents, or two words. */
function nameOf(id: number): string {
  if (id % 7 === 0) return `Solo${id}`;
  if (id % 11 === 0) return `Mary${id} Ann  Smith${id}`;
  if (id % 13 === 0) return `Zoë${id} Ñúñez-O'Brien`;
  return `First${id} Last${id}`;
}

function splitOf(name: string): [string, string | null] {
  const space = name.indexOf(' ');
  return space < 0 ? [name, null] : [name.slice(0, space), name.slice(space + 1)];
}

function checksum(lines: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
}

function* expectedNames(): Iterable<string> {
  for (let id = 1; id <= ROWS; id += 1) yield `${id}|${nameOf(id)}`;
}

function* expectedSplits(): Iterable<string> {
  for (let id = 1; id <= ROWS; id += 1) {
    const [first, last] = splitOf(nameOf(id));
    yield `${id}|${first}|${last ?? '<null>'}`;
  }
}

async function tableChecksum(
  connection: MigrationConnection,
  columns: string[],
): Promise<{ count: number; sum: string }> {
  const rows = await connection.query(
    `SELECT ${['id', ...columns].map((c) => `"${c}"`).join(', ')} FROM "people" ORDER BY "id"`,
  );
  const lines = rows.map((row) =>
    ['id', ...columns].map((c) => (row[c] === null ? '<null>' : String(row[c]))).join('|'),
  );
  return { count: rows.length, sum: checksum(lines) };
}

async function scalar(connection: MigrationConnection, sql: string): Promise<number> {
  const rows = await connection.query(sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

/** Runs the CLI in a child process; resolves with its exit signal and output. */
function child(
  db: TestDatabase,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const run = spawn(
      process.execPath,
      ['--conditions=dbgen-source', '--import', import.meta.resolve('tsx'), BIN, ...args],
      { cwd: db.dir, env: { ...process.env, DATABASE_URL: '', ...env } },
    );
    let out = '';
    run.stdout.on('data', (d: Buffer) => (out += d.toString()));
    run.stderr.on('data', (d: Buffer) => (out += d.toString()));
    run.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

const hook = globalThis as {
  __dataMigrationHook?: (direction: string, rows: { id: number }[]) => void;
};

for (const dialect of DIALECTS.filter((d) => !only || only.includes(d))) {
  describe(`data migration on ${dialect}: split a name column over ${ROWS} rows`, () => {
    const fresh = migrationDatabase(dialect);
    let first = '';
    let second = '';

    test('migrate new --empty writes a skeleton; the people table is seeded', async () => {
      const { db, connection } = fresh;
      const created = await migrate(db.dir, db.url, ['new', 'people', '--empty']);
      first = /^wrote (\S+)/.exec(created.stdout)?.[1] ?? '';
      const skeleton = readFileSync(first, 'utf8');
      assert.match(skeleton, /export const up = \(op\) => \[\];/);
      assert.match(skeleton, /op\.batch\(/, 'the skeleton shows how to write a data step');
      writeFileSync(
        first,
        skeleton
          .replace(
            'export const up = (op) => [];',
            `export const up = (op) => [op.createTable('people', { columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'name', type: 'text', nullable: false },
          ] })];`,
          )
          .replace(
            'export const down = (op) => [];',
            `export const down = (op) => [op.dropTable('people')];`,
          ),
      );
      const split = await migrate(db.dir, db.url, ['new', 'split_name', '--empty']);
      second = /^wrote (\S+)/.exec(split.stdout)?.[1] ?? '';
      const revision = /export const revision = ['"](\w+)['"]/.exec(
        readFileSync(second, 'utf8'),
      )?.[1];
      const parent = /export const revision = ['"](\w+)['"]/.exec(readFileSync(first, 'utf8'))?.[1];
      assert.ok(revision && parent);
      writeFileSync(
        second,
        readFileSync(FIXTURE, 'utf8')
          .replace('__REVISION__', revision)
          .replace('__PARENT__', parent),
      );
      await migrate(db.dir, db.url, ['up', parent]);
      for (let start = 1; start <= ROWS; start += 2000) {
        const values = [];
        for (let id = start; id < start + 2000 && id <= ROWS; id += 1)
          values.push(`(${id}, '${nameOf(id).replace(/'/g, "''")}')`);
        await connection.query(`INSERT INTO "people" ("id", "name") VALUES ${values.join(', ')}`);
      }
      assert.deepEqual(await tableChecksum(connection, ['name']), {
        count: ROWS,
        sum: checksum(expectedNames()),
      });
    });

    test('up: a failure injected at batch 40 keeps 39 batches; the next run resumes at batch 40', async () => {
      const { db, connection } = fresh;
      const migrations = await loadMigrations(`${db.dir}/migrations`);
      const seen = new Map<number, number>();
      let failAt: number | null = 39 * BATCH + 1;
      hook.__dataMigrationHook = (direction, rows) => {
        assert.equal(direction, 'up');
        for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
        if (rows[0]?.id === failAt) throw new Error('injected failure at batch 40');
      };
      const reports: DataProgressReport[] = [];
      const options = {
        connection,
        migrations,
        force: true, // the migration drops the name column it has copied
        onDataProgress: (r: DataProgressReport) => reports.push(r),
      };
      try {
        await assert.rejects(upgrade(options), (error: unknown) => {
          assert.ok(error instanceof DataMigrationError, String(error));
          assert.match(
            error.message,
            /split people\.name.*after 39000 rows: injected failure at batch 40/,
          );
          assert.match(error.message, /run the same command again/);
          return true;
        });
        // The DDL before the step and 39 batches are committed; nothing after them is.
        assert.equal(
          await scalar(connection, 'SELECT count(*) FROM "people" WHERE "first_name" IS NOT NULL'),
          39 * BATCH,
        );
        assert.equal(
          await scalar(
            connection,
            'SELECT count(*) FROM "people" WHERE "id" > 39000 AND "first_name" IS NOT NULL',
          ),
          0,
        );
        assert.equal(await scalar(connection, 'SELECT count(*) FROM "dbgen_migrations"'), 1);
        failAt = null;
        reports.length = 0;
        const applied = await upgrade(options);
        assert.equal(applied.length, 1);
      } finally {
        delete hook.__dataMigrationHook;
      }
      // Batch 40 was read twice (its first run failed before writing), every other row once.
      for (let id = 1; id <= ROWS; id += 1) {
        assert.equal(seen.get(id), id > 39000 && id <= 40000 ? 2 : 1, `row ${id}`);
      }
      assert.equal(reports[0]?.resumedAt, 39 * BATCH);
      assert.equal(reports[0]?.total, ROWS);
      assert.deepEqual(reports.at(-1), {
        migration: reports[0]?.migration,
        direction: 'up',
        step: 'split people.name',
        done: ROWS,
        total: ROWS,
        resumedAt: 39 * BATCH,
        finished: true,
      });
      assert.deepEqual(await tableChecksum(connection, ['first_name', 'last_name']), {
        count: ROWS,
        sum: checksum(expectedSplits()),
      });
      assert.equal(await scalar(connection, 'SELECT count(*) FROM "dbgen_data_progress"'), 0);
    });

    test('down: a child process killed inside batch 61 resumes at batch 61 and restores every name', async () => {
      const { db, connection } = fresh;
      const killAt = 60 * BATCH + 1;
      const killed = await child(db, ['migrate', 'down', '--force', '--url', db.url], {
        DATAMIG_TRACE: '1',
        DATAMIG_KILL_AT: String(killAt),
      });
      assert.equal(killed.signal, 'SIGKILL', killed.out);
      const before = [...killed.out.matchAll(/^batch down (\d+)$/gm)].map((m) => Number(m[1]));
      assert.equal(before.length, 61, killed.out);
      assert.equal(before.at(-1), killAt);
      assert.equal(
        await scalar(connection, 'SELECT count(*) FROM "people" WHERE "name" IS NOT NULL'),
        60 * BATCH,
      );
      const resumed = await child(db, ['migrate', 'down', '--force', '--url', db.url], {
        DATAMIG_TRACE: '1',
      });
      assert.equal(resumed.code, 0, resumed.out);
      const after = [...resumed.out.matchAll(/^batch down (\d+)$/gm)].map((m) => Number(m[1]));
      assert.equal(after[0], killAt, 'the resumed run starts at the batch that was killed');
      assert.equal(after.length, ROWS / BATCH - 60);
      assert.match(resumed.out, /join people names: resuming after 60,000 of 100,000 rows/);
      assert.match(resumed.out, /join people names: done, 100,000 rows/);
      assert.match(resumed.out, /reverted .*split_name/);
      assert.deepEqual(await tableChecksum(connection, ['name']), {
        count: ROWS,
        sum: checksum(expectedNames()),
      });
      const columns = await connection.query(
        dialect === 'sqlite'
          ? `SELECT name AS "c" FROM pragma_table_info('people') ORDER BY name`
          : `SELECT column_name AS "c" FROM information_schema.columns WHERE table_name = 'people' AND table_schema = ${dialect === 'mysql' ? 'DATABASE()' : 'current_schema()'} ORDER BY column_name`,
      );
      assert.deepEqual(
        columns.map((c) => c['c']),
        ['id', 'name'],
      );
    });
  });
}
