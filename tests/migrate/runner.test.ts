/**
 * The runner's safety rails on both dialects: a failing migration rolls back and names
 * the statement, changed and missing applied files are refused until stamped, drops of
 * data need --force, and two concurrent `migrate up` processes apply everything once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { handWritten, initialUsers, revisionOf } from './support/hand-written.js';
import { liveSchema, migrate, query, writeSchema } from './support/run.js';

const BIN = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url));

/**
 * MySQL's DDL commits statement by statement: statement 1 (ADD COLUMN) stays applied, the
 * error says so, and once the cause is fixed `up` resumes at statement 2 (running ADD
 * COLUMN again would fail on the existing column).
 */
async function resumesAfterHalfway(db: TestDatabase, stderr: string, first: string): Promise<void> {
  assert.match(stderr, /Statements 1 to 1 were applied and stay applied/);
  assert.match(stderr, /it resumes at statement 2/);
  assert.equal((await migrate(db.dir, db.url, ['current'])).stdout, `${revisionOf(first)} initial`);
  const dir = join(db.dir, 'migrations');
  const broken = join(dir, readdirSync(dir).find((f) => f.includes('broken')) ?? '');
  writeFileSync(
    broken,
    readFileSync(broken, 'utf8').replace('INSERT INTO no_such_table VALUES (1)', 'SELECT 1'),
  );
  await migrate(db.dir, db.url, ['up']);
  const rows = await query(db.url, 'SELECT "age" FROM "users"');
  assert.equal(rows.length, 1);
  assert.deepEqual(await query(db.url, 'SELECT * FROM "dbgen_migration_progress"'), []);
  rmSync(dir, { recursive: true });
  await query(db.url, 'DROP TABLE users');
  await query(db.url, 'DROP TABLE dbgen_migrations');
}

