/**
 * Hand-written migrations for runner tests: a first migration (table users, one row) and
 * empty migrations whose up and down are filled with operation source.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { migrationChecksum, type MigrationFile, type Operation } from '@dbgen/runtime';
import type { TestDatabase, TestDialect } from './databases.js';
import { id, schema, table } from '../../support/ir.js';
import { col } from './ir.js';
import { liveSchema, migrate, query, writeSchema } from './run.js';

/** Writes an empty migration named `name` and fills its up/down with `up` and `down` source. */
export async function handWritten(
  db: TestDatabase,
  name: string,
  up: string,
  down: string,
): Promise<string> {
  const run = await migrate(db.dir, db.url, ['new', name, '--empty']);
  const path = /^wrote (\S+)/.exec(run.stdout)?.[1] ?? '';
  const text = readFileSync(path, 'utf8')
    .replace('export const up = (op) => [];', `export const up = (op) => [${up}];`)
    .replace('export const down = (op) => [];', `export const down = (op) => [${down}];`);
  writeFileSync(path, text);
  return path;
}

/** The revision a migration file declares. */
export function revisionOf(path: string): string {
  return /export const revision = ['"](\w+)['"]/.exec(readFileSync(path, 'utf8'))?.[1] ?? '';
}

/** Migration 1 (table users: id, name) applied, and one row (`ann`); returns its path. */
export async function initialUsers(db: TestDatabase): Promise<string> {
  writeSchema(db.dir, schema([table('users', [id(), col('name', 'text', { nullable: false })])]));
  const run = await migrate(db.dir, db.url, ['new', 'initial', '--schema', 'schema.json']);
  await migrate(db.dir, db.url, ['up']);
  await query(db.url, `INSERT INTO users (name) VALUES ('ann')`);
  return /^wrote (\S+)/.exec(run.stdout)?.[1] ?? '';
}

/** The columns of users in the live database, by name. */
export async function usersColumns(db: TestDatabase): Promise<string[]> {
  const users = (await liveSchema(db.url)).tables.find((t) => t.name === 'users');
  return users?.columns.map((c) => c.name) ?? [];
}

/**
 * The database is still at the first migration (`revision`, from {@link initialUsers}):
 * users has its two columns, `migrate current` names the revision, and on MySQL no
 * migration is half applied. What a refused migration must leave.
 */
export async function assertStillAtFirst(
  db: TestDatabase,
  dialect: TestDialect,
  revision: string,
): Promise<void> {
  assert.deepEqual(await usersColumns(db), ['id', 'name']);
  assert.equal((await migrate(db.dir, db.url, ['current'])).stdout, `${revision} initial`);
  if (dialect === 'mysql')
    assert.deepEqual(await query(db.url, 'SELECT * FROM "dbgen_migration_progress"'), []);
}

/** A migration held in memory (no file), for the runner's API: `upgrade({ migrations })`. */
export function migration(
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
