/**
 * Readiness against a migration in progress, on real PostgreSQL: `dbgen migrate ready`
 * exits 1 while a migration is pending, waits with --wait for a run that is in progress,
 * and exits 0 once the database is at the newest migration; `awaitMigrations` (an app's
 * start-up) refuses or waits the same way.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awaitMigrations, MigrationsPendingError } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../migrate/support/databases.js';
import { migrate } from '../migrate/support/run.js';

describe('readiness while migrations run (PostgreSQL)', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('postgres');
    const made = await migrate(db.dir, db.url, ['new', 'slow', '--empty']);
    const path = /^wrote (\S+)/.exec(made.stdout)?.[1] ?? '';
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'export const up = (op) => [];',
        "export const up = (op) => [op.createTable('t', { columns: [{ name: 'id', type: 'integer' }] }), op.sql({ postgres: 'SELECT pg_sleep(1.5)' })];",
      ),
    );
  });
  after(async () => {
    await db?.drop();
  });

  test('not ready while pending; --wait waits for the run in progress; ready after', async () => {
    const before = await migrate(db.dir, db.url, ['ready'], 1);
    assert.match(before.stderr, /not ready: .*1 pending \(0001_slow/);
    const running = migrate(db.dir, db.url, ['up']);
    // Refused at once while the migration runs (its transaction has not committed) ...
    await assert.rejects(
      awaitMigrations(db.url, { migrationsDir: join(db.dir, 'migrations') }),
      MigrationsPendingError,
    );
    // ... or waited for.
    const waited = await migrate(db.dir, db.url, ['ready', '--wait', '20000']);
    assert.match(waited.stdout, /ready: at 0001_slow/);
    await running;
    const status = await awaitMigrations(db.url, { migrationsDir: join(db.dir, 'migrations') });
    assert.equal(status.pending.length, 0);
  });
});
