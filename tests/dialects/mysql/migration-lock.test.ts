/**
 * The MySQL/MariaDB migration lock is one per database: GET_LOCK names are server-wide,
 * so a run on one database must not wait for a run on another database of the server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import {
  lockMigrations,
  migrationLockName,
} from '../../../packages/runtime/src/dialects/mysql/progress.js';
import type { SqlSession } from '../../../packages/runtime/src/core/dialect-contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';

const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');

/** A session on its own connection to `url` (dbgen's `?flavour=` left out). */
async function sessionOn(url: string): Promise<{ session: SqlSession; end: () => Promise<void> }> {
  const plain = new URL(url);
  plain.search = '';
  const connection = await mysql.createConnection(plain.toString());
  await connection.query(`SET sql_mode = 'ANSI_QUOTES'`);
  return {
    session: {
      query: async (text, params) =>
        (await connection.query(text, params as unknown[]))[0] as Record<string, unknown>[],
    },
    end: () => connection.end(),
  };
}

describe('mysql migration lock', { skip: only !== undefined && !only.includes('mysql') }, () => {
  const databases: TestDatabase[] = [];
  before(async () => {
    databases.push(await createTestDatabase('mysql'), await createTestDatabase('mysql'));
  });
  after(async () => {
    await Promise.allSettled(databases.map((d) => d.drop()));
  });

  test(
    'runs on two databases of one server do not wait for each other',
    { timeout: 20_000 },
    async () => {
      const [a, b] = [await sessionOn(databases[0]!.url), await sessionOn(databases[1]!.url)];
      try {
        const releaseA = await lockMigrations(a.session);
        // Before the fix both took 'dbgen_migrations': B waited for A (600 s).
        const started = Date.now();
        const releaseB = await Promise.race([
          lockMigrations(b.session),
          new Promise<never>((_, reject) =>
            setTimeout(
              () => reject(new Error('the lock of another database waited')),
              3000,
            ).unref(),
          ),
        ]);
        assert.ok(Date.now() - started < 3000);
        await releaseB();
        await releaseA();
      } finally {
        await a.end();
        await b.end();
      }
    },
  );

  test('a second run on the same database finds the lock taken', { timeout: 20_000 }, async () => {
    const [a, b] = [await sessionOn(databases[0]!.url), await sessionOn(databases[0]!.url)];
    try {
      const release = await lockMigrations(a.session);
      const [name] = (await b.session.query('SELECT DATABASE() AS "db"')).map((r) =>
        String(r['db']),
      );
      const used = await b.session.query('SELECT IS_USED_LOCK(?) AS "holder"', [
        migrationLockName(name!),
      ]);
      assert.notEqual(used[0]?.['holder'], null);
      await release();
      const free = await b.session.query('SELECT IS_FREE_LOCK(?) AS "free"', [
        migrationLockName(name!),
      ]);
      assert.equal(Number(free[0]?.['free']), 1);
    } finally {
      await a.end();
      await b.end();
    }
  });
});

test('a lock name stays within 64 characters and apart per database', () => {
  const long = 'd'.repeat(64);
  const other = `${'d'.repeat(63)}e`;
  assert.equal(migrationLockName('shop'), 'dbgen_migrations:shop');
  assert.ok(migrationLockName(long).length <= 64);
  assert.ok(migrationLockName(other).length <= 64);
  assert.notEqual(migrationLockName(long), migrationLockName(other));
});