for (const dialect of DIALECTS) {
  describe(`runner on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('a failing migration rolls back, names the statement, and stays at the previous revision', async () => {
      const first = await initialUsers(db);
      const before = await liveSchema(db.url);
      await handWritten(
        db,
        'broken',
        `op.addColumn('users', { name: 'age', type: 'integer' }), op.sql('INSERT INTO no_such_table VALUES (1)')`,
        `op.dropColumn('users', 'age')`,
      );
      const run = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(
        run.stderr,
        /0002_broken\.js \(\w+\) failed at statement 2 of 2:\n {2}INSERT INTO no_such_table VALUES \(1\)\n/,
      );
      if (dialect === 'mysql') {
        await resumesAfterHalfway(db, run.stderr, first);
        return;
      }
      assert.match(
        run.stderr,
        new RegExp(`the database is still at revision ${revisionOf(first)} \\(initial\\)`),
      );
      assert.deepEqual(await liveSchema(db.url), before);
      const current = await migrate(db.dir, db.url, ['current']);
      assert.equal(current.stdout, `${revisionOf(first)} initial`);
      rmSync(join(db.dir, 'migrations'), { recursive: true });
      await query(db.url, 'DROP TABLE users');
      await query(db.url, 'DROP TABLE dbgen_migrations');
    });

    test('a changed applied migration is refused until stamped', async () => {
      const first = await initialUsers(db);
      // An edit of what the migration does (a comment or reformatting would not count).
      const text = readFileSync(first, 'utf8');
      writeFileSync(
        first,
        text.replace(/down = \(op\) => \[/, "down = (op) => [op.sql('SELECT 1'), "),
      );
      const run = await migrate(db.dir, db.url, ['status'], 1);
      assert.match(
        run.stderr,
        new RegExp(
          `error: 0001_initial\\.js \\(revision ${revisionOf(first)}\\) changed after it was applied \\(checksum \\w{12} recorded, \\w{12} now\\)\\. Undo the edit, or accept the file as it is now: \`dbgen migrate stamp ${revisionOf(first)}\``,
        ),
      );
      await migrate(db.dir, db.url, ['up'], 1);
      await migrate(db.dir, db.url, ['stamp', revisionOf(first)]);
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout, /applied: 1, pending: 0\ndrift: none/);
    });

    test('a missing applied migration is refused until stamped', async () => {
      const second = await handWritten(
        db,
        'second',
        `op.addColumn('users', { name: 'age', type: 'integer' })`,
        `op.dropColumn('users', 'age')`,
      );
      await migrate(db.dir, db.url, ['up']);
      const revision = revisionOf(second);
      rmSync(second);
      const first = readdirSync(join(db.dir, 'migrations')).find((f) => f.endsWith('.js')) ?? '';
      const firstRevision = revisionOf(join(db.dir, 'migrations', first));
      const run = await migrate(db.dir, db.url, ['up'], 1);
      assert.equal(
        run.stderr,
        `error: revision ${revision} ("second") is applied to the database but no migration file has it. ` +
          `Restore the file, or accept the database as it is: \`dbgen migrate stamp ${firstRevision}\` rewrites the history to end at the last applied revision that has a file (runs no migration).`,
      );
      await migrate(db.dir, db.url, ['stamp', firstRevision]);
      assert.equal((await migrate(db.dir, db.url, ['current'])).stdout, `${firstRevision} initial`);
      await query(db.url, 'ALTER TABLE users DROP COLUMN age');
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
    });

    test('dropping a column that holds data needs --force', async () => {
      await handWritten(
        db,
        'drop name',
        `op.dropColumn('users', 'name')`,
        `op.addColumn('users', { name: 'name', type: 'text' })`,
      );
      const refused = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(
        refused.stderr,
        /drops column public\.users\.name, which holds data; nothing was changed\. Re-run with --force to drop it/,
      );
      assert.equal((await query(db.url, 'SELECT name FROM users'))[0]?.['name'], 'ann');
      await migrate(db.dir, db.url, ['up', '--force']);
      assert.deepEqual(
        (await liveSchema(db.url)).tables
          .find((t) => t.name === 'users')
          ?.columns.map((c) => c.name),
        ['id'],
      );
    });

    test('two concurrent `migrate up` processes apply each migration once', async () => {
      for (let i = 0; i < 4; i += 1) {
        await handWritten(
          db,
          `table ${i}`,
          `op.createTable('t${i}', { columns: [{ name: 'id', type: 'integer' }] })`,
          `op.dropTable('t${i}')`,
        );
      }
      const runOne = (): Promise<{ code: number | null; out: string }> =>
        new Promise((ok) => {
          const child = spawn(
            process.execPath,
            [
              '--conditions=dbgen-source',
              '--import',
              import.meta.resolve('tsx'),
              BIN,
              'migrate',
              'up',
              '--url',
              db.url,
            ],
            {
              cwd: db.dir,
              env: { ...process.env, DATABASE_URL: '' },
            },
          );
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.on('close', (code) => ok({ code, out }));
        });
      const [a, b] = await Promise.all([runOne(), runOne()]);
      assert.equal(a.code, 0, a.out);
      assert.equal(b.code, 0, b.out);
      const applied = (a.out + b.out).split('\n').filter((l) => l.startsWith('applied '));
      assert.equal(applied.length, 4, a.out + b.out);
      assert.equal(new Set(applied).size, 4);
      const rows = await query(db.url, 'SELECT count(*) AS n FROM dbgen_migrations');
      assert.equal(Number(rows[0]?.['n']), 6);
    });

    test('status reports drift: a change made by hand', async () => {
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none$/);
      await query(db.url, 'ALTER TABLE t0 ADD COLUMN extra integer');
      const run = await migrate(db.dir, db.url, ['status'], 1);
      assert.match(
        run.stdout,
        /\ndrift: the database differs from the applied migrations in 1 place\(s\):\n {2}column public\.t0\.extra: in the database, not in the migrations$/,
      );
    });
  });
}
