/**
 * The migration graph without a database: the order branches run in, heads, merges, and
 * the clear errors for a graph that cannot be (a missing parent, a cycle, a bad `parent`,
 * branches that collide, a history that skips a parent).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import {
  headsOf,
  loadMigrations,
  mergeHeads,
  MigrationFileError,
  MigrationHistoryError,
  MigrationStateError,
  migrationSource,
  MultipleHeadsError,
  newMigration,
  op,
  type Operation,
} from '@dbgen/runtime';
import { appliedRevisions } from '../../packages/runtime/src/migrate/graph.js';
import { id, schema, table } from '../support/ir.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dbgen-graph-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(
  file: string,
  revision: string,
  parent: string | string[] | null,
  up: Operation[] = [],
  down: Operation[] = [],
): void {
  writeFileSync(join(dir, file), migrationSource({ revision, parent, name: file, up, down }));
}

const addColumn = (name: string): Operation =>
  op.addColumn('users', { name, type: 'text' }) as Operation;

test('branches run each after its parents; between branches, by file name', async () => {
  write('0001_base.js', 'aaa', null, [op.createTable('users', { columns: [] }) as Operation]);
  // File numbers do not decide the order: parents do (0005 follows 0001 and comes first).
  write('0005_b.js', 'bbb', 'aaa', [addColumn('b')]);
  write('0002_c.js', 'ccc', 'aaa', [addColumn('c')]);
  write('0003_d.js', 'ddd', 'ccc', [addColumn('d')]);
  const migrations = await loadMigrations(dir);
  assert.deepEqual(
    migrations.map((m) => m.revision),
    ['aaa', 'ccc', 'ddd', 'bbb'],
  );
  assert.deepEqual(
    headsOf(migrations).map((m) => m.revision),
    ['ddd', 'bbb'],
  );
  await assert.rejects(
    newMigration(dir, 'next', schema([table('users', [id()])])),
    (error: unknown) =>
      error instanceof MultipleHeadsError &&
      /2 heads \(0003_d\.js \(ddd\), 0005_b\.js \(bbb\)\).*`dbgen migrate merge`/.test(
        error.message,
      ),
  );
  const merged = await mergeHeads(dir);
  assert.ok(merged.written);
  const after = await loadMigrations(dir);
  assert.deepEqual(after.at(-1)?.parents, ['ddd', 'bbb']);
  assert.deepEqual(after.at(-1)?.name, 'merge ddd and bbb');
  assert.deepEqual(
    headsOf(after).map((m) => m.revision),
    [after.at(-1)?.revision],
  );
  assert.equal((await mergeHeads(dir)).written, false);
});

test('branches that cannot both apply are refused by merge, naming the collision', async () => {
  write('0001_base.js', 'aaa', null, [op.createTable('users', { columns: [] }) as Operation]);
  write('0002_a.js', 'bbb', 'aaa', [addColumn('bio')]);
  write('0002_b.js', 'ccc', 'aaa', [addColumn('bio')]);
  await assert.rejects(
    mergeHeads(dir),
    (error: unknown) =>
      error instanceof MigrationStateError &&
      /the branches ending at 0002_a\.js and 0002_b\.js cannot both be applied: .*bio/.test(
        error.message,
      ),
  );
});

test('a missing parent, a cycle and a bad `parent` are clear errors', async () => {
  write('0001_a.js', 'aaa', 'zzz');
  await assert.rejects(loadMigrations(dir), /0001_a\.js: its parent zzz is not a migration in/);
  write('0001_a.js', 'aaa', 'bbb');
  write('0002_b.js', 'bbb', 'aaa');
  await assert.rejects(
    loadMigrations(dir),
    (error: unknown) =>
      error instanceof MigrationFileError &&
      /the parents of 0001_a\.js, 0002_b\.js form a cycle/.test(error.message),
  );
  rmSync(join(dir, '0002_b.js'));
  write('0001_a.js', 'aaa', ['bbb']);
  await assert.rejects(
    loadMigrations(dir),
    /`parent` must be a revision string, null for the first migration, or a list of two or more different revisions/,
  );
});

test('a history that records a migration but not its parent is refused, naming stamp', async () => {
  write('0001_base.js', 'aaa', null);
  write('0002_a.js', 'bbb', 'aaa');
  const migrations = await loadMigrations(dir);
  const row = (m: (typeof migrations)[number]) => ({
    revision: m.revision,
    name: m.name,
    checksum: m.checksum,
    appliedAt: '2026-01-01',
  });
  assert.deepEqual([...appliedRevisions(migrations.map(row), migrations)], ['aaa', 'bbb']);
  assert.throws(
    () => appliedRevisions([row(migrations[1]!)], migrations),
    (error: unknown) =>
      error instanceof MigrationHistoryError &&
      /0002_a\.js \(revision bbb\) is recorded as applied but its parent aaa is not.*dbgen migrate stamp/.test(
        error.message,
      ),
  );
});
